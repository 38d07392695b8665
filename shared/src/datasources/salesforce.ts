/**
 * Salesforce knowledge the wizard and the server share: the My Domain token URL and
 * plain-language hints for the errors Salesforce's token endpoint is known to return.
 */

/** A My Domain name such as "acme-dev-ed", or a pasted host such as "acme-dev-ed.my.salesforce.com". */
export function salesforceTokenUrl(myDomain: string): string | null {
  const trimmed = myDomain
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
  const name = trimmed.replace(/\.my\.salesforce\.com$/, '');
  // My Domain names are letters, digits and hyphens; sandboxes add "--sandboxname".
  if (!/^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/.test(name)) return null;
  return `https://${name}.my.salesforce.com/services/oauth2/token`;
}

export const SALESFORCE_CREDENTIALS_HINT =
  'In Salesforce Setup, open App Manager, find your connected app, choose View, then "Manage Consumer Details" to see its Consumer Key (Client Id) and Consumer Secret (Client Secret).';

/** A plain-language next step for an OAuth error, or undefined when we have nothing better than the provider's words. */
export function oauthErrorHint(error: string | undefined, description: string | undefined): string | undefined {
  const text = (description ?? '').toLowerCase();
  if (text.includes('request not supported on this domain')) {
    return 'Use your My Domain token URL (https://<MyDomain>.my.salesforce.com/services/oauth2/token), not login.salesforce.com or test.salesforce.com.';
  }
  if (text.includes('no client credentials user enabled')) {
    return 'The connected app has no Run As user. In Salesforce Setup, open the connected app\'s policies (Manage > Edit Policies) and, under Client Credentials Flow, choose a Run As user.';
  }
  // The JWT bearer flow (RFC 7523), in the words Salesforce uses for it.
  if (text.includes("user hasn't approved this consumer") || text.includes('user is not admin approved')) {
    return 'The user has not been pre-authorized for the connected app. In Salesforce Setup, edit the connected app\'s policies, set Permitted Users to "Admin approved users are pre-authorized", and add a profile or permission set that the user has.';
  }
  if (text.includes('audience is invalid')) {
    return 'Set the audience to https://login.salesforce.com (production), https://test.salesforce.com (sandbox orgs) or the org\'s My Domain URL.';
  }
  if (text.includes('invalid assertion') || text.includes('invalid signature')) {
    return 'The certificate uploaded to the connected app ("Use digital signatures") does not match the private key. Upload the certificate made from this private key, or enter the private key that belongs to the uploaded certificate.';
  }
  if (text.includes('expired authorization code')) {
    return 'Salesforce found the assertion expired. Check that the Keyway server\'s clock is right.';
  }
  switch (error) {
    case 'invalid_client':
      return 'The Client Secret (Consumer Secret) does not match the Client Id. Copy both again from the connected app\'s "Manage Consumer Details" page; a new connected app can take up to 10 minutes to become active.';
    case 'invalid_client_id':
      return 'The Client Id (Consumer Key) is not known to this org. Check that it was copied whole and that the token URL is the org\'s own My Domain.';
    case 'unsupported_grant_type':
      return 'The Client Credentials Flow is not enabled for this connected app. In its OAuth settings, select "Enable Client Credentials Flow", save, and try again.';
    case 'invalid_grant':
      return 'The provider refused the grant. Check the connected app\'s policies, including its Run As user and IP relaxation.';
    case 'invalid_scope':
      return 'The provider does not allow the requested scope for this app. Remove or change the Scope.';
    case 'unauthorized_client':
      return 'This client is not allowed to use the client-credentials grant. Enable it for the app at the provider.';
    default:
      return undefined;
  }
}
