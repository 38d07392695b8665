import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundPolicy } from '../outbound/address-policy';
import { OutboundClient } from '../outbound/outbound-client';
import { useSandboxTokenEndpoint } from '../test-support/sandbox-token-endpoint';
import { loopbackEndpoints, type LoopbackHandler, type LoopbackServer } from '../test-support/loopback-server';
import { basicAuthorizationHeader, formUrlEncode } from './client-authentication';
import { exchangeClientCredentials, parseExpiresIn, parseIssuedAt, type ClientCredentialsRequest } from './token-exchange';

/** Every character RFC 6749 Appendix B makes a client encode before HTTP Basic. */
const AWKWARD_SECRET = 'n3w+s3cret with:colon%/slash';
/**
 * HTTP Basic for keyway-client and AWKWARD_SECRET, worked out by hand: each half form-urlencoded
 * (RFC 6749 §2.3.1), "keyway-client:n3w%2Bs3cret+with%3Acolon%25%2Fslash", then base64.
 */
const AWKWARD_BASIC_HEADER = 'Basic a2V5d2F5LWNsaWVudDpuM3clMkJzM2NyZXQrd2l0aCUzQWNvbG9uJTI1JTJGc2xhc2g=';

describe('exchangeClientCredentials against the bundled Salesforce sandbox', () => {
  const fx = useSandboxTokenEndpoint();
  const { request } = fx;

  it('gets a token with client_secret_post and reads Salesforce\'s answer', async () => {
    const before = Date.now();
    const outcome = await fx.exchange(request());
    const after = Date.now();
    if (!outcome.ok) expect.unreachable(JSON.stringify(outcome.failure));
    expect(outcome.httpStatus).toBe(200);
    expect(fx.sandbox.control.issuedTokens()).toEqual([outcome.token.accessToken]);
    expect(outcome.token).toMatchObject({ tokenType: 'Bearer', scope: 'api', instanceUrl: fx.sandbox.url });
    // Salesforce sends issued_at as milliseconds since the epoch, in a string.
    expect(outcome.token.issuedAt).toBeInstanceOf(Date);
    expect(outcome.token.issuedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(outcome.token.issuedAt!.getTime()).toBeLessThanOrEqual(after);
    // ... and no expires_in at all.
    expect(outcome.token.expiresInSeconds).toBeUndefined();
    expect(outcome.token).not.toHaveProperty('expiresInSeconds', expect.anything());
  });

  it.each(['client_secret_basic', 'client_secret_post'] as const)(
    'gets a token with %s after the secret was rotated to one with "+", space, ":", "%%" and "/"',
    async (clientAuthMethod) => {
      const oldSecret = fx.sandbox.demoApp.consumerSecret;
      fx.sandbox.control.rotateSecret(fx.sandbox.demoApp.consumerKey, AWKWARD_SECRET);

      const outcome = await fx.exchange(request({ clientSecret: AWKWARD_SECRET, clientAuthMethod }));
      expect(outcome).toMatchObject({ ok: true, httpStatus: 200, token: { tokenType: 'Bearer' } });
      expect(fx.sandbox.control.issuedTokens()).toHaveLength(1);

      // The old secret stopped working, so the success above was the new secret's.
      const stale = await fx.exchange(request({ clientSecret: oldSecret, clientAuthMethod }));
      expect(stale).toMatchObject({ ok: false, failure: { error: 'invalid_client' } });
      expect(fx.sandbox.control.tokenRequestCount()).toBe(2);
    },
  );

  it('reports a wrong secret as invalid_client with Salesforce\'s words and a hint', async () => {
    const outcome = await fx.exchange(request({ clientSecret: 'not-the-secret' }));
    expect(outcome).toMatchObject({
      ok: false,
      failure: {
        step: 'token',
        kind: 'oauth_error',
        httpStatus: 400,
        error: 'invalid_client',
        errorDescription: 'invalid client credentials',
        message: 'The token endpoint refused the request (HTTP 400: invalid_client).',
      },
    });
    if (outcome.ok) return;
    expect(outcome.failure.hint).toMatch(/Consumer Secret/);
    expect(fx.sandbox.control.issuedTokens()).toHaveLength(0);
  });

  it('reports an unknown client id as invalid_client_id', async () => {
    const outcome = await fx.exchange(request({ clientId: '3MVG9unknownConsumerKey', clientAuthMethod: 'client_secret_basic' }));
    expect(outcome).toMatchObject({
      ok: false,
      failure: { kind: 'oauth_error', httpStatus: 400, error: 'invalid_client_id', errorDescription: 'client identifier invalid' },
    });
    if (outcome.ok) return;
    expect(outcome.failure.hint).toMatch(/Consumer Key/);
  });

  it('attack: a token URL the policy refuses is reported without being called', async () => {
    const strict = new OutboundClient(createOutboundPolicy([]), 5_000);
    try {
      const outcome = await exchangeClientCredentials(strict, request());
      expect(outcome).toMatchObject({ ok: false, failure: { step: 'token', kind: 'refused' } });
      expect(fx.sandbox.control.tokenRequestCount()).toBe(0);
    } finally {
      await strict.close();
    }
  });
});

describe('exchangeClientCredentials against misbehaving token endpoints (loopback servers)', () => {
  const endpoints = loopbackEndpoints();
  afterEach(() => endpoints.close());
  const endpoint = (handler: LoopbackHandler) => endpoints.start(handler);
  const request = (server: LoopbackServer, overrides: Partial<ClientCredentialsRequest> = {}): ClientCredentialsRequest => ({
    tokenUrl: `${server.url}/oauth/token`,
    clientId: 'keyway-client',
    clientSecret: AWKWARD_SECRET,
    scope: 'api:read',
    clientAuthMethod: 'client_secret_post',
    ...overrides,
  });
  const encodedForms = (secret: string) => [secret, formUrlEncode(secret), encodeURIComponent(secret), Buffer.from(secret).toString('base64')];

  it('sends a form-encoded client_credentials request with the scope', async () => {
    const server = await endpoint((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ access_token: 'at-1', token_type: 'bearer', expires_in: 3600, scope: 'api:read' }));
    });
    const outcome = await exchangeClientCredentials(endpoints.client, request(server));
    expect(outcome).toMatchObject({ ok: true, token: { accessToken: 'at-1', tokenType: 'bearer', expiresInSeconds: 3600, scope: 'api:read' } });

    const sent = server.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sent.headers.accept).toBe('application/json');
    expect(sent.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(sent.body))).toEqual({
      grant_type: 'client_credentials',
      scope: 'api:read',
      client_id: 'keyway-client',
      client_secret: AWKWARD_SECRET,
    });
  });

  it('sends extra token parameters (Auth0\'s audience, Azure\'s resource) beside the grant, and none of them can replace the grant\'s own', async () => {
    const server = await endpoint((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ access_token: 'at-1', token_type: 'bearer' }));
    });
    const extraParams = [
      { name: 'audience', value: 'https://api.example.com/' },
      { name: 'resource', value: 'a b&c' },
      // The schema refuses reserved names; this is the exchange's own last line, should one get through.
      { name: 'client_id', value: 'someone-else' },
    ];
    await exchangeClientCredentials(endpoints.client, request(server, { extraParams }));
    const form = new URLSearchParams(server.requests[0]!.body);
    expect(form.get('audience')).toBe('https://api.example.com/');
    expect(form.get('resource')).toBe('a b&c');
    expect(form.getAll('client_id')).toEqual(['keyway-client']);
    expect(form.get('grant_type')).toBe('client_credentials');
  });

  it('sends client_secret_basic credentials only in the Authorization header', async () => {
    const server = await endpoint((_req, res) => res.end(JSON.stringify({ access_token: 'at-2' })));
    const outcome = await exchangeClientCredentials(endpoints.client, request(server, { clientAuthMethod: 'client_secret_basic', scope: '' }));
    expect(outcome).toMatchObject({ ok: true, token: { accessToken: 'at-2', tokenType: 'Bearer' } });
    const sent = server.requests[0]!;
    expect(sent.headers.authorization).toBe(AWKWARD_BASIC_HEADER);
    expect(Object.fromEntries(new URLSearchParams(sent.body))).toEqual({ grant_type: 'client_credentials' });
  });

  it('attack: a secret echoed in error_description is redacted, raw and form-encoded', async () => {
    const server = await endpoint((req, res) => {
      const posted = new URLSearchParams(req.body).get('client_secret');
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: 'invalid_client',
          error_description: `client_secret "${posted}" is wrong (raw body: ${req.body}; uri: ${encodeURIComponent(posted ?? '')})`,
        }),
      );
    });
    const outcome = await exchangeClientCredentials(endpoints.client, request(server));
    // The server really echoed it: the secret arrived and was put in the answer.
    expect(new URLSearchParams(server.requests[0]!.body).get('client_secret')).toBe(AWKWARD_SECRET);
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'oauth_error', httpStatus: 400, error: 'invalid_client' } });
    if (outcome.ok) return;
    expect(outcome.failure.errorDescription).toContain('[redacted]');
    expect(outcome.failure.errorDescription!.match(/\[redacted\]/g)).toHaveLength(3);
    const shown = JSON.stringify(outcome);
    for (const form of encodedForms(AWKWARD_SECRET)) expect(shown).not.toContain(form);
    expect(shown).not.toContain('s3cret');
  });

  it('attack: a non-OAuth error page that echoes the request has the secret redacted', async () => {
    const server = await endpoint((req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`Internal error while handling ${req.body}`);
    });
    const outcome = await exchangeClientCredentials(endpoints.client, request(server));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'http_error', httpStatus: 500 } });
    if (outcome.ok) return;
    expect(outcome.failure.message).toMatch(/^The token endpoint answered HTTP 500 without an OAuth error\. It said: Internal error/);
    expect(outcome.failure.message).toContain('[redacted]');
    for (const form of encodedForms(AWKWARD_SECRET)) expect(JSON.stringify(outcome)).not.toContain(form);
  });

  it('attack: an echoed Basic Authorization header is redacted', async () => {
    const server = await endpoint((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_client', error_description: `bad credentials in ${req.headers.authorization}` }));
    });
    const outcome = await exchangeClientCredentials(endpoints.client, request(server, { clientAuthMethod: 'client_secret_basic' }));
    expect(outcome.ok).toBe(false);
    const shown = JSON.stringify(outcome);
    expect(server.requests[0]!.headers.authorization).toBe(AWKWARD_BASIC_HEADER);
    expect(shown).not.toContain(AWKWARD_BASIC_HEADER.slice('Basic '.length));
  });

  it('fault: a token response of 200 that is not JSON is reported as invalid_response', async () => {
    const server = await endpoint((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<html><body>Sign in</body></html>');
    });
    const outcome = await exchangeClientCredentials(endpoints.client, request(server));
    expect(outcome).toMatchObject({
      ok: false,
      failure: {
        step: 'token',
        kind: 'invalid_response',
        httpStatus: 200,
        message: 'The token endpoint answered, but not with an OAuth 2.0 token (no access_token in a JSON body).',
        hint: expect.stringMatching(/token endpoint/),
      },
    });
  });

  it.each([
    ['JSON without access_token', { token_type: 'Bearer' }],
    ['an empty access_token', { access_token: '' }],
    ['a JSON array', [{ access_token: 'x' }]],
  ])('reports a 200 with %s as invalid_response', async (_label, body) => {
    const server = await endpoint((_req, res) => res.end(JSON.stringify(body)));
    const outcome = await exchangeClientCredentials(endpoints.client, request(server));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'invalid_response', httpStatus: 200 } });
  });

  it('fault: a token response over 64 KiB is reported as invalid_response without being read whole', async () => {
    const server = await endpoint((_req, res) => {
      res.on('error', () => {});
      res.end(JSON.stringify({ access_token: 'x'.repeat(200 * 1024) }));
    });
    const outcome = await exchangeClientCredentials(endpoints.client, request(server));
    expect(outcome).toMatchObject({ ok: false, failure: { step: 'token', kind: 'invalid_response', message: expect.stringMatching(/larger than 64 KiB/) } });
  });

  it('attack: a 302 from the token endpoint is reported as http_error naming the redirect, and not followed', async () => {
    const elsewhere = await endpoint((_req, res) => res.end(JSON.stringify({ access_token: 'should-never-be-fetched' })));
    const server = await endpoint((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/login` });
      res.end();
    });
    const outcome = await exchangeClientCredentials(endpoints.client, request(server));
    expect(outcome).toMatchObject({
      ok: false,
      failure: {
        step: 'token',
        kind: 'http_error',
        httpStatus: 302,
        message: `The token endpoint answered with a redirect to ${elsewhere.url}/login, which is not followed for token requests.`,
        hint: expect.stringMatching(/final token URL/),
      },
    });
    expect(elsewhere.connections).toBe(0);
  });

  it('attack: a redirect Location that echoes the secret has it redacted', async () => {
    const server = await endpoint((req, res) => {
      res.writeHead(302, { location: `https://idp.example/error?${req.body}` });
      res.end();
    });
    const outcome = await exchangeClientCredentials(endpoints.client, request(server));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'http_error', httpStatus: 302 } });
    for (const form of encodedForms(AWKWARD_SECRET)) expect(JSON.stringify(outcome)).not.toContain(form);
  });

  it('fault: an unreachable token endpoint is reported as a network failure', async () => {
    const server = await endpoint((_req, res) => res.end());
    await server.close();
    const outcome = await exchangeClientCredentials(endpoints.client, request(server));
    expect(outcome).toMatchObject({ ok: false, failure: { step: 'token', kind: 'network', message: expect.stringMatching(/refused/) } });
  });
});

describe('parseIssuedAt', () => {
  it('reads Salesforce\'s milliseconds string', () => {
    expect(parseIssuedAt('1700000000123')).toEqual(new Date(1_700_000_000_123));
    expect(parseIssuedAt(' 1700000000123 ')).toEqual(new Date(1_700_000_000_123));
  });
  it('reads seconds since the epoch, as a number or a string', () => {
    expect(parseIssuedAt(1_700_000_000)).toEqual(new Date(1_700_000_000_000));
    expect(parseIssuedAt('1700000000')).toEqual(new Date(1_700_000_000_000));
    expect(parseIssuedAt(1_700_000_000_123)).toEqual(new Date(1_700_000_000_123));
  });
  it.each([undefined, null, '', 'yesterday', '2023-11-14T22:13:20Z', -1_700_000_000, 1_700_000_000.5, '12345', '12345678901234567', {}, true])(
    'gives undefined for %j',
    (value) => {
      expect(parseIssuedAt(value)).toBeUndefined();
    },
  );
});

describe('parseExpiresIn', () => {
  it.each([
    [3600, 3600],
    ['3600', 3600],
    [' 3600 ', 3600],
    [0, 0],
    ['0', 0],
  ])('reads %j as %j', (value, expected) => {
    expect(parseExpiresIn(value)).toBe(expected);
  });
  it.each([-1, '-1', 'soon', '', '1e3', '36 00', Number.NaN, Number.POSITIVE_INFINITY, null, undefined, [3600]])(
    'gives undefined for %j',
    (value) => {
      expect(parseExpiresIn(value)).toBeUndefined();
    },
  );
});

describe('basicAuthorizationHeader (RFC 6749 §2.3.1 and Appendix B)', () => {
  const decoded = (header: string) => {
    expect(header).toMatch(/^Basic [A-Za-z0-9+/]+=*$/);
    return Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  };

  it('form-encodes each half before joining with ":"', () => {
    expect(decoded(basicAuthorizationHeader('a b', 'c:d'))).toBe('a+b:c%3Ad');
    expect(decoded(basicAuthorizationHeader('id', AWKWARD_SECRET))).toBe('id:n3w%2Bs3cret+with%3Acolon%25%2Fslash');
    expect(decoded(basicAuthorizationHeader('ü', '€'))).toBe('%C3%BC:%E2%82%AC');
  });

  it('leaves unreserved characters alone, so a plain id and secret are plain base64', () => {
    expect(basicAuthorizationHeader('3MVG9.abc_DEF-1', 'ABC123')).toBe('Basic M01WRzkuYWJjX0RFRi0xOkFCQzEyMw=='); // base64 of "3MVG9.abc_DEF-1:ABC123"
  });

  it('keeps a ":" in the id from being read as the separator', () => {
    const [id, secret] = decoded(basicAuthorizationHeader('urn:client', 'pw')).split(':');
    expect([id, secret]).toEqual(['urn%3Aclient', 'pw']);
  });
});
