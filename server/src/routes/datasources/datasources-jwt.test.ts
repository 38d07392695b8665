import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateJwtKeyPair } from '../../connectivity/jwt-key-pair';
import { sandboxConsole } from '../../test-support/sandbox-console';
import { signedInAs } from '../../test-support/test-app';

const USER = 'integration@acme.example';

/**
 * The JWT bearer grant through the console's routes against the bundled sandbox: a key pair made
 * by "Generate a key pair for me", its certificate uploaded to the connected app, Test Connection,
 * Create, and what a later edit may and may not do with the stored key.
 */
describe('data sources with the JWT bearer grant', () => {
  const sb = sandboxConsole();

  const jwtConnection = (auth: Record<string, unknown>) => {
    const base = sb.connection();
    return {
      ...base,
      auth: {
        type: 'oauth2',
        grantType: 'jwt_bearer',
        clientId: sb.sandbox.demoApp.consumerKey,
        username: USER,
        audience: 'https://login.salesforce.com',
        tokenUrl: base.auth.tokenUrl,
        scope: '',
        ...auth,
      },
    };
  };

  async function generatedPair() {
    const made = await sb.agent.post('/api/datasources/key-pairs').send({ commonName: 'Keyway Salesforce' }).expect(201);
    const { id, certificate } = made.body.keyPair;
    sb.sandbox.control.uploadCertificate(sb.sandbox.demoApp.consumerKey, certificate.pem);
    sb.sandbox.control.setPreAuthorizedUser(sb.sandbox.demoApp.consumerKey, USER);
    return { id: id as string, certificate, body: made.text };
  }

  it('generates a pair whose private key never leaves the server, tests it, and saves it with its certificate', async () => {
    const pair = await generatedPair();
    expect(pair.body).not.toMatch(/PRIVATE KEY/);
    expect(pair.certificate).toMatchObject({ subject: 'CN=Keyway Salesforce', sha256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) });

    const connection = jwtConnection({ generatedKeyId: pair.id });
    const test = await sb.agent.post('/api/datasources/test').send(connection).expect(200);
    expect(test.body.result).toMatchObject({ ok: true, steps: [{ name: 'token', ok: true }, { name: 'api', ok: true }] });
    expect(test.text).not.toMatch(/PRIVATE KEY/);
    const issued = sb.sandbox.control.issuedTokens();
    expect(issued.length).toBeGreaterThan(0);
    for (const token of issued) expect(test.text).not.toContain(token);

    const created = await sb.agent
      .post('/api/datasources')
      .send({ ...sb.details('JWT'), ...connection, swagger: sb.swagger(), folderId: sb.globalFolderId, testReceipt: test.body.result.receipt })
      .expect(201);
    const dataSource = created.body.dataSource;
    expect(dataSource.auth).toMatchObject({ grantType: 'jwt_bearer', username: USER, certificate: { sha256: pair.certificate.sha256 } });
    expect(dataSource).toMatchObject({ secretSet: true, storedSecrets: ['privateKey'] });
    expect(created.text).not.toMatch(/PRIVATE KEY|generatedKeyId/);

    // The pending copy went with the save: the key lives under the data source alone.
    const owners = await sb.ctx.db.selectFrom('secrets').select(['owner_id', 'name']).execute();
    expect(owners).toEqual([{ owner_id: dataSource.id, name: 'privateKey' }]);

    // The stored key works for a test of the saved data source, and for an edit that keeps it.
    const saved = await sb.agent.post(`/api/datasources/${dataSource.id}/test`).expect(200);
    expect(saved.body.result.ok).toBe(true);
    const kept = await sb.agent
      .put(`/api/datasources/${dataSource.id}`)
      .send({ ...sb.details('JWT renamed'), ...jwtConnection({}), swagger: { ...sb.swagger(), document: '' }, version: dataSource.version })
      .expect(200);
    expect(kept.body.dataSource.auth.certificate.sha256).toBe(pair.certificate.sha256);
  });

  it('attack: a stored private key is not used for another token URL or audience', async () => {
    const pair = await generatedPair();
    const connection = jwtConnection({ generatedKeyId: pair.id });
    const test = await sb.agent.post('/api/datasources/test').send(connection).expect(200);
    const created = await sb.agent
      .post('/api/datasources')
      .send({ ...sb.details('JWT'), ...connection, swagger: sb.swagger(), folderId: sb.globalFolderId, testReceipt: test.body.result.receipt })
      .expect(201);
    const id = created.body.dataSource.id;

    // A 422 before any call: a test that went out would answer 200 with its outcome.
    for (const change of [{ tokenUrl: 'http://127.0.0.1:9/services/oauth2/token' }, { audience: 'https://test.salesforce.com' }]) {
      const moved = await sb.agent.post('/api/datasources/test').send({ ...jwtConnection(change), dataSourceId: id }).expect(422);
      expect(moved.body.error).toMatchObject({ code: 'secret_required', details: { fieldErrors: { 'auth.privateKey': [expect.stringContaining('new address')] } } });
    }
  });

  it('attack: a key pair generated by one person cannot be adopted by another', async () => {
    const pair = await generatedPair();
    const { agent: editor } = await signedInAs(sb.ctx.app, sb.ctx.db, 'editor');
    const stolen = await editor.post('/api/datasources/test').send(jwtConnection({ generatedKeyId: pair.id })).expect(422);
    expect(stolen.body.error.code).toBe('key_pair_expired');
  });

  it('takes a private key typed in (PKCS#1 too), and says what is wrong with one that does not match or cannot sign', async () => {
    const own = await generateJwtKeyPair('typed key');
    sb.sandbox.control.uploadCertificate(sb.sandbox.demoApp.consumerKey, own.certificatePem);
    sb.sandbox.control.setPreAuthorizedUser(sb.sandbox.demoApp.consumerKey, USER);
    const pkcs1 = createPrivateKey(own.privateKeyPem).export({ type: 'pkcs1', format: 'pem' }).toString();
    const typed = await sb.agent.post('/api/datasources/test').send(jwtConnection({ privateKey: pkcs1 })).expect(200);
    expect(typed.body.result.ok).toBe(true);

    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const mismatch = await sb.agent.post('/api/datasources/test').send(jwtConnection({ privateKey: other })).expect(200);
    expect(mismatch.body.result.failure).toMatchObject({ step: 'token', error: 'invalid_grant', hint: expect.stringContaining('certificate') });
    expect(mismatch.text).not.toContain(other.split('\n')[1]);

    const garbage = await sb.agent.post('/api/datasources/test').send(jwtConnection({ privateKey: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----' })).expect(200);
    expect(garbage.body.result).toMatchObject({ ok: false, failure: { step: 'token', hint: expect.stringContaining('PKCS#8') } });
    expect(garbage.text).not.toContain('not a key');
  });

  it('attack: one person cannot pile up generated key pairs: the eleventh waiting is refused', async () => {
    for (let made = 0; made < 10; made += 1) await sb.agent.post('/api/datasources/key-pairs').send({ commonName: `pair ${made}` }).expect(201);
    const refused = await sb.agent.post('/api/datasources/key-pairs').send({ commonName: 'one too many' }).expect(429);
    expect(refused.body.error).toMatchObject({ code: 'too_many_key_pairs', message: expect.stringContaining('24 hours') });
    // Somebody else's allowance is their own.
    const { agent: editor } = await signedInAs(sb.ctx.app, sb.ctx.db, 'editor');
    await editor.post('/api/datasources/key-pairs').send({ commonName: 'mine' }).expect(201);
  });

  it('refuses a Generate request without a name, and needs the right to create data sources', async () => {
    const empty = await sb.agent.post('/api/datasources/key-pairs').send({ commonName: ' ' }).expect(400);
    expect(empty.body.error.details.fieldErrors.commonName).toBeDefined();
    const { agent: viewer } = await signedInAs(sb.ctx.app, sb.ctx.db, 'viewer');
    await viewer.post('/api/datasources/key-pairs').send({ commonName: 'x' }).expect(403);
  });
});
