import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { OAuthError } from './oauth-error';
import type { AppState, OrgState } from './org-state';

/** RFC 7523 §2.1. */
export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Salesforce allows `exp` at most 3 minutes ahead; the sandbox adds 5 s for clock skew, no more, so a client that drifts past 3 minutes fails here first. */
export const MAX_ASSERTION_AHEAD_SECONDS = 180 + 5;

export const SALESFORCE_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];

const invalidAssertion = () => new OAuthError('invalid_grant', 'invalid assertion');

/**
 * Checks a JWT bearer assertion as Salesforce does, in its order: the consumer key (`iss`), the
 * RS256 signature against the connected app's uploaded certificate, `aud`, `exp`, then whether
 * `sub` is pre-authorized. Returns the app to issue a token for, or throws Salesforce's error.
 */
export async function verifyJwtBearerAssertion(org: OrgState, assertion: string | null, nowMs = Date.now()): Promise<AppState> {
  if (!assertion) throw invalidAssertion();
  let claims: JWTPayload;
  try {
    if (decodeProtectedHeader(assertion).alg !== 'RS256') throw invalidAssertion();
    claims = decodeJwt(assertion);
  } catch {
    throw invalidAssertion();
  }

  const app = typeof claims.iss === 'string' ? org.apps.get(claims.iss) : undefined;
  if (!app) throw new OAuthError('invalid_client_id', 'client identifier invalid');
  if (!app.jwtEnabled || !app.certificate) throw invalidAssertion();
  try {
    await compactVerify(assertion, app.certificate.publicKey, { algorithms: ['RS256'] });
  } catch {
    throw invalidAssertion();
  }

  const audiences = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  const allowed = new Set([...SALESFORCE_AUDIENCES, org.baseUrl].map(withoutTrailingSlash));
  if (!audiences.some((aud) => allowed.has(withoutTrailingSlash(aud)))) throw new OAuthError('invalid_grant', 'audience is invalid');

  const now = Math.floor(nowMs / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= now) throw new OAuthError('invalid_grant', 'expired authorization code');
  if (claims.exp > now + MAX_ASSERTION_AHEAD_SECONDS) throw invalidAssertion();

  const sub = typeof claims.sub === 'string' ? claims.sub.toLowerCase() : '';
  // Salesforce usernames are compared without regard to case.
  if (!sub || app.preAuthorizedUsername?.toLowerCase() !== sub) {
    throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
  }
  return app;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '').toLowerCase();
}
