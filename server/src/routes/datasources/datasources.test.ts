import { describe, expect, it } from 'vitest';
import { createAuditRepository } from '../../db/repositories/audit.repository';
import { sandboxConsole } from '../../test-support/sandbox-console';
import { createTestApp, signedInAgent } from '../../test-support/test-app';

describe('data source routes against the bundled Salesforce sandbox', () => {
  const env = sandboxConsole();
  const { connection } = env;
  const details = env.details();
  const swagger = env.swagger();
  const createDataSource = () => env.createDataSource();

  it('walks the wizard: a wrong secret fails with Salesforce\'s words and a hint, the right one succeeds, Create saves', async () => {
    const wrong = await env.agent.post('/api/datasources/test').send(connection('not-the-secret')).expect(200);
    expect(wrong.body.result).toMatchObject({
      ok: false,
      failure: {
        step: 'token',
        kind: 'oauth_error',
        httpStatus: 400,
        error: 'invalid_client',
        errorDescription: 'invalid client credentials',
      },
    });
    expect(wrong.body.result.failure.hint).toMatch(/Consumer Secret/);
    expect(wrong.body.result.receipt).toBeUndefined();

    const right = await env.agent.post('/api/datasources/test').send(connection()).expect(200);
    const result = right.body.result;
    expect(result.ok).toBe(true);
    expect(result.token).toMatchObject({ tokenType: 'Bearer', scope: 'api', instanceUrl: env.sandbox.url });
    expect(Date.parse(result.token.issuedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(result.steps.map((s: { name: string; httpStatus: number }) => [s.name, s.httpStatus])).toEqual([
      ['token', 200],
      ['api', 200],
    ]);

    const created = await env.agent
      .post('/api/datasources')
      .send({ ...details, ...connection(), swagger, folderId: env.globalFolderId, testReceipt: result.receipt })
      .expect(201);
    expect(created.body.dataSource).toMatchObject({
      title: 'Salesforce Accounts',
      host: `127.0.0.1:${env.sandbox.port}`,
      secretSet: true,
      lastTest: { ok: true },
      swagger: { apiTitle: 'Salesforce REST API (Keyway sandbox)', format: 'swagger-2.0' },
    });
    expect(created.body.dataSource.auth).not.toHaveProperty('clientSecret');

    const list = await env.agent.get(`/api/datasources?folderId=${env.globalFolderId}`).expect(200);
    expect(list.body.dataSources).toHaveLength(1);

    // Neither the secret nor any token the env.sandbox issued ever reached the client or the log.
    const everything = [...env.agent.bodies, ...env.ctx.logLines].join('\n');
    expect(everything).not.toContain(env.sandbox.demoApp.consumerSecret);
    for (const token of env.sandbox.control.issuedTokens()) expect(everything).not.toContain(token);
    expect(env.sandbox.control.issuedTokens().length).toBeGreaterThan(0);
  });

  it('attack: Create without a test receipt, or with a receipt for other values, is refused', async () => {
    const none = await env.agent.post('/api/datasources').send({ ...details, ...connection(), swagger, folderId: env.globalFolderId, testReceipt: 'x.y' }).expect(422);
    expect(none.body.error.code).toBe('test_required');

    const test = await env.agent.post('/api/datasources/test').send(connection()).expect(200);
    const changed = { ...connection(), basePath: '/services/data/v65.0' };
    const res = await env.agent
      .post('/api/datasources')
      .send({ ...details, ...changed, swagger, folderId: env.globalFolderId, testReceipt: test.body.result.receipt })
      .expect(422);
    expect(res.body.error.code).toBe('test_required');
  });

  it('attack: a data source title or description with a hidden character is refused on create and on edit with a plain message, and nothing is stored', async () => {
    const test = await env.agent.post('/api/datasources/test').send(connection()).expect(200);
    const create = (changes: object) =>
      env.agent.post('/api/datasources').send({ ...details, ...changes, ...connection(), swagger, folderId: env.globalFolderId, testReceipt: test.body.result.receipt });
    const refused = await create({ title: '\u202Egnp.exe', description: 'Notes\n\u200Bhidden' }).expect(400);
    expect(refused.body.error).toMatchObject({
      code: 'validation_error',
      message: 'Some values are not valid. title: Remove the invisible character U+202E (right-to-left override) at position 1',
      details: {
        fieldErrors: {
          title: ['Remove the invisible character U+202E (right-to-left override) at position 1'],
          description: ['Remove the invisible character U+200B (zero-width space) at position 7'],
        },
      },
    });
    expect((await env.agent.get(`/api/datasources?folderId=${env.globalFolderId}`).expect(200)).body.dataSources).toEqual([]);

    const { id } = await createDataSource();
    // Refused edits store nothing, so each is made on the version created.
    const edit = (changes: object) => env.agent.put(`/api/datasources/${id}`).send({ ...details, ...changes, ...connection(''), swagger: { ...swagger, document: '' }, version: 1 });
    const renamed = await edit({ title: 'Sales\u200Bforce Accounts' }).expect(400);
    expect(renamed.body.error.details.fieldErrors).toEqual({ title: ['Remove the invisible character U+200B (zero-width space) at position 6'] });
    const described = await edit({ description: 'Owner: sales\u0000' }).expect(400);
    expect(described.body.error.details.fieldErrors).toEqual({ description: ['Remove the control character U+0000 (null) at position 13'] });
    expect((await env.agent.get(`/api/datasources/${id}`).expect(200)).body.dataSource).toMatchObject({ title: 'Salesforce Accounts', description: '' });
    expect((await env.agent.get('/api/audit?action=datasource.update').expect(200)).body.events).toEqual([]);

    // Letters of another script are not hidden: stored, NFC-normalised; the console flags the mixed word where it shows it.
    const lookAlike = await edit({ title: '\u0405alesforce Cafe\u0301', description: 'one\r\ntwo' }).expect(200);
    expect(lookAlike.body.dataSource).toMatchObject({ title: '\u0405alesforce Caf\u00E9', description: 'one\ntwo' });
  });

  it('keeps a title stored before hidden characters were refused as it was, and asks for it to be fixed at the next edit', async () => {
    const { id } = await createDataSource();
    await env.ctx.db.updateTable('data_sources').set({ title: '\u202Egnp.exe' }).where('id', '=', id).execute();
    expect((await env.agent.get(`/api/datasources?folderId=${env.globalFolderId}`).expect(200)).body.dataSources[0].title).toBe('\u202Egnp.exe');

    // What the edit wizard sends back: every field as loaded, the stored title too.
    const loaded = (await env.agent.get(`/api/datasources/${id}`).expect(200)).body.dataSource;
    const edit = (title: string) =>
      env.agent.put(`/api/datasources/${id}`).send({ ...details, title, description: 'Kept', ...connection(''), swagger: { ...swagger, document: '' }, version: loaded.version });
    const unchanged = await edit(loaded.title).expect(400);
    expect(unchanged.body.error.details.fieldErrors).toEqual({ title: ['Remove the invisible character U+202E (right-to-left override) at position 1'] });
    const fixed = await edit('gnp.exe').expect(200);
    expect(fixed.body.dataSource).toMatchObject({ title: 'gnp.exe', description: 'Kept', secretSet: true });
  });

  it('keeps names unique within a folder', async () => {
    await createDataSource();
    const test = await env.agent.post('/api/datasources/test').send(connection()).expect(200);
    const res = await env.agent
      .post('/api/datasources')
      .send({ ...details, ...connection(), swagger, folderId: env.globalFolderId, testReceipt: test.body.result.receipt })
      .expect(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', details: { fieldErrors: { name: ['This name is already used in this folder'] } } });
  });

  it('rejects a broken Swagger file with what is wrong and where', async () => {
    const test = await env.agent.post('/api/datasources/test').send(connection()).expect(200);
    // Not a Swagger 2.0 or OpenAPI 3.x file at all: what a reader cannot read around.
    const broken = { ...swagger, document: 'openapi: 3.2.0\ninfo:\n  title: T\n  version: "1"\npaths: {}\n' };
    const res = await env.agent
      .post('/api/datasources')
      .send({ ...details, ...connection(), swagger: broken, folderId: env.globalFolderId, testReceipt: test.body.result.receipt })
      .expect(400);
    expect(res.body.error.details.fieldErrors['swagger.document'][0]).toMatch(/openapi is "3.2.0", which is not supported/);
    expect(res.body.error.details.fieldErrors['swagger.document'][0]).toMatch(/line \d+/);
  });

  it('edits without the secret, keeps it, and tests with the stored secret', async () => {
    const { id } = await createDataSource();
    const stored = await env.agent.post('/api/datasources/test').send({ ...connection(''), dataSourceId: id }).expect(200);
    expect(stored.body.result.ok).toBe(true);

    const renamed = await env.agent
      .put(`/api/datasources/${id}`)
      .send({ ...details, title: 'Renamed', ...connection(''), swagger: { ...swagger, document: '' }, version: 1 })
      .expect(200);
    expect(renamed.body.dataSource).toMatchObject({ title: 'Renamed', secretSet: true });

    const saved = await env.agent.post(`/api/datasources/${id}/test`).expect(200);
    expect(saved.body.result.ok).toBe(true);
  });

  it('two administrators editing one data source: the second save is refused with the current values, and nothing is overwritten', async () => {
    const { id } = await createDataSource();
    const opened = (await env.agent.get(`/api/datasources/${id}`).expect(200)).body.dataSource;
    expect(opened.version).toBe(1);
    const save = (title: string, version: number) =>
      env.agent.put(`/api/datasources/${id}`).send({ ...details, title, ...connection(''), swagger: { ...swagger, document: '' }, version });

    const first = await save('First edit', opened.version).expect(200);
    expect(first.body.dataSource.version).toBe(2);
    const second = await save('Second edit', opened.version).expect(409);
    expect(second.body.error).toMatchObject({ code: 'edit_conflict', message: expect.stringContaining('changed by someone else') });
    expect(second.body.error.details.current).toMatchObject({ title: 'First edit', version: 2 });
    expect(second.body.error.details.current).not.toHaveProperty('auth.clientSecret');
    expect((await env.agent.get(`/api/datasources/${id}`).expect(200)).body.dataSource.title).toBe('First edit');

    // Made again on what is there now, it saves.
    await save('Second edit', 2).expect(200);
  });

  it('refuses a save that names no version, with a field error, and saves nothing: no client skips the check', async () => {
    const { id } = await createDataSource();
    const res = await env.agent
      .put(`/api/datasources/${id}`)
      .send({ ...details, title: 'Unchecked edit', ...connection(''), swagger: { ...swagger, document: '' } })
      .expect(400);
    expect(res.body.error).toMatchObject({
      code: 'validation_error',
      details: { fieldErrors: { version: ['Send the version of the data source this edit was made on (its "version")'] } },
    });
    expect((await env.agent.get(`/api/datasources/${id}`).expect(200)).body.dataSource).toMatchObject({ title: 'Salesforce Accounts', version: 1 });
  });

  it('edits a data source made through the API without an API description: saved without one, or given one, which then replaces none', async () => {
    const { id } = await createDataSource();
    // What a connection made through /api/v1 stores.
    await env.ctx.db
      .updateTable('data_sources')
      .set({ swagger_source: 'none', swagger_url: '', swagger_file_name: '', swagger_document: '', swagger_format: '', api_title: '', api_version: '', operation_count: 0 })
      .where('id', '=', id)
      .execute();
    const none = { source: 'none', url: '', fileName: '', document: '' };
    const kept = await env.agent.put(`/api/datasources/${id}`).send({ ...details, title: 'Made through the API', ...connection(''), swagger: none, version: 1 }).expect(200);
    expect(kept.body.dataSource).toMatchObject({ title: 'Made through the API', version: 2, swagger: { source: 'none', apiTitle: '', operationCount: 0 } });

    const described = await env.agent.put(`/api/datasources/${id}`).send({ ...details, ...connection(''), swagger, version: 2 }).expect(200);
    expect(described.body.dataSource.swagger).toMatchObject({ source: 'file', fileName: swagger.fileName, apiTitle: 'Salesforce REST API (Keyway sandbox)' });
  });

  it('names what a Test Connection tested in the audit log: the address typed in the create wizard, the data source when one is named', async () => {
    const tests = async () => (await env.agent.get('/api/audit?action=datasource.test').expect(200)).body.events;
    const host = `127.0.0.1:${env.sandbox.port}`;

    await env.agent.post('/api/datasources/test').send(connection('not-the-secret')).expect(200);
    expect((await tests())[0]).toMatchObject({
      outcome: 'failure',
      targetType: 'address',
      targetId: host,
      targetLabel: `http://${host}/services/data`,
      details: { authType: 'oauth2', failure: 'oauth_error' },
    });

    const { id } = await createDataSource();
    await env.agent.post('/api/datasources/test').send({ ...connection(''), dataSourceId: id }).expect(200);
    expect((await tests())[0]).toMatchObject({
      outcome: 'success',
      targetType: 'data_source',
      targetId: id,
      targetLabel: 'Salesforce Accounts',
      details: { host, authType: 'oauth2' },
    });

    const stored = JSON.stringify(await createAuditRepository(env.ctx.db).page({ page: 1, pageSize: 200 }));
    for (const secret of ['not-the-secret', env.sandbox.demoApp.consumerSecret, ...env.sandbox.control.issuedTokens()]) expect(stored).not.toContain(secret);
  });

  it('carries the state the Health dashboard shows, with its reason, in the list and for one data source', async () => {
    const { id } = await createDataSource();
    const listed = async () =>
      (await env.agent.get(`/api/datasources?folderId=${env.globalFolderId}`).expect(200)).body.dataSources.find((ds: { id: string }) => ds.id === id);
    const one = async () => (await env.agent.get(`/api/datasources/${id}`).expect(200)).body.dataSource;

    const checked = (await env.agent.post(`/api/health/${id}/check`).expect(200)).body.row;
    expect(checked.state).toBe('enabled');
    expect((await listed()).health).toEqual({ state: 'enabled', reason: checked.stateReason });
    expect((await one()).health).toEqual({ state: 'enabled', reason: checked.stateReason });

    await env.agent.post(`/api/health/${id}/pause`).expect(200);
    const paused = (await env.agent.get('/api/health').expect(200)).body.rows.find((row: { dataSourceId: string }) => row.dataSourceId === id);
    expect(paused.state).toBe('disabled');
    expect((await listed()).health).toEqual({ state: 'disabled', reason: paused.stateReason });
    expect((await one()).health).toEqual({ state: 'disabled', reason: paused.stateReason });
  });

  it('shows a data source without a health row yet as initializing', async () => {
    const { id } = await createDataSource();
    await env.agent.post(`/api/health/${id}/check`).expect(200);
    await env.ctx.db.deleteFrom('data_source_health').where('data_source_id', '=', id).execute();
    expect((await env.agent.get(`/api/datasources/${id}`).expect(200)).body.dataSource.health).toEqual({ state: 'initializing', reason: 'Not checked yet' });
  });

  it('attack: a stored secret is never sent to a new token URL or host', async () => {
    const { id } = await createDataSource();
    const moved = connection('');
    moved.auth.tokenUrl = `http://localhost:${env.sandbox.port}/services/oauth2/token`;
    // Saving started a health check in the background; let it finish before counting token requests.
    await env.agent.post(`/api/health/${id}/check`).expect(200);
    const before = env.sandbox.control.tokenRequestCount();
    const res = await env.agent.post('/api/datasources/test').send({ ...moved, dataSourceId: id }).expect(422);
    expect(res.body.error.code).toBe('secret_required');
    expect(res.body.error.details.fieldErrors).toEqual({ 'auth.clientSecret': ['Type the Client Secret again for the new address'] });
    expect(env.sandbox.control.tokenRequestCount()).toBe(before);

    const newHost = { ...connection(''), host: `localhost:${env.sandbox.port}` };
    const saved = await env.agent.put(`/api/datasources/${id}`).send({ ...details, ...newHost, swagger: { ...swagger, document: '' }, version: 1 }).expect(422);
    expect(saved.body.error).toMatchObject({ code: 'secret_required', details: { fieldErrors: { 'auth.clientSecret': ['Type the Client Secret again for the new address'] } } });

    // Another authentication type never borrows the stored secret, even for the same address.
    const basic = { ...connection(''), auth: { type: 'basic', username: 'integration', password: '' } };
    const retyped = await env.agent.post('/api/datasources/test').send({ ...basic, dataSourceId: id }).expect(422);
    expect(retyped.body.error).toMatchObject({ code: 'secret_required', details: { fieldErrors: { 'auth.password': ['Password is required'] } } });
    expect(env.sandbox.control.tokenRequestCount()).toBe(before);
  });

  it('requires a new test when connection settings change on edit', async () => {
    const { id } = await createDataSource();
    const res = await env.agent
      .put(`/api/datasources/${id}`)
      .send({ ...details, ...connection(''), basePath: '/services/data/v65.0', swagger: { ...swagger, document: '' }, version: 1 })
      .expect(422);
    expect(res.body.error.code).toBe('test_required');
  });

  it('records a failing status when the saved secret was rotated at the provider', async () => {
    const { id } = await createDataSource();
    env.sandbox.control.rotateSecret(env.sandbox.demoApp.consumerKey, 'rotated-secret-value');
    const res = await env.agent.post(`/api/datasources/${id}/test`).expect(200);
    expect(res.body.result.failure.error).toBe('invalid_client');
    const list = await env.agent.get(`/api/datasources?folderId=${env.globalFolderId}`).expect(200);
    expect(list.body.dataSources[0].lastTest).toMatchObject({ ok: false });
  });

  it('reports a refused address as a message, not a stack trace', async () => {
    const ctxStrict = await createTestApp();
    try {
      const strict = await signedInAgent(ctxStrict.app, ctxStrict.db);
      const res = await strict.post('/api/datasources/test').send(connection()).expect(200);
      expect(res.body.result.failure).toMatchObject({ step: 'token', kind: 'refused' });
      expect(res.body.result.failure.message).toMatch(/OUTBOUND_ALLOW_HOSTS/);
      expect(res.body.result.failure.message).not.toMatch(/\bat \w+ \(/);
    } finally {
      await ctxStrict.close();
    }
  });

  it('deletes a data source and its secret', async () => {
    const { id } = await createDataSource();
    await env.agent.delete(`/api/datasources/${id}`).expect(204);
    await env.agent.get(`/api/datasources/${id}`).expect(404);
    const secrets = await env.ctx.db.selectFrom('secrets').selectAll().where('owner_id', '=', id).execute();
    expect(secrets).toEqual([]);
  });

  it('stores the secret encrypted, bound to its record', async () => {
    const { id } = await createDataSource();
    const row = await env.ctx.db.selectFrom('secrets').selectAll().where('owner_id', '=', id).executeTakeFirstOrThrow();
    expect(row.ciphertext).not.toContain(env.sandbox.demoApp.consumerSecret);
    expect(Buffer.from(row.ciphertext, 'base64').toString('utf8')).not.toContain(env.sandbox.demoApp.consumerSecret);
    expect(row.key_id).toMatch(/^[0-9a-f]{16}$/);
  });
});
