import type { AuthInput, ConnectionTestFailure, ConnectionTestResult, ConnectionTestStep } from '@keyway/shared';
import { OutboundError, type OutboundClient } from '../outbound/outbound-client';
import { clip, redactSecrets, sentCredentials } from './redaction';
import { acquireToken, needsToken, tokenEndpointOf, type ConnectionSecrets } from './token-acquisition';
import { outboundKind, type AccessToken, type TokenExchangeOutcome } from './token-exchange';

/** The values a test runs with, secrets included; built by the service, never by a route. */
export interface ConnectionTarget {
  scheme: 'http' | 'https';
  host: string;
  basePath: string;
  auth: AuthInput;
  /** The secrets of `auth`, resolved from the request or the store. */
  secrets: ConnectionSecrets;
}

const MAX_PROBE_BYTES = 1024 * 1024;

/**
 * Test Connection: the token exchange (OAuth 2.0, the Salesforce login), then one GET against the API.
 * The result holds statuses, timings and what the provider said, never a token or secret.
 */
export async function runConnectionTest(client: OutboundClient, target: ConnectionTarget): Promise<Omit<ConnectionTestResult, 'receipt'>> {
  const testedAt = new Date().toISOString();
  const steps: ConnectionTestStep[] = [];
  let token: AccessToken | undefined;

  if (needsToken(target.auth)) {
    const outcome = await acquireToken(client, target.auth, target.secrets);
    steps.push(tokenStep(tokenEndpointOf(target.auth), outcome));
    if (!outcome.ok) return { ok: false, testedAt, steps, failure: outcome.failure };
    token = outcome.token;
  }

  const probe = await probeApi(client, target, token);
  steps.push(probe.step);
  return { ok: !probe.failure, testedAt, steps, token: probe.tokenSummary, ...(probe.failure ? { failure: probe.failure } : {}) };
}

export function tokenStep(tokenUrl: string, outcome: TokenExchangeOutcome): ConnectionTestStep {
  const httpStatus = outcome.ok ? outcome.httpStatus : outcome.failure.httpStatus;
  return { name: 'token', method: 'POST', url: tokenUrl, ok: outcome.ok, httpStatus, durationMs: outcome.durationMs };
}

export interface ProbeResult {
  step: ConnectionTestStep;
  failure?: ConnectionTestFailure;
  /** What the token response said, scrubbed, for showing. */
  tokenSummary?: ConnectionTestResult['token'];
  /** The API's Retry-After header, for a scheduler to honour. */
  retryAfter?: string;
}

/** The one GET against the API, with the token (OAuth 2.0) or the credentials of the other types. */
export async function probeApi(client: OutboundClient, target: ConnectionTarget, token: AccessToken | undefined): Promise<ProbeResult> {
  const probeUrl = apiProbeUrl(target, token?.instanceUrl);
  const request = buildProbeRequest(probeUrl, target, token);
  // Everything the probe sends that carries a credential, in the form it is sent.
  const secrets = sentCredentials([...Object.values(target.secrets), token?.accessToken], request.headers.authorization);
  // A provider's own fields could echo what we sent; they pass through the same scrub.
  const scrub = (text: string | undefined) => (text === undefined ? undefined : redactSecrets(text, secrets));
  const tokenSummary = token && {
    tokenType: scrub(token.tokenType) ?? 'Bearer',
    scope: scrub(token.scope),
    instanceUrl: scrub(token.instanceUrl),
    issuedAt: token.issuedAt?.toISOString(),
    expiresInSeconds: token.expiresInSeconds,
  };
  const shownUrl = request.shownUrl ?? redactSecrets(request.url, secrets);

  try {
    const response = await client.request({ method: 'GET', url: request.url, headers: request.headers, maxBytes: MAX_PROBE_BYTES });
    const ok = response.status >= 200 && response.status < 300;
    const step: ConnectionTestStep = { name: 'api', method: 'GET', url: shownUrl, ok, httpStatus: response.status, durationMs: response.durationMs };
    if (ok) return { step, tokenSummary };
    return {
      step,
      tokenSummary,
      failure: probeFailure(response.status, response.body, secrets, Boolean(token)),
      retryAfter: response.headers['retry-after'],
    };
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    return {
      step: { name: 'api', method: 'GET', url: shownUrl, ok: false, durationMs: error.durationMs },
      tokenSummary,
      failure: { step: 'api', kind: outboundKind(error), message: error.message },
    };
  }
}

/** Salesforce answers on instance_url, which can differ from the token host; others on scheme://host. */
export function apiProbeUrl(target: Pick<ConnectionTarget, 'scheme' | 'host' | 'basePath'>, instanceUrl?: string): string {
  const origin = instanceUrl && /^https?:\/\//.test(instanceUrl) ? instanceUrl.replace(/\/+$/, '') : `${target.scheme}://${target.host}`;
  return `${origin}${target.basePath === '/' ? '/' : target.basePath}`;
}

function buildProbeRequest(url: string, target: ConnectionTarget, token: AccessToken | undefined): { url: string; shownUrl?: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { accept: 'application/json' };
  const auth = target.auth;
  if (token) {
    // Salesforce says "Bearer"; RFC 6750 wants the scheme as given, normalised in case.
    headers.authorization = `${/^bearer$/i.test(token.tokenType) ? 'Bearer' : token.tokenType} ${token.accessToken}`;
  } else if (auth.type === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${auth.username}:${target.secrets.password ?? ''}`, 'utf8').toString('base64')}`;
  } else if (auth.type === 'api_key' && auth.placement === 'header') {
    headers[auth.keyName.toLowerCase()] = target.secrets.keyValue ?? '';
  } else if (auth.type === 'api_key' && auth.placement === 'query') {
    const withKey = new URL(url);
    withKey.searchParams.set(auth.keyName, '[redacted]');
    // Shown with the key's place marked, however short the key is: never the key itself.
    const shownUrl = withKey.toString();
    withKey.searchParams.set(auth.keyName, target.secrets.keyValue ?? '');
    return { url: withKey.toString(), shownUrl, headers };
  }
  return { url, headers, shownUrl: undefined as string | undefined };
}

function probeFailure(status: number, body: string, secrets: Array<string | undefined>, usedToken: boolean): ConnectionTestFailure {
  const said = describeApiError(body, secrets);
  const base = { step: 'api' as const, kind: 'http_error' as const, httpStatus: status, ...said };
  if (status === 401 || status === 403) {
    return {
      ...base,
      message: `The API refused the ${usedToken ? 'access token' : 'credentials'} (HTTP ${status}).`,
      hint: usedToken
        ? 'The token was issued but the API does not accept it. For Salesforce, check that the Run As user has API access ("API Enabled") and that the connected app\'s scopes include "api".'
        : 'Check the credentials and that this account may call the API.',
    };
  }
  if (status === 404) {
    return { ...base, message: 'The API answered HTTP 404 at the base path.', hint: 'Check Host and Base Path; for Salesforce the base path is usually /services/data.' };
  }
  return { ...base, message: `The API answered HTTP ${status}.` };
}

/** Salesforce reports API errors as [{ errorCode, message }]; others as { error, message } or plain text. */
function describeApiError(body: string, secrets: Array<string | undefined>): Pick<ConnectionTestFailure, 'error' | 'errorDescription'> {
  const scrub = (text: string) => clip(redactSecrets(text, secrets), 300);
  try {
    const parsed: unknown = JSON.parse(body);
    const first = (Array.isArray(parsed) ? parsed[0] : parsed) as Record<string, unknown> | undefined;
    if (first && typeof first === 'object') {
      const code = first.errorCode ?? first.error ?? first.code;
      const message = first.message ?? first.error_description ?? first.error_message;
      return {
        error: typeof code === 'string' ? scrub(code) : undefined,
        errorDescription: typeof message === 'string' ? scrub(message) : undefined,
      };
    }
  } catch {
    // Not JSON: fall through to no detail; an HTML error page says nothing useful in one line.
  }
  return {};
}
