import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { AppCredentials } from '../connected-apps';
import { JWT_BEARER_GRANT_TYPE, verifyJwtBearerAssertion } from '../jwt-bearer-grant';
import { OAuthError, sendOAuthError } from '../oauth-error';
import type { AppState, OrgState } from '../org-state';

/**
 * The OAuth 2.0 token endpoint as a Salesforce My Domain host answers it: client credentials and
 * the JWT bearer grant (RFC 7523). And login.salesforce.com's, which takes the JWT bearer grant
 * but refuses client credentials.
 */

// Comparing digests keeps the comparison constant-time even when lengths differ.
function secretsEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** application/x-www-form-urlencoded decoding of one value: '+' is a space. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

/**
 * RFC 6749 §2.3.1: the id and secret are each form-encoded before being joined with ':',
 * so split at the first ':' and form-decode each half. Returns null for a malformed header.
 */
function parseBasicAuth(header: string): AppCredentials | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return {
      consumerKey: formDecode(decoded.slice(0, colon)),
      consumerSecret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    return null; // malformed %-escape
  }
}

export function tokenRoutes(org: OrgState): Router {
  function issueToken(app: AppState) {
    const accessToken = `${org.orgId}!${randomBytes(72).toString('base64url')}`;
    org.activeTokens.set(accessToken, app.consumerKey);
    org.issued.push(accessToken);
    const id = `${org.baseUrl}/id/${org.orgId}/${app.userId}`;
    const issuedAt = String(Date.now());
    return {
      access_token: accessToken,
      // Salesforce signs id + issued_at so clients can check the response was not tampered with.
      signature: createHmac('sha256', app.consumerSecret).update(id + issuedAt).digest('base64'),
      scope: 'api',
      instance_url: org.baseUrl,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
  }

  function authenticateClient(req: Request, body: URLSearchParams): AppState {
    const header = req.get('authorization');
    const bodyId = body.get('client_id');
    const bodySecret = body.get('client_secret');
    let creds: AppCredentials;
    if (header !== undefined) {
      if (bodyId !== null || bodySecret !== null) {
        throw new OAuthError('invalid_request', 'client authentication must use either the Authorization header or the request body, not both');
      }
      const parsed = parseBasicAuth(header);
      if (!parsed) throw new OAuthError('invalid_client', 'invalid client credentials');
      creds = parsed;
    } else {
      if (!bodyId) throw new OAuthError('invalid_client', 'invalid client credentials');
      creds = { consumerKey: bodyId, consumerSecret: bodySecret ?? '' };
    }
    const app = org.apps.get(creds.consumerKey);
    if (!app) throw new OAuthError('invalid_client_id', 'client identifier invalid');
    if (!creds.consumerSecret || !secretsEqual(creds.consumerSecret, app.consumerSecret)) {
      throw new OAuthError('invalid_client', 'invalid client credentials');
    }
    return app;
  }

  /** Reads the form, or answers invalid_request; null when it has answered. */
  function formBody(req: Request, res: Response): URLSearchParams | null {
    if (!req.is('application/x-www-form-urlencoded')) {
      sendOAuthError(res, new OAuthError('invalid_request', 'body must be application/x-www-form-urlencoded'));
      return null;
    }
    return new URLSearchParams(typeof req.body === 'string' ? req.body : '');
  }

  async function grant(body: URLSearchParams, req: Request, loginDomain: boolean): Promise<AppState> {
    const grantType = body.get('grant_type');
    if (grantType === JWT_BEARER_GRANT_TYPE) return verifyJwtBearerAssertion(org, body.get('assertion'));
    // Emulates login.salesforce.com, which refuses client credentials: they need the My Domain host.
    if (loginDomain) throw new OAuthError('unsupported_grant_type', 'request not supported on this domain');
    if (grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'grant type not supported');
    const client = authenticateClient(req, body);
    if (!client.clientCredentialsEnabled) throw new OAuthError('unsupported_grant_type', 'grant type not supported');
    if (!client.runAsUser) throw new OAuthError('invalid_grant', 'no client credentials user enabled');
    return client;
  }

  const handle = (loginPath: boolean) => async (req: Request, res: Response) => {
    org.tokenRequests += 1;
    if (org.tokenFailure !== null) {
      const error = org.tokenFailure === 503 ? 'temporarily_unavailable' : 'server_error';
      res.status(org.tokenFailure).set('Cache-Control', 'no-store').json({ error, error_description: 'injected sandbox failure' });
      return;
    }
    const body = formBody(req, res);
    if (!body) return;
    try {
      const app = await grant(body, req, loginPath || req.hostname.toLowerCase().startsWith('login.'));
      res.set('Cache-Control', 'no-store').json(issueToken(app));
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(res, err);
      throw err;
    }
  };

  const router = express.Router();
  // Raw text, so that a non-form body is rejected rather than silently ignored.
  const tokenBody = express.text({ type: () => true, limit: '16kb' });
  router.post('/login/services/oauth2/token', tokenBody, handle(true));
  router.post('/services/oauth2/token', tokenBody, handle(false));
  return router;
}
