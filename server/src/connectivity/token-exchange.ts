import type { ConnectionTestFailure } from '@keyway/shared';
import { oauthErrorHint } from '@keyway/shared';
import { OutboundError, type OutboundClient } from '../outbound/outbound-client';
import { basicAuthorizationHeader } from './client-authentication';
import { clip, redactSecrets, sentCredentials } from './redaction';

export interface ClientCredentialsRequest {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  clientAuthMethod: 'client_secret_post' | 'client_secret_basic';
  /** Non-secret extras (Auth0's audience, Azure's resource); the schema keeps reserved names out. */
  extraParams?: ReadonlyArray<{ name: string; value: string }>;
}

/** A token as the server keeps it; `accessToken` never leaves the server. */
export interface AccessToken {
  accessToken: string;
  tokenType: string;
  scope?: string;
  /** Salesforce: where the org's API lives, which may differ from the token host. */
  instanceUrl?: string;
  issuedAt?: Date;
  expiresInSeconds?: number;
}

export type TokenExchangeOutcome =
  | { ok: true; token: AccessToken; httpStatus: number; durationMs: number }
  | { ok: false; failure: ConnectionTestFailure; durationMs: number; retryAfter?: string };

const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

/** POSTs grant_type=client_credentials and reads the answer, success or error, as RFC 6749 §5 describes it. */
export async function exchangeClientCredentials(
  client: OutboundClient,
  req: ClientCredentialsRequest,
): Promise<TokenExchangeOutcome> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (req.scope) form.set('scope', req.scope);
  for (const { name, value } of req.extraParams ?? []) form.append(name, value);
  let authorization: string | undefined;
  if (req.clientAuthMethod === 'client_secret_basic') {
    authorization = basicAuthorizationHeader(req.clientId, req.clientSecret);
  } else {
    form.set('client_id', req.clientId);
    form.set('client_secret', req.clientSecret);
  }
  // What we sent that carries the secret: the secret itself and, for Basic, the header.
  return requestToken(client, { tokenUrl: req.tokenUrl, form, authorization, sentSecrets: sentCredentials([req.clientSecret], authorization) });
}

/** One token request of any grant: the form to POST and what in it must never be shown back. */
export interface TokenRequest {
  tokenUrl: string;
  form: URLSearchParams;
  authorization?: string;
  /** Every credential the request carried, as sentCredentials lists them; removed from whatever comes back. */
  sentSecrets: ReadonlyArray<string | undefined>;
  /** For the whole call; the outbound client's own timeout when absent. */
  timeoutMs?: number;
}

/** A credential request that got no answer (refused, timed out, network), as a token step's failure; anything else is rethrown. */
export function outboundFailure(error: unknown): TokenExchangeOutcome {
  if (!(error instanceof OutboundError)) throw error;
  return { ok: false, durationMs: error.durationMs, failure: { step: 'token', kind: outboundKind(error), message: error.message } };
}

/** POSTs a token request form and reads the answer, success or error, as RFC 6749 §5 describes it. */
export async function requestToken(client: OutboundClient, req: TokenRequest): Promise<TokenExchangeOutcome> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (req.authorization) headers.authorization = req.authorization;

  let response;
  try {
    // The outbound client never follows redirects: a 30x here must not carry the secret elsewhere.
    response = await client.request({
      method: 'POST',
      url: req.tokenUrl,
      headers,
      body: req.form.toString(),
      maxBytes: MAX_TOKEN_RESPONSE_BYTES,
      timeoutMs: req.timeoutMs,
    });
  } catch (error) {
    return outboundFailure(error);
  }

  const { status, durationMs } = response;
  const { sentSecrets } = req;
  const scrub = (text: string) => clip(redactSecrets(text, sentSecrets));
  const json = parseJsonObject(response.body);

  if (status >= 200 && status < 300 && json && typeof json.access_token === 'string' && json.access_token) {
    return {
      ok: true,
      httpStatus: status,
      durationMs,
      token: {
        accessToken: json.access_token,
        tokenType: typeof json.token_type === 'string' && json.token_type ? json.token_type : 'Bearer',
        scope: typeof json.scope === 'string' ? json.scope : undefined,
        instanceUrl: typeof json.instance_url === 'string' ? json.instance_url : undefined,
        issuedAt: parseIssuedAt(json.issued_at),
        expiresInSeconds: parseExpiresIn(json.expires_in),
      },
    };
  }

  const retryAfter = response.headers['retry-after'];
  if (json && typeof json.error === 'string') {
    const error = scrub(json.error);
    const errorDescription = typeof json.error_description === 'string' ? scrub(json.error_description) : undefined;
    return {
      ok: false,
      durationMs,
      retryAfter,
      failure: {
        step: 'token',
        kind: 'oauth_error',
        httpStatus: status,
        error,
        errorDescription,
        message: `The token endpoint refused the request (HTTP ${status}: ${error}).`,
        hint: oauthErrorHint(error, errorDescription),
      },
    };
  }

  if (status >= 300 && status < 400) {
    const location = response.headers.location ? ` to ${clip(redactSecrets(response.headers.location, sentSecrets), 200)}` : '';
    return {
      ok: false,
      durationMs,
      failure: {
        step: 'token',
        kind: 'http_error',
        httpStatus: status,
        message: `The token endpoint answered with a redirect${location}, which is not followed for token requests.`,
        hint: 'Enter the final token URL. For Salesforce, use https://<MyDomain>.my.salesforce.com/services/oauth2/token.',
      },
    };
  }

  const ok2xx = status >= 200 && status < 300;
  return {
    ok: false,
    durationMs,
    retryAfter,
    failure: {
      step: 'token',
      kind: ok2xx ? 'invalid_response' : 'http_error',
      httpStatus: status,
      message: ok2xx
        ? 'The token endpoint answered, but not with an OAuth 2.0 token (no access_token in a JSON body).'
        : `The token endpoint answered HTTP ${status} without an OAuth error.${response.body ? ` It said: ${scrub(response.body).slice(0, 200)}` : ''}`,
      hint: ok2xx ? 'Check that the Access Token URL is the provider\'s token endpoint.' : undefined,
    },
  };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Salesforce sends milliseconds since the epoch as a string; others send seconds as a number, or nothing. */
export function parseIssuedAt(value: unknown): Date | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{9,16}$/.test(text)) return undefined;
  const n = Number(text);
  const date = new Date(text.length >= 13 ? n : n * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** RFC 6749 says a number; some providers send a numeric string. Negative or junk means "not given". */
export function parseExpiresIn(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function outboundKind(error: OutboundError): ConnectionTestFailure['kind'] {
  switch (error.kind) {
    case 'refused':
      return 'refused';
    case 'timeout':
      return 'timeout';
    case 'too_large':
      return 'invalid_response';
    case 'tls':
    case 'network':
      return 'network';
  }
}
