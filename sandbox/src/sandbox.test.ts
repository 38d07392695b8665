import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sandboxSwaggerPath, startSalesforceSandbox, type SalesforceSandbox } from './index';

let sandbox: SalesforceSandbox;
const logLines: string[] = [];

beforeAll(async () => {
  sandbox = await startSalesforceSandbox({ port: 0, host: '127.0.0.1', log: (line) => logLines.push(line) });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(() => {
  sandbox.control.reset();
});

type Json = Record<string, unknown>;

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

async function token(body: string, headers: Record<string, string> = {}, path = '/services/oauth2/token') {
  const res = await fetch(sandbox.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return { res, json: (await res.json()) as Json };
}

const demoBody = () =>
  form({ grant_type: 'client_credentials', client_id: sandbox.demoApp.consumerKey, client_secret: sandbox.demoApp.consumerSecret });

async function accessToken(): Promise<string> {
  const { json } = await token(demoBody());
  return String(json.access_token);
}

function api(path: string, bearer?: string) {
  return fetch(sandbox.url + path, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
}

/** RFC 6749 Appendix B: form-encode id and secret, join with ':', base64. */
function basic(id: string, secret: string): string {
  const enc = (s: string) => new URLSearchParams({ v: s }).toString().slice(2);
  return 'Basic ' + Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64');
}

async function expectOAuthError(p: ReturnType<typeof token>, error: string, description: string) {
  const { res, json } = await p;
  expect(res.status).toBe(400);
  expect(json).toEqual({ error, error_description: description });
}

async function noRunAsKey(): Promise<string> {
  const state = (await (await fetch(`${sandbox.url}/__sandbox/state`)).json()) as { apps: { name: string; consumerKey: string }[] };
  return state.apps.find((a) => a.name === 'NoRunAsUser')?.consumerKey ?? '';
}

describe('token endpoint', () => {
  it('issues a Salesforce-shaped token', async () => {
    const { res, json } = await token(demoBody());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(json).sort()).toEqual(['access_token', 'id', 'instance_url', 'issued_at', 'scope', 'signature', 'token_type']);
    expect(json).not.toHaveProperty('expires_in');
    expect(json.access_token).toMatch(/^00D[A-Za-z0-9]{15}![A-Za-z0-9_-]{40,}$/);
    expect(json.instance_url).toBe(sandbox.url);
    expect(json.id).toMatch(new RegExp(`^${sandbox.url}/id/00D[A-Za-z0-9]{15}/005[A-Za-z0-9]{15}$`));
    expect(json.token_type).toBe('Bearer');
    expect(json.scope).toBe('api');
    expect(json.issued_at).toMatch(/^\d{13}$/);
    const expected = createHmac('sha256', sandbox.demoApp.consumerSecret)
      .update(String(json.id) + String(json.issued_at))
      .digest('base64');
    expect(json.signature).toBe(expected);
    expect(sandbox.control.issuedTokens()).toEqual([json.access_token]);
    expect(sandbox.control.tokenRequestCount()).toBe(1);
  });

  it('accepts RFC 6749 Basic client auth with a secret that needs form-encoding', async () => {
    const secret = 'a+b c:d%e/f';
    sandbox.control.rotateSecret(sandbox.demoApp.consumerKey, secret);
    expect(sandbox.demoApp.consumerSecret).toBe(secret);
    const auth = { authorization: basic(sandbox.demoApp.consumerKey, secret) };
    const { res, json } = await token(form({ grant_type: 'client_credentials' }), auth);
    expect(res.status).toBe(200);
    const expected = createHmac('sha256', secret).update(String(json.id) + String(json.issued_at)).digest('base64');
    expect(json.signature).toBe(expected);

    // The raw, un-encoded secret must not be accepted: '+' would decode to a space.
    const raw = 'Basic ' + Buffer.from(`${sandbox.demoApp.consumerKey}:${secret}`).toString('base64');
    await expectOAuthError(token(form({ grant_type: 'client_credentials' }), { authorization: raw }), 'invalid_client', 'invalid client credentials');
  });

  it('rejects client auth in both the header and the body', async () => {
    const auth = { authorization: basic(sandbox.demoApp.consumerKey, sandbox.demoApp.consumerSecret) };
    const { res, json } = await token(demoBody(), auth);
    expect(res.status).toBe(400);
    expect(json.error).toBe('invalid_request');
  });

  it('answers the Salesforce error shapes', async () => {
    const { consumerKey, consumerSecret } = sandbox.demoApp;
    await expectOAuthError(
      token(form({ grant_type: 'password', client_id: consumerKey, client_secret: consumerSecret })),
      'unsupported_grant_type',
      'grant type not supported',
    );
    await expectOAuthError(
      token(form({ grant_type: 'client_credentials', client_id: '3MVG9unknown', client_secret: consumerSecret })),
      'invalid_client_id',
      'client identifier invalid',
    );
    await expectOAuthError(
      token(form({ grant_type: 'client_credentials', client_id: consumerKey, client_secret: 'wrong' })),
      'invalid_client',
      'invalid client credentials',
    );
    await expectOAuthError(token(form({ grant_type: 'client_credentials' })), 'invalid_client', 'invalid client credentials');
    await expectOAuthError(
      token(form({ grant_type: 'client_credentials', client_id: await noRunAsKey(), client_secret: 'wrong' })),
      'invalid_client',
      'invalid client credentials',
    );

    sandbox.control.setRunAsUser(consumerKey, false);
    await expectOAuthError(token(demoBody()), 'invalid_grant', 'no client credentials user enabled');
    sandbox.control.setRunAsUser(consumerKey, true);

    sandbox.control.setClientCredentialsEnabled(consumerKey, false);
    await expectOAuthError(token(demoBody()), 'unsupported_grant_type', 'grant type not supported');
    sandbox.control.setClientCredentialsEnabled(consumerKey, true);

    const json = await fetch(`${sandbox.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: consumerKey, client_secret: consumerSecret }),
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as Json).error).toBe('invalid_request');

    await expectOAuthError(token(demoBody(), {}, '/login/services/oauth2/token'), 'unsupported_grant_type', 'request not supported on this domain');
    expect(sandbox.control.issuedTokens()).toEqual([]);
  });

  it('answers login.* hosts like login.salesforce.com', async () => {
    const { request } = await import('node:http');
    const body = demoBody();
    const result = await new Promise<{ status: number; json: Json }>((resolve, reject) => {
      const req = request(
        `${sandbox.url}/services/oauth2/token`,
        { method: 'POST', headers: { host: 'login.salesforce.com', 'content-type': 'application/x-www-form-urlencoded' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Json }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(result).toEqual({
      status: 400,
      json: { error: 'unsupported_grant_type', error_description: 'request not supported on this domain' },
    });
  });

  it('shows the NoRunAsUser app error with its own credentials', async () => {
    // Its secret is never exposed over HTTP, so give it a known one first.
    const key = await noRunAsKey();
    sandbox.control.rotateSecret(key, 'known-secret');
    await expectOAuthError(
      token(form({ grant_type: 'client_credentials', client_id: key, client_secret: 'known-secret' })),
      'invalid_grant',
      'no client credentials user enabled',
    );
  });

  it('injects token endpoint failures', async () => {
    sandbox.control.setTokenFailure(503);
    const { res } = await token(demoBody());
    expect(res.status).toBe(503);
    expect(sandbox.control.issuedTokens()).toEqual([]);
    expect(sandbox.control.tokenRequestCount()).toBe(1);
  });

  it('never echoes the secret', async () => {
    const secret = sandbox.demoApp.consumerSecret;
    const ok = await fetch(`${sandbox.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: demoBody(),
    });
    const state = await fetch(`${sandbox.url}/__sandbox/state`);
    for (const text of [await ok.text(), await state.text(), logLines.join('\n')]) expect(text).not.toContain(secret);
  });
});

describe('/services/data', () => {
  it('lists versions with a valid token', async () => {
    const t = await accessToken();
    for (const path of ['/services/data', '/services/data/']) {
      const res = await api(path, t);
      expect(res.status).toBe(200);
      const versions = (await res.json()) as Json[];
      expect(versions).toContainEqual({ label: "Winter '26", url: '/services/data/v65.0', version: '65.0' });
    }
    const resources = (await (await api('/services/data/v65.0', t)).json()) as Json;
    expect(resources.sobjects).toBe('/services/data/v65.0/sobjects');
    const global = (await (await api('/services/data/v65.0/sobjects', t)).json()) as { sobjects: Json[] };
    expect(global.sobjects.map((s) => s.name)).toContain('Account');
  });

  it('answers 401 INVALID_SESSION_ID for missing, invalid and revoked tokens', async () => {
    const t = await accessToken();
    sandbox.control.revokeAllTokens();
    for (const bearer of [undefined, '00Dbogus!nope', t]) {
      const res = await api('/services/data/v65.0/sobjects', bearer);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Token');
      expect(await res.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
    expect(sandbox.control.issuedTokens()).toEqual([t]);
  });

  it('injects API failures and delays', async () => {
    const t = await accessToken();
    sandbox.control.setApiFailure(503);
    const res = await api('/services/data', t);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual([expect.objectContaining({ errorCode: 'SERVER_UNAVAILABLE' })]);

    sandbox.control.setApiFailure(null);
    sandbox.control.setApiDelayMs(150);
    const started = Date.now();
    expect((await api('/services/data', t)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('/__sandbox controls', () => {
  const post = (path: string, body: unknown, contentType = 'application/json') =>
    fetch(`${sandbox.url}/__sandbox/${path}`, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) });

  it('drives the same controls over HTTP', async () => {
    const t = await accessToken();
    expect((await post('api-failure', { status: 500 })).status).toBe(204);
    expect((await api('/services/data', t)).status).toBe(500);
    expect((await post('reset', {})).status).toBe(204);

    expect((await post('token-failure', { status: 503 })).status).toBe(204);
    expect((await token(demoBody())).res.status).toBe(503);
    expect((await post('token-failure', { status: null })).status).toBe(204);

    expect((await post('rotate-secret', { consumerKey: sandbox.demoApp.consumerKey, consumerSecret: 'new-one' })).status).toBe(204);
    expect(sandbox.demoApp.consumerSecret).toBe('new-one');
    expect((await post('run-as-user', { consumerKey: sandbox.demoApp.consumerKey, enabled: false })).status).toBe(204);
    await expectOAuthError(token(demoBody()), 'invalid_grant', 'no client credentials user enabled');

    expect((await post('reset', {})).status).toBe(204);
    const t2 = await accessToken();
    expect((await post('revoke-all', {})).status).toBe(204);
    expect((await api('/services/data', t2)).status).toBe(401);

    const state = (await (await fetch(`${sandbox.url}/__sandbox/state`)).json()) as Json;
    expect(state).toMatchObject({ issuedTokens: [t2], tokenRequestCount: 1, activeTokenCount: 0, apiFailure: null });
  });

  it('rejects bad control requests', async () => {
    expect((await post('run-as-user', { consumerKey: 'nope', enabled: true })).status).toBe(400);
    expect((await post('api-failure', { status: 200 })).status).toBe(400);
    expect((await post('reset', {}, 'text/plain')).status).toBe(415);
  });
});

describe('swagger', () => {
  it('describes the sandbox as Swagger 2.0', async () => {
    const doc = parse(await readFile(sandboxSwaggerPath, 'utf8')) as Json;
    expect(doc).toMatchObject({
      swagger: '2.0',
      info: { title: 'Salesforce REST API (Keyway sandbox)', version: '65.0' },
      host: '127.0.0.1:4010',
      basePath: '/services/data',
      schemes: ['http'],
    });
    expect(Object.keys(doc.paths as Json)).toEqual(['/', '/v65.0', '/v65.0/sobjects']);
    const defs = doc.securityDefinitions as Record<string, Json>;
    expect(Object.values(defs)).toContainEqual(
      expect.objectContaining({ type: 'oauth2', flow: 'application', tokenUrl: 'http://127.0.0.1:4010/services/oauth2/token' }),
    );
  });
});
