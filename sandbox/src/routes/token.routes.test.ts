import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { basic, demoBody, expectOAuthError, form, logLines, noRunAsKey, token, useSandbox, type Json } from '../test-support';

const sandbox = useSandbox();

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
