import type { AuthInput, PresentedAuth } from './auth.schema';
import type { DataSource } from './datasource.schema';

/**
 * Where a connection's secrets go: the API's scheme and host and, for OAuth 2.0 and the Salesforce
 * login, the URL the credential is POSTed to. A saved data source's `auth` is read without its
 * secrets; values typed in the wizard may carry them.
 */
export interface SecretDestination {
  scheme: DataSource['scheme'];
  host: string;
  auth: PresentedAuth | AuthInput;
}

/** The first thing about a destination that changed since the secrets were stored for it. */
export type SecretDestinationChange = 'auth_type' | 'host' | 'scheme' | 'token_url' | 'audience' | 'username' | 'key_placement';

const kindOf = (auth: SecretDestination['auth']) => (auth.type === 'oauth2' ? `oauth2:${auth.grantType}` : auth.type);

/**
 * The one rule for reusing stored secrets, in the wizard and on the server: a stored secret is
 * only sent where it went before. Null when they may be used with `next` (the same authentication
 * type and grant, scheme, host in any case, token or login URL, and JWT audience as `saved`);
 * otherwise what changed, and the secrets must be typed again.
 *
 * With OAuth 2.0 the secret itself goes only to the token URL, but the tokens it gets go to the
 * API's host: a new host would receive the Run As user's token without anyone typing the secret,
 * so the host counts for every type. A JWT assertion signed with the stored key is a credential
 * in its own right for as long as it lives, addressed to its audience: both the URL it is sent to
 * and the audience it names stay as they were. A password stays with its user name. URLs are compared as written (after trimming, as
 * the schema trims them), so any change, even of letter case, asks for the secrets again.
 */
export function storedSecretChange(saved: SecretDestination, next: SecretDestination): SecretDestinationChange | null {
  if (kindOf(saved.auth) !== kindOf(next.auth)) return 'auth_type';
  if (next.host.trim().toLowerCase() !== saved.host.trim().toLowerCase()) return 'host';
  if (next.scheme !== saved.scheme) return 'scheme';
  const savedUrl = credentialUrl(saved.auth);
  if (savedUrl !== undefined && savedUrl !== credentialUrl(next.auth)) return 'token_url';
  if (saved.auth.type === 'oauth2' && saved.auth.grantType === 'jwt_bearer' && next.auth.type === 'oauth2' && next.auth.grantType === 'jwt_bearer') {
    if (saved.auth.audience.trim() !== next.auth.audience.trim()) return 'audience';
  }
  // An API key moved from a header into the query string lands in every access log on the way.
  if (saved.auth.type === 'api_key' && next.auth.type === 'api_key' && saved.auth.placement === 'header' && next.auth.placement === 'query') {
    return 'key_placement';
  }
  // A password belongs to its user: tried with another user name it is one more failed login
  // towards that user's lockout, and a way to probe which users share it.
  if ((saved.auth.type === 'basic' && next.auth.type === 'basic') || (saved.auth.type === 'salesforce_login' && next.auth.type === 'salesforce_login')) {
    if (saved.auth.username.trim().toLowerCase() !== next.auth.username.trim().toLowerCase()) return 'username';
  }
  return null;
}

function credentialUrl(auth: SecretDestination['auth']): string | undefined {
  if (auth.type === 'oauth2') return auth.tokenUrl.trim();
  if (auth.type === 'salesforce_login') return auth.loginUrl.trim();
  return undefined;
}
