import { describe, expect, it } from 'vitest';
import { accessToken, api, assertion, demoBody, expectOAuthError, jwtBody, signingKey, soapLogin, token, useSandbox, xmlField, type Json } from '../test-support';

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

describe('/__sandbox JWT bearer controls', () => {
  const post = (path: string, body: unknown) =>
    fetch(`${sandbox.url}/__sandbox/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const demoState = async () => {
    const state = (await (await fetch(`${sandbox.url}/__sandbox/state`)).json()) as { apps: Json[] };
    return state.apps.find((a) => a.consumerKey === sandbox.demoApp.consumerKey);
  };

  it('uploads a certificate, switches signatures off and on and sets the pre-authorized user over HTTP', async () => {
    const { consumerKey } = sandbox.demoApp;
    expect(await demoState()).toMatchObject({ jwtEnabled: false, certificate: null, preAuthorizedUsername: null });

    const key = await signingKey('uploaded-over-http');
    expect((await post('jwt-certificate', { consumerKey, certificate: key.certificatePem })).status).toBe(204);
    expect((await post('jwt-user', { consumerKey, username: 'integration@example.com' })).status).toBe(204);
    expect(await demoState()).toMatchObject({
      jwtEnabled: true,
      certificate: { subject: 'CN=uploaded-over-http', fingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) },
      preAuthorizedUsername: 'integration@example.com',
    });
    expect((await token(jwtBody(await assertion(key.privateKey)))).res.status).toBe(200);

    expect((await post('jwt-enabled', { consumerKey, enabled: false })).status).toBe(204);
    await expectOAuthError(token(jwtBody(await assertion(key.privateKey))), 'invalid_grant', 'invalid assertion');
    expect((await post('jwt-enabled', { consumerKey, enabled: true })).status).toBe(204);
    expect((await post('jwt-user', { consumerKey, username: null })).status).toBe(204);
    await expectOAuthError(token(jwtBody(await assertion(key.privateKey))), 'invalid_grant', "user hasn't approved this consumer");

    expect((await post('reset', {})).status).toBe(204);
    expect(await demoState()).toMatchObject({ jwtEnabled: false, certificate: null, preAuthorizedUsername: null });
  });

  it('rejects a certificate that is not one, a blank user and an unknown app', async () => {
    const { consumerKey } = sandbox.demoApp;
    const bad = await post('jwt-certificate', { consumerKey, certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'certificate must be a PEM X.509 certificate' });
    expect((await post('jwt-certificate', { consumerKey })).status).toBe(400);
    expect((await post('jwt-user', { consumerKey, username: ' ' })).status).toBe(400);
    expect((await post('jwt-enabled', { consumerKey: 'nope', enabled: true })).status).toBe(400);
  });
});

describe('/__sandbox SOAP login() controls', () => {
  const post = (path: string, body: unknown) =>
    fetch(`${sandbox.url}/__sandbox/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const state = async () => (await (await fetch(`${sandbox.url}/__sandbox/state`)).json()) as Json;

  it('sets the integration user\'s credentials and trusts the caller\'s address over HTTP', async () => {
    const initial = sandbox.integrationUser;
    expect(initial.username).toBe('integration@example.com');
    expect(initial.securityToken).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(await state()).toMatchObject({ integrationUser: { username: initial.username, userId: expect.stringMatching(/^005/) }, trustedIpRange: false });

    expect((await post('integration-user', { username: 'api@acme.example', password: 'p<&>', securityToken: 'TOKEN' })).status).toBe(204);
    expect(sandbox.integrationUser).toEqual({ username: 'api@acme.example', password: 'p<&>', securityToken: 'TOKEN' });
    expect(xmlField((await soapLogin('p<&>TOKEN', 'api@acme.example')).xml, 'sessionId')).toBeDefined();
    expect(xmlField((await soapLogin('p<&>', 'api@acme.example')).xml, 'faultcode')).toBe('sf:LOGIN_MUST_USE_SECURITY_TOKEN');

    expect((await post('trusted-ip-range', { enabled: true })).status).toBe(204);
    expect((await state()).trustedIpRange).toBe(true);
    expect((await soapLogin('p<&>', 'api@acme.example')).res.status).toBe(200);
    // Only what is given changes.
    expect((await post('integration-user', { password: 'second' })).status).toBe(204);
    expect(sandbox.integrationUser).toEqual({ username: 'api@acme.example', password: 'second', securityToken: 'TOKEN' });

    const shown = JSON.stringify(await state());
    expect(shown).not.toContain('second');
    expect(shown).not.toContain('TOKEN');

    expect((await post('reset', {})).status).toBe(204);
    expect(sandbox.integrationUser).toEqual(initial);
    expect((await state()).trustedIpRange).toBe(false);
  });

  it('rejects empty or non-string credentials and a non-boolean trust', async () => {
    expect((await post('integration-user', { password: '' })).status).toBe(400);
    expect((await post('integration-user', { username: '  ' })).status).toBe(400);
    expect((await post('integration-user', { securityToken: 42 })).status).toBe(400);
    expect((await post('trusted-ip-range', { enabled: 'yes' })).status).toBe(400);
    expect(sandbox.integrationUser.username).toBe('integration@example.com');
  });
});
