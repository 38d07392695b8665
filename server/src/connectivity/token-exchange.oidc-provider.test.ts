import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOutboundPolicy } from '../outbound/address-policy';
import { OutboundClient } from '../outbound/outbound-client';
import { exchangeClientCredentials, type ClientCredentialsRequest } from './token-exchange';

/**
 * The token exchange against a real, independent OAuth 2.0 server: panva's oidc-provider
 * (v9), on 127.0.0.1, port 0. What makes it work here:
 *  - The issuer may be plain http on loopback; nothing in oidc-provider insists on https.
 *  - `features.clientCredentials` turns the grant on. `features.resourceIndicators` is on by
 *    default in v9, but its default `defaultResource` returns undefined when the request names no
 *    `resource`, so no resource server is involved and the token is an opaque access token with
 *    the requested (client-allowed) scope. No resource-indicator configuration is needed.
 *  - `scopes: ['api:read']` declares the scope; each client's `scope` allows it.
 *  - An RSA signing key is supplied (the default id_token alg is RS256), so no dev keys are made.
 *  - The module ships no TypeScript types, so it is imported through a non-literal specifier and
 *    described by the small interface below.
 *  - oidc-provider prints notices on import (it wants Node 22) and for its in-memory adapter;
 *    those lines, and only those, are kept off the console while it starts.
 */
interface OidcProvider {
  callback(): http.RequestListener;
}
type OidcProviderClass = new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;

async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const original = { warn: console.warn, info: console.info };
  const filter =
    (write: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('oidc-provider ')) return;
      write(...args);
    };
  const warn = vi.spyOn(console, 'warn').mockImplementation(filter(original.warn));
  const info = vi.spyOn(console, 'info').mockImplementation(filter(original.info));
  try {
    return await run();
  } finally {
    warn.mockRestore();
    info.mockRestore();
  }
}

interface RunningProvider {
  issuer: string;
  hostPort: string;
  close(): Promise<void>;
}

async function startOidcProvider(configuration: Record<string, unknown>): Promise<RunningProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const provider = await quietly(async () => {
    const specifier: string = 'oidc-provider';
    const { default: Provider } = (await import(/* @vite-ignore */ specifier)) as { default: OidcProviderClass };
    return new Provider(issuer, configuration);
  });
  server.on('request', provider.callback());
  return {
    issuer,
    hostPort: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const signingKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const clientCredentialsClient = (clientId: string, secret: string, method: 'client_secret_post' | 'client_secret_basic') => ({
  client_id: clientId,
  client_secret: secret,
  token_endpoint_auth_method: method,
  grant_types: ['client_credentials'],
  response_types: [],
  redirect_uris: [],
  scope: 'api:read',
});

/** Needs form-encoding in a body ("&", "=", "+") ... */
const POST_SECRET = 'p&ss=w0rd+plus';
/** ... and RFC 6749 Appendix B encoding in HTTP Basic (":", "+", " ", "%", "/"). */
const BASIC_SECRET = 's3cr:t+with spaces%/';
const TOKEN_TTL_SECONDS = 300;

describe('exchangeClientCredentials against oidc-provider', () => {
  let op: RunningProvider;
  let client: OutboundClient;
  let tokenUrl: string;

  beforeAll(async () => {
    op = await startOidcProvider({
      clients: [
        clientCredentialsClient('post-client', POST_SECRET, 'client_secret_post'),
        clientCredentialsClient('basic-client', BASIC_SECRET, 'client_secret_basic'),
      ],
      features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
      scopes: ['api:read'],
      jwks: { keys: [signingKey()] },
      ttl: { ClientCredentials: TOKEN_TTL_SECONDS },
    });
    client = new OutboundClient(createOutboundPolicy([op.hostPort]), 5_000);

    const discovery = await client.request({ method: 'GET', url: `${op.issuer}/.well-known/openid-configuration` });
    expect(discovery.status).toBe(200);
    const metadata = JSON.parse(discovery.body) as Record<string, unknown>;
    expect(metadata.issuer).toBe(op.issuer);
    expect(metadata.grant_types_supported).toContain('client_credentials');
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_post', 'client_secret_basic']));
    tokenUrl = String(metadata.token_endpoint);
    expect(tokenUrl.startsWith(`${op.issuer}/`)).toBe(true);
  });
  afterAll(async () => {
    await client?.close();
    await op?.close();
  });

  const request = (overrides: Partial<ClientCredentialsRequest>): ClientCredentialsRequest => ({
    tokenUrl,
    clientId: 'post-client',
    clientSecret: POST_SECRET,
    scope: 'api:read',
    clientAuthMethod: 'client_secret_post',
    ...overrides,
  });

  it.each([
    ['client_secret_post', 'post-client', POST_SECRET],
    ['client_secret_basic', 'basic-client', BASIC_SECRET],
  ] as const)('gets a token with %s', async (clientAuthMethod, clientId, clientSecret) => {
    const outcome = await exchangeClientCredentials(client, request({ clientAuthMethod, clientId, clientSecret }));
    if (!outcome.ok) expect.unreachable(JSON.stringify(outcome.failure));
    expect(outcome.httpStatus).toBe(200);
    expect(outcome.token.accessToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(outcome.token.tokenType).toBe('Bearer');
    expect(outcome.token.scope).toBe('api:read');
    expect(outcome.token.expiresInSeconds).toBe(TOKEN_TTL_SECONDS);
    expect(outcome.token.issuedAt).toBeUndefined();
  });

  it('gets a token without a scope', async () => {
    const outcome = await exchangeClientCredentials(client, request({ scope: '' }));
    expect(outcome).toMatchObject({ ok: true, token: { tokenType: 'Bearer', expiresInSeconds: TOKEN_TTL_SECONDS } });
    if (outcome.ok) expect(outcome.token.scope).toBeUndefined();
  });

  it.each([
    ['client_secret_post', 'post-client', 'p&ss=w0rd+plux'],
    ['client_secret_basic', 'basic-client', 's3cr:t+with spaces%'],
    // A space where the Basic encoding must send "+": guards against encoding " " as %20 and "+" alike.
    ['client_secret_basic', 'basic-client', 's3cr:t with spaces%/'],
    ['client_secret_post', 'no-such-client', POST_SECRET],
  ] as const)('is refused with invalid_client for %s as %s with a wrong secret', async (clientAuthMethod, clientId, clientSecret) => {
    const outcome = await exchangeClientCredentials(client, request({ clientAuthMethod, clientId, clientSecret }));
    expect(outcome).toMatchObject({
      ok: false,
      failure: { step: 'token', kind: 'oauth_error', httpStatus: 401, error: 'invalid_client', hint: expect.stringMatching(/Client Secret/) },
    });
  });

  it('reports a scope the client may not use as invalid_scope', async () => {
    const outcome = await exchangeClientCredentials(client, request({ scope: 'openid' }));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'oauth_error', httpStatus: 400, error: 'invalid_scope' } });
  });
});

/*
 * oidc-provider v9 treats client_secret_basic and client_secret_post as interchangeable for a
 * secret-based client (lib/shared/client_auth.js accepts either when the client is registered
 * with one of them), so with both methods enabled a mismatch is not an error. A provider that
 * only offers client_secret_basic does refuse a client_secret_post request, as an authorization
 * server must when the method is not the registered one.
 */
describe('exchangeClientCredentials against an oidc-provider that only allows client_secret_basic', () => {
  let op: RunningProvider;
  let client: OutboundClient;

  beforeAll(async () => {
    op = await startOidcProvider({
      clients: [clientCredentialsClient('basic-only', BASIC_SECRET, 'client_secret_basic')],
      clientAuthMethods: ['client_secret_basic'],
      features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
      scopes: ['api:read'],
      jwks: { keys: [signingKey()] },
      ttl: { ClientCredentials: TOKEN_TTL_SECONDS },
    });
    client = new OutboundClient(createOutboundPolicy([op.hostPort]), 5_000);
  });
  afterAll(async () => {
    await client?.close();
    await op?.close();
  });

  const request = (clientAuthMethod: ClientCredentialsRequest['clientAuthMethod']): ClientCredentialsRequest => ({
    tokenUrl: `${op.issuer}/token`,
    clientId: 'basic-only',
    clientSecret: BASIC_SECRET,
    scope: 'api:read',
    clientAuthMethod,
  });

  it('accepts the registered method', async () => {
    const outcome = await exchangeClientCredentials(client, request('client_secret_basic'));
    expect(outcome).toMatchObject({ ok: true, token: { tokenType: 'Bearer', scope: 'api:read' } });
  });

  it('refuses client_secret_post for a client registered with client_secret_basic, as invalid_client', async () => {
    const outcome = await exchangeClientCredentials(client, request('client_secret_post'));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'oauth_error', httpStatus: 401, error: 'invalid_client' } });
  });
});
