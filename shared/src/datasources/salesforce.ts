/**
 * Salesforce knowledge the wizard and the server share: the My Domain token URL and
 * plain-language hints for the errors Salesforce's token endpoint and its SOAP API login() are
 * known to return.
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

/**
 * The last API version whose SOAP API offers login(): from 65.0 on Salesforce answers
 * INVALID_OPERATION, and it retires login() in every version with the Summer '27 release.
 */
export const SOAP_LOGIN_LAST_API_VERSION = '64.0';

/**
 * A plain-language next step for a SOAP API login() fault, or undefined when we have nothing
 * better than Salesforce's words. `faultCode` is the fault's code with or without its prefix
 * ("sf:INVALID_LOGIN" or "INVALID_LOGIN"); `faultString` its faultstring.
 */
export function soapLoginFaultHint(faultCode: string | undefined, faultString: string | undefined): string | undefined {
  const code = (faultCode ?? '').trim().replace(/^.*:/, '').toUpperCase();
  const text = (faultString ?? '').toLowerCase();
  if (text.includes('login rate exceeded')) {
    return 'The user has logged in too often (Salesforce allows 3,600 logins per user per hour) and is blocked for up to an hour. Wait, and check that nothing else logs in as this user in a loop.';
  }
  switch (code) {
    case 'INVALID_LOGIN':
      return 'Check the user name and password. If the org requires it, add the user\'s security token (in Salesforce, personal Settings > Reset My Security Token emails a new one; changing the password also resets it). Salesforce gives this same answer when the user is locked out after too many failed logins, is frozen, or may not log in from Keyway\'s address (the profile\'s Login IP Ranges).';
    case 'LOGIN_MUST_USE_SECURITY_TOKEN':
      return 'Salesforce does not trust the address Keyway logs in from, so it needs the user\'s security token too: enter it as the Security Token (Keyway appends it to the password). To get one, log in to Salesforce as the user and open personal Settings > Reset My Security Token; it arrives by email. Or have an admin add Keyway\'s address to the org\'s trusted IP ranges (Setup > Network Access), and no token is needed.';
    case 'LOGIN_CHALLENGE_ISSUED':
    case 'LOGIN_CHALLENGE_PENDING':
      return 'Salesforce wants to verify this login (device activation) before it lets the user in from Keyway\'s address. Add the user\'s security token, or have an admin add Keyway\'s address to the org\'s trusted IP ranges (Setup > Network Access).';
    case 'API_CURRENTLY_DISABLED':
      return 'API access is off for this user. In Salesforce Setup, give the user\'s profile (or a permission set the user has) the "API Enabled" permission.';
    case 'API_DISABLED_FOR_ORG':
      return 'API access is not enabled for this org: its edition may not include the API (Enterprise, Unlimited, Developer and Performance Editions do). Where the edition has it, the user\'s profile also needs the "API Enabled" permission.';
    case 'PASSWORD_LOCKOUT':
      return 'The user is locked out after too many failed logins. An admin can unlock the user (Setup > Users > the user > Unlock), or wait until the lockout period ends; check the password and security token before trying again, or each try counts towards the next lockout.';
    case 'LOGIN_DURING_RESTRICTED_TIME':
      return 'The user\'s profile allows logins only during set hours (Login Hours), and now is outside them. Change the profile\'s Login Hours, or use an integration user whose profile has none.';
    case 'LOGIN_DURING_RESTRICTED_DOMAIN':
      return 'The user\'s profile allows logins only from certain addresses (Login IP Ranges), and Keyway\'s address is not among them. Add Keyway\'s address to the profile\'s Login IP Ranges.';
    case 'INVALID_SSO_GATEWAY_URL':
    case 'SSO_SERVICE_DOWN':
      return 'This user logs in through delegated authentication (single sign-on), so Salesforce does not accept a password from the API. Use an integration user that has a Salesforce password, or use OAuth (JWT bearer or client credentials).';
    case 'INSUFFICIENT_ACCESS':
      return 'The user may not use SOAP API login(): give the user the "Use Any API Auth" permission through a permission set. In orgs created from Winter \'26 on, an admin must also turn on "Enable SOAP API login()" (Setup > User Interface).';
    case 'INVALID_OPERATION':
      if (text.includes('not available in the api version')) {
        return `SOAP API login() is not available from API version 65.0 on. Set the API version to ${SOAP_LOGIN_LAST_API_VERSION} or earlier, and plan the move to OAuth (JWT bearer or client credentials): Salesforce retires login() in every version with the Summer '27 release.`;
      }
      return undefined;
    case 'UNSUPPORTED_API_VERSION':
      return `Salesforce does not serve this API version. Use a version from 31.0 to ${SOAP_LOGIN_LAST_API_VERSION}, the ones whose SOAP API still offers login().`;
    case 'INVALID_OPERATION_WITH_EXPIRED_PASSWORD':
      return 'The user\'s password has expired. Log in to Salesforce as the user and set a new one (a new security token is emailed with it), then enter both here.';
    case 'INVALID_SESSION_ID':
      return 'The session is no longer valid: it expired, an admin revoked it, or the user logged out. Keyway logs in again for the next call; if this keeps happening, check the session timeout in Setup > Session Settings.';
    case 'ORG_LOCKED':
    case 'ORG_SUSPENDED':
      return 'Salesforce has locked or suspended this org. Its admin must contact Salesforce.';
    default:
      return undefined;
  }
}
