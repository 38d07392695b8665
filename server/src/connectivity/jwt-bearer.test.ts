import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { startSalesforceSandbox, type SalesforceSandbox } from '@keyway/salesforce-sandbox';
import { decodeJwt, importX509, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutboundPolicy } from '../outbound/address-policy';
import { OutboundClient } from '../outbound/outbound-client';
import { loopbackEndpoints, type LoopbackHandler, type LoopbackServer } from '../test-support/loopback-server';
import {
  exchangeJwtBearer,
  JWT_BEARER_GRANT_TYPE,
  PrivateKeyError,
  readRsaPrivateKey,
  signJwtBearerAssertion,
  toPkcs8Pem,
  type JwtBearerRequest,
} from './jwt-bearer';
import { generateJwtKeyPair, type JwtKeyPair } from './jwt-key-pair';

const USERNAME = 'integration@acme.example';
const LOGIN = 'https://login.salesforce.com';

let keyPair: JwtKeyPair;
let otherKeyPair: JwtKeyPair;
beforeAll(async () => {
  [keyPair, otherKeyPair] = await Promise.all([generateJwtKeyPair('Keyway test'), generateJwtKeyPair('Someone else')]);
});

const pkcs1 = (pem: string) => createPrivateKey(pem).export({ type: 'pkcs1', format: 'pem' }).toString();

describe('exchangeJwtBearer against the bundled Salesforce sandbox', () => {
  let sandbox: SalesforceSandbox;
  let client: OutboundClient;
  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ port: 0 });
    client = new OutboundClient(createOutboundPolicy([`127.0.0.1:${sandbox.port}`]), 5_000);
  });
  afterAll(async () => {
    await client.close();
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.control.reset();
    // What an admin does in Setup: upload the certificate Keyway made, pre-authorize the user.
    sandbox.control.uploadCertificate(sandbox.demoApp.consumerKey, keyPair.certificatePem);
    sandbox.control.setPreAuthorizedUser(sandbox.demoApp.consumerKey, USERNAME);
  });
  const request = (overrides: Partial<JwtBearerRequest> = {}): JwtBearerRequest => ({
    tokenUrl: `${sandbox.url}/services/oauth2/token`,
    clientId: sandbox.demoApp.consumerKey,
    username: USERNAME,
    audience: LOGIN,
    privateKeyPem: keyPair.privateKeyPem,
    ...overrides,
  });

  it('gets a token with a generated key pair and reads Salesforce\'s answer', async () => {
    const outcome = await exchangeJwtBearer(client, request());
    if (!outcome.ok) expect.unreachable(JSON.stringify(outcome.failure));
    expect(outcome.httpStatus).toBe(200);
    expect(sandbox.control.issuedTokens()).toEqual([outcome.token.accessToken]);
    expect(outcome.token).toMatchObject({ tokenType: 'Bearer', scope: 'api', instanceUrl: sandbox.url });
    expect(outcome.token.issuedAt).toBeInstanceOf(Date);
    expect(outcome.token.expiresInSeconds).toBeUndefined();
  });

  it('signs a fresh assertion for every exchange', async () => {
    expect((await exchangeJwtBearer(client, request())).ok).toBe(true);
    expect((await exchangeJwtBearer(client, request())).ok).toBe(true);
    expect(new Set(sandbox.control.issuedTokens()).size).toBe(2);
  });

  it('takes a PKCS#1 private key ("BEGIN RSA PRIVATE KEY") as well', async () => {
    const privateKeyPem = pkcs1(keyPair.privateKeyPem);
    expect(privateKeyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    const outcome = await exchangeJwtBearer(client, request({ privateKeyPem }));
    expect(outcome).toMatchObject({ ok: true, httpStatus: 200 });
  });

  it('takes the test.salesforce.com audience and the org\'s own URL', async () => {
    for (const audience of ['https://test.salesforce.com', sandbox.url]) {
      expect(await exchangeJwtBearer(client, request({ audience }))).toMatchObject({ ok: true });
    }
  });

  it('reports a key that does not match the uploaded certificate, with a hint', async () => {
    const outcome = await exchangeJwtBearer(client, request({ privateKeyPem: otherKeyPair.privateKeyPem }));
    expect(outcome).toMatchObject({
      ok: false,
      failure: { step: 'token', kind: 'oauth_error', httpStatus: 400, error: 'invalid_grant', errorDescription: 'invalid assertion' },
    });
    if (outcome.ok) return;
    expect(outcome.failure.hint).toMatch(/certificate uploaded to the connected app .* does not match the private key/);
    expect(sandbox.control.issuedTokens()).toEqual([]);
  });

  it('reports a user who is not pre-authorized, with a hint', async () => {
    const outcome = await exchangeJwtBearer(client, request({ username: 'someone@acme.example' }));
    expect(outcome).toMatchObject({ ok: false, failure: { error: 'invalid_grant', errorDescription: "user hasn't approved this consumer" } });
    if (outcome.ok) return;
    expect(outcome.failure.hint).toMatch(/Admin approved users are pre-authorized/);
    expect(outcome.failure.hint).toMatch(/profile or permission set/);
  });

  it('reports a wrong audience, with a hint naming the right ones', async () => {
    const outcome = await exchangeJwtBearer(client, request({ audience: 'https://acme.example' }));
    expect(outcome).toMatchObject({ ok: false, failure: { error: 'invalid_grant', errorDescription: 'audience is invalid' } });
    if (outcome.ok) return;
    expect(outcome.failure.hint).toMatch(/https:\/\/login\.salesforce\.com.*https:\/\/test\.salesforce\.com.*My Domain/);
  });

  it('reports an unknown consumer key as invalid_client_id', async () => {
    const outcome = await exchangeJwtBearer(client, request({ clientId: '3MVG9unknownConsumerKey' }));
    expect(outcome).toMatchObject({ ok: false, failure: { error: 'invalid_client_id', errorDescription: 'client identifier invalid' } });
    if (outcome.ok) return;
    expect(outcome.failure.hint).toMatch(/Consumer Key/);
  });

  it('attack: a token URL the policy refuses is reported without being called', async () => {
    const strict = new OutboundClient(createOutboundPolicy([]), 5_000);
    try {
      expect(await exchangeJwtBearer(strict, request())).toMatchObject({ ok: false, failure: { step: 'token', kind: 'refused' } });
      expect(sandbox.control.tokenRequestCount()).toBe(0);
    } finally {
      await strict.close();
    }
  });
});

/** A token endpoint written here, not the sandbox: RFC 7523 checked with jose against the certificate. */
describe('exchangeJwtBearer against an independent token endpoint (loopback, jose)', () => {
  const endpoints = loopbackEndpoints();
  afterEach(() => endpoints.close());
  const endpoint = (handler: LoopbackHandler) => endpoints.start(handler);
  const request = (server: LoopbackServer, overrides: Partial<JwtBearerRequest> = {}): JwtBearerRequest => ({
    tokenUrl: `${server.url}/services/oauth2/token`,
    clientId: '3MVG9consumerKey',
    username: USERNAME,
    audience: LOGIN,
    privateKeyPem: keyPair.privateKeyPem,
    ...overrides,
  });
  const sentAssertion = (server: LoopbackServer, i = 0) => new URLSearchParams(server.requests[i]!.body).get('assertion') ?? '';

  it.each([
    ['PKCS#8', () => keyPair.privateKeyPem],
    ['PKCS#1', () => pkcs1(keyPair.privateKeyPem)],
  ])('sends an RFC 7523 grant whose assertion verifies against the certificate (%s key)', async (_form, key) => {
    const server = await endpoint((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ access_token: 'at-jwt', token_type: 'Bearer', instance_url: 'https://acme.my.salesforce.com' }));
    });
    const before = Math.floor(Date.now() / 1000);
    const outcome = await exchangeJwtBearer(endpoints.client, request(server, { privateKeyPem: key() }));
    expect(outcome).toMatchObject({ ok: true, token: { accessToken: 'at-jwt', instanceUrl: 'https://acme.my.salesforce.com' } });

    const sent = server.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sent.headers.authorization).toBeUndefined();
    const form = new URLSearchParams(sent.body);
    expect([...form.keys()].sort()).toEqual(['assertion', 'grant_type']);
    expect(form.get('grant_type')).toBe(JWT_BEARER_GRANT_TYPE);

    const publicKey = await importX509(keyPair.certificatePem, 'RS256');
    const { payload, protectedHeader } = await jwtVerify(form.get('assertion')!, publicKey, {
      algorithms: ['RS256'],
      issuer: '3MVG9consumerKey',
      subject: USERNAME,
      audience: LOGIN,
      requiredClaims: ['exp', 'iat', 'jti'],
    });
    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(payload.iat).toBeGreaterThanOrEqual(before - 1);
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(180);
    expect(payload.exp! - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(180);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('throws PrivateKeyError for a key it cannot sign with, and sends nothing', async () => {
    const server = await endpoint((_req, res) => res.end(JSON.stringify({ access_token: 'at' })));
    await expect(exchangeJwtBearer(endpoints.client, request(server, { privateKeyPem: 'not a key' }))).rejects.toThrow(PrivateKeyError);
    expect(server.connections).toBe(0);
  });

  it('signs a new assertion, with a new jti, for each exchange', async () => {
    const server = await endpoint((_req, res) => res.end(JSON.stringify({ access_token: 'at' })));
    await exchangeJwtBearer(endpoints.client, request(server));
    await exchangeJwtBearer(endpoints.client, request(server));
    expect(decodeJwt(sentAssertion(server, 0)).jti).not.toBe(decodeJwt(sentAssertion(server, 1)).jti);
  });

  it('an assertion signed with another key does not verify against the certificate', async () => {
    const assertion = await signJwtBearerAssertion({ clientId: 'c', username: USERNAME, audience: LOGIN, privateKeyPem: otherKeyPair.privateKeyPem });
    await expect(jwtVerify(assertion, await importX509(keyPair.certificatePem, 'RS256'))).rejects.toThrow(/signature/);
  });

  it('attack: an endpoint that echoes the request never gets the assertion or the key shown back', async () => {
    const echo = (status: number, json: boolean): LoopbackHandler => (req, res) => {
      const assertion = new URLSearchParams(req.body).get('assertion') ?? '';
      const reflected = `raw ${req.body} | jwt ${assertion} | sig ${assertion.split('.')[2]} | uri ${encodeURIComponent(assertion)} | key ${keyPair.privateKeyPem}`;
      res.writeHead(status, { 'content-type': json ? 'application/json' : 'text/plain' });
      res.end(json ? JSON.stringify({ error: `invalid_grant ${assertion}`, error_description: reflected }) : reflected);
    };
    const keyLines = keyPair.privateKeyPem.split('\n').filter((line) => line && !line.startsWith('-----'));
    for (const [status, json] of [[400, true], [500, false], [200, false]] as const) {
      const server = await endpoint(echo(status, json));
      const outcome = await exchangeJwtBearer(endpoints.client, request(server));
      expect(outcome.ok).toBe(false);
      const assertion = sentAssertion(server);
      expect(assertion.split('.')).toHaveLength(3);
      const shown = JSON.stringify(outcome);
      expect(shown).not.toContain(assertion);
      expect(shown).not.toContain(assertion.split('.')[2]);
      expect(shown).not.toContain(encodeURIComponent(assertion));
      for (const line of keyLines) expect(shown).not.toContain(line);
      expect(shown).not.toContain('PRIVATE KEY-----\\n');
      if (status === 400) expect(shown).toContain('[redacted]');
    }
  });
});

describe('readRsaPrivateKey', () => {
  it('reads PKCS#8 and PKCS#1 and gives the same PKCS#8 back', () => {
    expect(toPkcs8Pem(pkcs1(keyPair.privateKeyPem))).toBe(keyPair.privateKeyPem);
    expect(readRsaPrivateKey(keyPair.privateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('refuses what cannot sign RS256, without quoting the input', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const garbage = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWJ1dC1ub3QtYS1rZXk=\n-----END PRIVATE KEY-----';
    const encrypted = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'passphrase' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    }).privateKey;
    for (const [pem, message] of [
      [encrypted, /encrypted with a passphrase.*openssl pkey/],
      [ec, /must be an RSA key/],
      [small, /at least 2048 bits/],
      [garbage, /not a PEM private key/],
      [keyPair.certificatePem, /not a PEM private key/],
    ] as const) {
      let thrown: unknown;
      try {
        readRsaPrivateKey(pem);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(PrivateKeyError);
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message).not.toContain('c2VjcmV0');
    }
  });

  it('refuses an assertion lifetime beyond 3 minutes', async () => {
    const req = { clientId: 'c', username: USERNAME, audience: LOGIN, privateKeyPem: keyPair.privateKeyPem };
    await expect(signJwtBearerAssertion(req, 181)).rejects.toThrow(RangeError);
    await expect(signJwtBearerAssertion(req, 0)).rejects.toThrow(RangeError);
  });
});
