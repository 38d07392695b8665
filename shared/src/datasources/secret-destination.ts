import type { AuthInput, DataSource } from './datasource.schema';

/**
 * Where a connection's secret goes: the API's scheme and host and, for OAuth 2.0, the token URL.
 * A saved data source's `auth` is read without its secret; values typed in the wizard may carry it.
 */
export interface SecretDestination {
  scheme: DataSource['scheme'];
  host: string;
  auth: DataSource['auth'] | AuthInput;
}

/** The first thing about a destination that changed since the secret was stored for it. */
export type SecretDestinationChange = 'auth_type' | 'host' | 'scheme' | 'token_url';

/**
 * The one rule for reusing a stored secret, in the wizard and on the server: a stored secret is
 * only sent where it went before. Null when it may be used with `next` (the same authentication
 * type, scheme, host in any case, and token URL as `saved`); otherwise what changed, and the
 * secret must be typed again.
 *
 * With OAuth 2.0 the secret itself goes only to the token URL, but the tokens it gets go to the
 * API's host: a new host would receive the Run As user's token without anyone typing the secret,
 * so the host counts for every type. The token URL is compared as written (after trimming, as the
 * schema trims it), so any change to it, even of letter case, asks for the secret again.
 */
export function storedSecretChange(saved: SecretDestination, next: SecretDestination): SecretDestinationChange | null {
  if (saved.auth.type !== next.auth.type) return 'auth_type';
  if (next.host.trim().toLowerCase() !== saved.host.trim().toLowerCase()) return 'host';
  if (next.scheme !== saved.scheme) return 'scheme';
  if (saved.auth.type === 'oauth2' && next.auth.type === 'oauth2' && next.auth.tokenUrl.trim() !== saved.auth.tokenUrl.trim()) {
    return 'token_url';
  }
  return null;
}
