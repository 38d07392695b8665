import { beforeAll, describe, expect, it } from 'vitest';
import { api, assertion, expectOAuthError, jwtBody, logLines, signingKey, token, useSandbox, type TestSigningKey } from '../test-support';

const sandbox = useSandbox();
const USER = 'integration@example.com';

describe('token endpoint: the JWT bearer grant (RFC 7523)', () => {
  let key: TestSigningKey;
  let otherKey: TestSigningKey;
  beforeAll(async () => {
    [key, otherKey] = await Promise.all([signingKey('keyway'), signingKey('someone-else')]);
  });
  const setUp = () => {
    sandbox.control.uploadCertificate(sandbox.demoApp.consumerKey, key.certificatePem);
    sandbox.control.setPreAuthorizedUser(sandbox.demoApp.consumerKey, USER);
  };

  it('issues a Salesforce-shaped token for an assertion signed by the uploaded certificate\'s key', async () => {
    setUp();
    const { res, json } = await token(jwtBody(await assertion(key.privateKey)));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(json).sort()).toEqual(['access_token', 'id', 'instance_url', 'issued_at', 'scope', 'signature', 'token_type']);
    expect(json).toMatchObject({ token_type: 'Bearer', scope: 'api', instance_url: sandbox.url });
    expect(sandbox.control.issuedTokens()).toEqual([json.access_token]);
    expect((await api('/services/data', String(json.access_token))).status).toBe(200);
  });

  it('takes each audience Salesforce does, on the My Domain host and on login.salesforce.com\'s path', async () => {
    setUp();
    for (const aud of ['https://login.salesforce.com', 'https://test.salesforce.com', sandbox.url, `${sandbox.url}/`]) {
      for (const path of ['/services/oauth2/token', '/login/services/oauth2/token']) {
        const { res } = await token(jwtBody(await assertion(key.privateKey, { aud })), {}, path);
        expect(res.status, `${aud} at ${path}`).toBe(200);
      }
    }
    // Salesforce usernames do not depend on case.
    expect((await token(jwtBody(await assertion(key.privateKey, { sub: USER.toUpperCase() })))).res.status).toBe(200);
  });

  it('answers an unknown consumer key as invalid_client_id', async () => {
    setUp();
    await expectOAuthError(token(jwtBody(await assertion(key.privateKey, { iss: '3MVG9unknown' }))), 'invalid_client_id', 'client identifier invalid');
    await expectOAuthError(token(jwtBody(await assertion(key.privateKey, { iss: undefined }))), 'invalid_client_id', 'client identifier invalid');
  });

  it('answers "invalid assertion" for a wrong key, no certificate, signatures off, another alg or no JWT at all', async () => {
    await expectOAuthError(token(jwtBody(await assertion(key.privateKey))), 'invalid_grant', 'invalid assertion'); // nothing uploaded yet
    setUp();
    await expectOAuthError(token(jwtBody(await assertion(otherKey.privateKey))), 'invalid_grant', 'invalid assertion');
    const [header, payload] = (await assertion(key.privateKey)).split('.');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    await expectOAuthError(token(jwtBody(unsigned)), 'invalid_grant', 'invalid assertion');
    // A valid signature over a changed payload.
    const tampered = (await assertion(key.privateKey, { sub: 'admin@example.com' })).split('.');
    await expectOAuthError(token(jwtBody(`${header}.${payload}.${tampered[2]}`)), 'invalid_grant', 'invalid assertion');
    for (const junk of ['', 'not-a-jwt', 'a.b.c']) await expectOAuthError(token(jwtBody(junk)), 'invalid_grant', 'invalid assertion');

    sandbox.control.setJwtEnabled(sandbox.demoApp.consumerKey, false);
    await expectOAuthError(token(jwtBody(await assertion(key.privateKey))), 'invalid_grant', 'invalid assertion');
    expect(sandbox.control.issuedTokens()).toEqual([]);
  });

  it('answers "audience is invalid" for any other audience', async () => {
    setUp();
    for (const aud of ['https://login.salesforce.com.evil.example', 'https://example.my.salesforce.com', undefined]) {
      await expectOAuthError(token(jwtBody(await assertion(key.privateKey, { aud }))), 'invalid_grant', 'audience is invalid');
    }
  });

  it('refuses an expired assertion, one without exp, and one that lives more than 5 minutes', async () => {
    setUp();
    const now = Math.floor(Date.now() / 1000);
    await expectOAuthError(token(jwtBody(await assertion(key.privateKey, { exp: now - 1 }))), 'invalid_grant', 'expired authorization code');
    await expectOAuthError(token(jwtBody(await assertion(key.privateKey, { exp: undefined }))), 'invalid_grant', 'expired authorization code');
    await expectOAuthError(token(jwtBody(await assertion(key.privateKey, { exp: now + 600 }))), 'invalid_grant', 'invalid assertion');
  });

  it('answers "user hasn\'t approved this consumer" unless sub is the pre-authorized user', async () => {
    sandbox.control.uploadCertificate(sandbox.demoApp.consumerKey, key.certificatePem);
    await expectOAuthError(token(jwtBody(await assertion(key.privateKey))), 'invalid_grant', "user hasn't approved this consumer");
    setUp();
    for (const sub of ['someone@example.com', undefined]) {
      await expectOAuthError(token(jwtBody(await assertion(key.privateKey, { sub }))), 'invalid_grant', "user hasn't approved this consumer");
    }
    sandbox.control.setPreAuthorizedUser(sandbox.demoApp.consumerKey, null);
    await expectOAuthError(token(jwtBody(await assertion(key.privateKey))), 'invalid_grant', "user hasn't approved this consumer");
  });

  it('never logs the assertion', async () => {
    setUp();
    const jwt = await assertion(key.privateKey);
    await token(jwtBody(jwt));
    const signature = jwt.split('.')[2]!;
    expect(logLines.join('\n')).not.toContain(signature);
  });
});
