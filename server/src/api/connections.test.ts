import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import supertest from 'supertest';
import { flowExample, flowExampleNames } from '@keyway/salesforce-sandbox';
import { AUTH_SPEC_NAMES, RESTFUL_SPEC_ID, SALESFORCE_SPEC_ID } from '@keyway/shared';
import { describe, expect, it } from 'vitest';
import { generateJwtKeyPair } from '../connectivity/jwt-key-pair';
import { sandboxConsole } from '../test-support/sandbox-console';
import { apiV1 } from '../test-support/openapi-contract';
import { signedInAs } from '../test-support/test-app';

const PROBLEM = /^application\/problem\+json/;
const USER = 'integration@acme.example';

/** /api/v1 against the bundled sandbox, as a Flow Service client would use it. */
describe('/api/v1/connections', () => {
  const sb = sandboxConsole();

  async function apiKey(role: 'editor' | 'viewer' | 'admin' = 'editor') {
    const made = await sb.agent.post('/api/api-keys').send({ name: `test ${role}`, role }).expect(201);
    return made.body.key as string;
  }

  /** A client with a key, as a machine calls: no cookie, and every answer checked against the OpenAPI document. */
  const v1 = (key: string) => apiV1(sb.ctx.app, key);

  const clientCredentials = (overrides: Record<string, unknown> = {}) => ({
    name: 'Salesforce production',
    description: 'Accounts for the quoting service',
    auth: {
      specName: AUTH_SPEC_NAMES.clientCredentials,
      params: {
        environmentUrl: sb.sandbox.url,
        clientId: sb.sandbox.demoApp.consumerKey,
        clientSecret: sb.originalSecret,
        apiVersion: '60.0',
        includeDeletedObjects: true,
        ...overrides,
      },
    },
    connectionSpec: { id: SALESFORCE_SPEC_ID, version: '1.0' },
  });

  /** Polls GET until the state leaves initializing, as Flow's documentation says to: bounded, 5 s at most. */
  async function settled(api: ReturnType<typeof v1>, id: string, done = (state: string) => state !== 'initializing') {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const read = await api.get(`/connections/${id}`).expect(200);
      if (done(read.body.items[0].state)) return read;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the connection did not reach the state waited for');
  }

  it('creates a Salesforce connection as Flow does, moves it from initializing to enabled, and shows it in the console', async () => {
    const api = v1(await apiKey());
    const created = await api.post('/connections').set('x-sandbox-name', 'global').send(clientCredentials()).expect(201);
    expect(created.body).toEqual({ id: expect.any(String), etag: '"v1"' });
    expect(created.headers.location).toBe(`/api/v1/connections/${created.body.id}`);
    expect(created.headers.etag).toBe('"v1"');

    const read = await settled(api, created.body.id);
    expect(read.headers.etag).toBe('"v1"');
    const [connection] = read.body.items;
    expect(connection).toMatchObject({
      id: created.body.id,
      name: 'Salesforce production',
      description: 'Accounts for the quoting service',
      connectionSpec: { id: SALESFORCE_SPEC_ID, version: '1.0' },
      state: 'enabled',
      auth: {
        specName: 'OAuth2 Client Credential',
        params: { environmentUrl: sb.sandbox.url, clientId: sb.sandbox.demoApp.consumerKey, apiVersion: '60.0', includeDeletedObjects: true },
      },
      secretParams: ['clientSecret'],
      sandboxName: 'global',
      createdBy: 'test editor (API key ' + connection.createdBy.split('API key ')[1],
      version: 1,
      etag: '"v1"',
    });
    expect(typeof connection.createdAt).toBe('number');
    expect(read.text).not.toContain(sb.originalSecret);
    expect(connection.auth.params).not.toHaveProperty('clientSecret');

    // One model, two faces: the console lists it, with the token URL and base path derived.
    const inConsole = (await sb.agent.get(`/api/datasources/${created.body.id}`).expect(200)).body.dataSource;
    expect(inConsole).toMatchObject({
      title: 'Salesforce production',
      name: 'salesforce-production',
      folderId: sb.globalFolderId,
      basePath: '/services/data/v60.0',
      auth: { tokenUrl: `${sb.sandbox.url}/services/oauth2/token` },
      swagger: { source: 'none' },
    });
    const audit = (await sb.agent.get('/api/audit?action=datasource.create').expect(200)).body.events;
    expect(audit[0]).toMatchObject({ actorEmail: expect.stringMatching(/^API key "test editor" \(kw_/), targetId: created.body.id, details: { via: 'api' } });
  });

  it('lists every problem of a bad body by JSON Pointer, names what exists, and stores nothing', async () => {
    const api = v1(await apiKey());
    const missing = await api.post('/connections').send(clientCredentials({ clientSecret: undefined, apiVersion: '60', environmentUrl: 'https://acme.my.salesforce.com/services' })).expect(400);
    expect(missing.headers['content-type']).toMatch(PROBLEM);
    expect(missing.body).toMatchObject({ type: 'urn:keyway:problem:validation_error', title: 'Bad Request', status: 400, code: 'validation_error' });
    expect(missing.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/auth/params/apiVersion',
      '/auth/params/clientSecret',
      '/auth/params/environmentUrl',
    ]);

    const spec = await api.post('/connections').send({ ...clientCredentials(), connectionSpec: { id: 'nope' } }).expect(400);
    expect(spec.body.errors[0]).toMatchObject({ pointer: '/connectionSpec/id', detail: expect.stringContaining(SALESFORCE_SPEC_ID) });
    const authSpec = await api.post('/connections').send({ ...clientCredentials(), auth: { specName: 'OAuth2 Password', params: {} } }).expect(400);
    expect(authSpec.body.errors[0]).toMatchObject({ pointer: '/auth/specName', detail: expect.stringContaining('"OAuth2 JWT Token Credential"') });
    const unknown = await api.post('/connections').send(clientCredentials({ tokenUrl: 'https://evil.example/token' })).expect(400);
    expect(unknown.body.errors[0].pointer).toBe('/auth/params');
    // An address the outbound policy refuses is refused now, not at the first check.
    const refused = await api.post('/connections').send(clientCredentials({ environmentUrl: 'http://acme.example' })).expect(400);
    expect(refused.body.errors[0]).toMatchObject({ pointer: '/auth/params/environmentUrl', detail: expect.stringContaining('https://') });

    expect((await api.get('/connections').expect(200)).body.items).toEqual([]);
  });

  it('PATCH needs If-Match: missing is 428, stale is 412, the current one applies and gives a new etag; a console edit changes it too', async () => {
    const api = v1(await apiKey());
    const { id } = (await api.post('/connections').send(clientCredentials()).expect(201)).body;
    await settled(api, id);
    const rename = [{ op: 'replace', path: '/name', value: 'Salesforce prod' }];

    const missing = await api.patch(`/connections/${id}`).send(rename).expect(428);
    expect(missing.body).toMatchObject({ code: 'precondition_required', detail: expect.stringContaining('"v1"') });
    const stale = await api.patch(`/connections/${id}`).set('if-match', '"v0"').send(rename).expect(412);
    expect(stale.body).toMatchObject({ code: 'precondition_failed', detail: expect.stringContaining('"v1"') });
    // An error carries no entity tag that could be mistaken for the connection's.
    expect(stale.headers.etag).toBeUndefined();
    const applied = await api.patch(`/connections/${id}`).set('if-match', '"v1"').send(rename).expect(200);
    expect(applied.body).toEqual({ id, etag: '"v2"' });
    expect((await api.get(`/connections/${id}`).expect(200)).body.items[0]).toMatchObject({ name: 'Salesforce prod', version: 2 });

    // The same etag again is stale now: two clients cannot both win.
    await api.patch(`/connections/${id}`).set('if-match', '"v1"').send(rename).expect(412);

    // An edit in the console is a change like any other.
    const ds = (await sb.agent.get(`/api/datasources/${id}`).expect(200)).body.dataSource;
    await sb.agent
      .put(`/api/datasources/${id}`)
      .send({ title: 'Renamed in the console', name: ds.name, description: ds.description, serviceType: 'restful', swagger: { source: 'none', url: '', fileName: '', document: '' }, scheme: ds.scheme, host: ds.host, basePath: ds.basePath, auth: ds.auth, version: 2 })
      .expect(200);
    expect((await api.get(`/connections/${id}`).expect(200)).headers.etag).toBe('"v3"');
  });

  it('refuses a patch of what Keyway keeps, of params the spec has not, and of a secret\'s removal, listing each; replaces a secret without showing it', async () => {
    const api = v1(await apiKey());
    const { id } = (await api.post('/connections').send(clientCredentials()).expect(201)).body;
    const refused = await api
      .patch(`/connections/${id}`)
      .set('if-match', '"v1"')
      .send([
        { op: 'replace', path: '/id', value: 'x' },
        { op: 'replace', path: '/state', value: 'enabled' },
        { op: 'add', path: '/auth/params/scope', value: 'api' },
        { op: 'remove', path: '/auth/params/clientSecret' },
      ])
      .expect(400);
    expect(refused.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/0/path', '/1/path', '/2/path', '/3/path']);
    const move = await api.patch(`/connections/${id}`).set('if-match', '"v1"').send([{ op: 'move', path: '/name', from: '/description' }]).expect(400);
    expect(move.body.errors[0]).toMatchObject({ pointer: '/0/op', detail: expect.stringContaining('"add", "replace" or "remove"') });
    expect(refused.body.errors.find((e: { pointer: string }) => e.pointer === '/2/path').detail).toContain('It takes:');
    expect((await api.get(`/connections/${id}`).expect(200)).body.items[0].version).toBe(1);

    const wrongType = await api.patch(`/connections/${id}`).set('if-match', '"v1"').set('content-type', 'application/json').send([]).expect(415);
    expect(wrongType.body.code).toBe('unsupported_media_type');

    const replaced = await api
      .patch(`/connections/${id}`)
      .set('if-match', '"v1"')
      .send([{ op: 'replace', path: '/auth/params/clientSecret', value: 'a-new-secret-value' }])
      .expect(200);
    expect(replaced.text).not.toContain('a-new-secret-value');
    const after = await settled(api, id);
    expect(after.text).not.toContain('a-new-secret-value');
    expect(after.body.items[0]).toMatchObject({ version: 2, secretParams: ['clientSecret'] });
  });

  it('tests a stored connection without showing a token, deletes it, and keeps to its sandbox', async () => {
    const api = v1(await apiKey());
    const { id } = (await api.post('/connections').send(clientCredentials()).expect(201)).body;
    const tested = await api.post(`/connections/${id}/test`).expect(200);
    expect(tested.body.result).toMatchObject({ ok: true, steps: [{ name: 'token', ok: true }, { name: 'api', ok: true }] });
    for (const token of sb.sandbox.control.issuedTokens()) expect(tested.text).not.toContain(token);

    const elsewhere = await sb.agent.post('/api/folders').send({ title: 'Staging', name: 'staging' }).expect(201);
    expect(elsewhere.body.folder.name).toBe('staging');
    const wrongSandbox = await api.get(`/connections/${id}`).set('x-sandbox-name', 'staging').expect(404);
    expect(wrongSandbox.body.detail).toContain('"staging"');
    const noSandbox = await api.get('/connections').set('x-sandbox-name', 'prod').expect(404);
    expect(noSandbox.body).toMatchObject({ code: 'sandbox_not_found', detail: expect.stringContaining('global, staging') });

    await api.delete(`/connections/${id}`).set('if-match', '"v0"').expect(412);
    await api.delete(`/connections/${id}`).expect(204);
    await api.get(`/connections/${id}`).expect(404);
    await sb.agent.get(`/api/datasources/${id}`).expect(404);
  });

  it('lists with property filters, orderby and a continuation token', async () => {
    const api = v1(await apiKey());
    for (const name of ['A', 'B', 'C']) await api.post('/connections').send({ ...clientCredentials(), name }).expect(201);
    await api
      .post('/connections')
      .send({ name: 'Open API', auth: { specName: 'No Authentication', params: { url: `${sb.sandbox.url}/services/data` } }, connectionSpec: { id: RESTFUL_SPEC_ID } })
      .expect(201);

    const salesforce = await api.get(`/connections?property=connectionSpec.id==${SALESFORCE_SPEC_ID}&orderby=-name&limit=2`).expect(200);
    expect(salesforce.body.items.map((c: { name: string }) => c.name)).toEqual(['C', 'B']);
    const next = salesforce.body._links.next.href as string;
    expect(next).toMatch(/^\/api\/v1\/connections\?.*continuationToken=/);
    const page2 = await api.get(next.replace('/api/v1', '')).expect(200);
    expect(page2.body.items.map((c: { name: string }) => c.name)).toEqual(['A']);
    expect(page2.body._links).toEqual({});

    const notSalesforce = await api.get(`/connections?property=connectionSpec.id!=${SALESFORCE_SPEC_ID}`).expect(200);
    expect(notSalesforce.body.items.map((c: { name: string }) => c.name)).toEqual(['Open API']);
    const bad = await api.get('/connections?property=secret==1&orderby=size&limit=1000&continuationToken=zzz').expect(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/property', '/orderby', '/limit', '/continuationToken']);
    const twice = await api.get('/connections?orderby=name&orderby=createdAt&limit=1&limit=2').expect(400);
    expect(twice.body.errors).toEqual([{ pointer: '/orderby', detail: 'Give orderby once' }, { pointer: '/limit', detail: 'Give limit once' }]);
  });

  it("attack: cookies open nothing on /api/v1, a key opens nothing on the console's routes, and a viewer key cannot write", async () => {
    const key = await apiKey('viewer');
    const withCookie = await sb.agent.get('/api/v1/connections').expect(401);
    expect(withCookie.headers['content-type']).toMatch(PROBLEM);
    await supertest(sb.ctx.app).get('/api/datasources').set('authorization', `Bearer ${key}`).query({ folderId: sb.globalFolderId }).expect(401);
    const denied = await v1(key).post('/connections').send(clientCredentials()).expect(403);
    expect(denied.body.detail).toContain('Viewer');
  });

  it('creates a JWT bearer connection with a key pair Keyway generated, its private key never sent', async () => {
    const api = v1(await apiKey());
    const pair = await api.post('/keyPairs').send({ commonName: 'Keyway CI' }).expect(201);
    expect(pair.text).not.toContain('PRIVATE KEY');
    sb.sandbox.control.uploadCertificate(sb.sandbox.demoApp.consumerKey, pair.body.certificate.pem);
    sb.sandbox.control.setPreAuthorizedUser(sb.sandbox.demoApp.consumerKey, USER);

    const created = await api
      .post('/connections')
      .send({
        name: 'Salesforce JWT',
        auth: {
          specName: 'OAuth2 JWT Token Credential',
          params: { environmentUrl: sb.sandbox.url, clientId: sb.sandbox.demoApp.consumerKey, username: USER, keyPairId: pair.body.id, apiVersion: '60.0' },
        },
        connectionSpec: { id: SALESFORCE_SPEC_ID, version: '1.0' },
      })
      .expect(201);
    const read = await settled(api, created.body.id);
    expect(read.body.items[0]).toMatchObject({
      state: 'enabled',
      auth: { specName: 'OAuth2 JWT Token Credential', params: { username: USER, audience: 'https://login.salesforce.com' } },
      secretParams: ['privateKey'],
    });
  });

  it('accepts Flow\'s ready-made jwtToken, uses it while it lasts, and says it expired once it has', async () => {
    const api = v1(await apiKey());
    const pair = await generateJwtKeyPair('flow compatibility');
    sb.sandbox.control.uploadCertificate(sb.sandbox.demoApp.consumerKey, pair.certificatePem);
    sb.sandbox.control.setPreAuthorizedUser(sb.sandbox.demoApp.consumerKey, USER);
    const jwtToken = async (lifetimeSeconds: number) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer(sb.sandbox.demoApp.consumerKey)
        .setSubject(USER)
        .setAudience('https://login.salesforce.com')
        .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeSeconds)
        .sign(createPrivateKey(pair.privateKeyPem));
    const create = async (token: string) =>
      (
        await api
          .post('/connections')
          .send({
            name: `Salesforce jwtToken ${token.slice(-6)}`,
            auth: { specName: 'OAuth2 JWT Token Credential', params: { environmentUrl: sb.sandbox.url, clientId: sb.sandbox.demoApp.consumerKey, username: USER, jwtToken: token, apiVersion: '60.0' } },
            connectionSpec: { id: SALESFORCE_SPEC_ID },
          })
          .expect(201)
      ).body.id as string;

    const fresh = await jwtToken(120);
    const live = (await settled(api, await create(fresh))).body;
    expect(live.items[0]).toMatchObject({ state: 'enabled', secretParams: ['jwtToken'] });
    expect(JSON.stringify(live)).not.toContain(fresh);

    const expired = (await settled(api, await create(await jwtToken(-10)))).body.items[0];
    expect(expired).toMatchObject({ state: 'failing', stateReason: expect.stringContaining('expired') });
    // A rename keeps the stored jwtToken: the patch names no other key.
    await api.patch(`/connections/${live.items[0].id}`).set('if-match', live.items[0].etag).send([{ op: 'replace', path: '/name', value: 'Renamed' }]).expect(200);
    expect((await api.get(`/connections/${live.items[0].id}`).expect(200)).body.items[0]).toMatchObject({ name: 'Renamed', secretParams: ['jwtToken'] });
  });

  it('creates a connection with the deprecated Basic Authentication (SOAP login), marked deprecated', async () => {
    const api = v1(await apiKey());
    const { username, password, securityToken } = sb.sandbox.integrationUser;
    const created = await api
      .post('/connections')
      .send({
        name: 'Salesforce basic',
        auth: { specName: 'Basic Authentication', params: { environmentUrl: sb.sandbox.url, username, password, securityToken, apiVersion: '60.0' } },
        connectionSpec: { id: SALESFORCE_SPEC_ID },
      })
      .expect(201);
    const read = await settled(api, created.body.id);
    expect(read.body.items[0]).toMatchObject({ state: 'enabled', deprecated: true, secretParams: ['password', 'securityToken'] });
    expect(read.text).not.toContain(password);
    expect(read.text).not.toContain(securityToken);
    const specs = await api.get(`/connectionSpecs/${SALESFORCE_SPEC_ID}`).expect(200);
    const basic = specs.body.items[0].authSpec.find((a: { name: string }) => a.name === 'Basic Authentication');
    expect(basic).toMatchObject({ deprecated: true, spec: { properties: { password: { format: 'password', writeOnly: true } } } });
  });

  it('fault: a refused Salesforce login pauses the checks at once, so they cannot lock the user out, and a corrected password resumes them', async () => {
    const api = v1(await apiKey());
    const { username, password, securityToken } = sb.sandbox.integrationUser;
    const before = sb.sandbox.control.tokenRequestCount();
    const created = await api
      .post('/connections')
      .send({
        name: 'Salesforce basic',
        auth: { specName: 'Basic Authentication', params: { environmentUrl: sb.sandbox.url, username, password: 'wrong-password', securityToken, apiVersion: '60.0' } },
        connectionSpec: { id: SALESFORCE_SPEC_ID },
      })
      .expect(201);
    const paused = (await settled(api, created.body.id, (state) => state === 'disabled')).body.items[0];
    expect(paused).toMatchObject({ state: 'disabled', stateReason: expect.stringContaining('lock the user out') });
    // Nothing tries the refused password again: not a check now, not the API's test, not a save that keeps it.
    const id = created.body.id as string;
    await sb.ctx.monitor.checkNow(id).catch(() => undefined);
    const tested = await api.post(`/connections/${id}/test`).expect(409);
    expect(tested.body).toMatchObject({ code: 'login_refused', errors: [{ pointer: '/auth/params/password' }] });
    const renamed = await api.patch(`/connections/${id}`).set('if-match', paused.etag).send([{ op: 'replace', path: '/name', value: 'Renamed' }]).expect(200);
    expect((await api.get(`/connections/${id}`).expect(200)).body.items[0].state).toBe('disabled');
    // Nor with another user: a stored password stays with its user name.
    const otherUser = await api.patch(`/connections/${id}`).set('if-match', renamed.body.etag).send([{ op: 'replace', path: '/auth/params/username', value: 'ceo@acme.example' }]).expect(422);
    expect(otherUser.body.errors[0]).toMatchObject({ pointer: '/auth/params/password', detail: expect.stringContaining('new user name') });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sb.sandbox.control.tokenRequestCount() - before).toBe(1);

    await api.patch(`/connections/${id}`).set('if-match', renamed.body.etag).send([{ op: 'replace', path: '/auth/params/password', value: password }]).expect(200);
    expect((await settled(api, created.body.id, (state) => state === 'enabled')).body.items[0].state).toBe('enabled');
  });

  it('takes every Flow-shaped example of the sandbox as Flow Service would: each create becomes enabled, each patch applies', async () => {
    const api = v1(await apiKey());
    const pair = await api.post('/keyPairs').send({ commonName: 'Flow examples' }).expect(201);
    sb.sandbox.control.uploadCertificate(sb.sandbox.demoApp.consumerKey, pair.body.certificate.pem);
    sb.sandbox.control.setPreAuthorizedUser(sb.sandbox.demoApp.consumerKey, USER);
    const values = {
      environmentUrl: sb.sandbox.url,
      consumerKey: sb.sandbox.demoApp.consumerKey,
      consumerSecret: sb.originalSecret,
      jwtUsername: USER,
      keyPairId: pair.body.id as string,
      ...sb.sandbox.integrationUser,
    };
    const names = flowExampleNames();
    expect(names.filter((name) => name.startsWith('create-'))).toHaveLength(3);
    const created = new Map<string, string>();
    for (const name of names.filter((n) => n.startsWith('create-'))) {
      const { id } = (await api.post('/connections').send(flowExample(name, values)).expect(201)).body;
      expect({ name, state: (await settled(api, id)).body.items[0].state }).toEqual({ name, state: 'enabled' });
      created.set(name, id);
    }
    const clientCredentials = created.get('create-oauth2-client-credential')!;
    for (const name of names.filter((n) => n.startsWith('patch-'))) {
      const { etag } = (await api.get(`/connections/${clientCredentials}`).expect(200)).body.items[0];
      await api.patch(`/connections/${clientCredentials}`).set('if-match', etag).send(flowExample(name, values)).expect(200);
    }
    expect((await settled(api, clientCredentials, (state) => state === 'enabled')).body.items[0]).toMatchObject({ version: 3, description: expect.stringContaining('If-Match') });
  });

  it('a signed-in viewer can ask for connection specs but nothing else through a cookie', async () => {
    const { agent: viewer } = await signedInAs(sb.ctx.app, sb.ctx.db, 'viewer');
    await viewer.get('/api/v1/connectionSpecs').expect(401);
  });
});
