import { describe, expect, it } from 'vitest';
import { accessToken, api, demoBody, expectOAuthError, token, useSandbox, type Json } from '../test-support';

const sandbox = useSandbox();

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
