import { afterEach, describe, expect, it } from 'vitest';
import { sandboxConsole } from '../../test-support/sandbox-console';
import { browserAgent, createTestApp, seedAdmin, signedInAgent, signedInAs, TEST_ADMIN } from '../../test-support/test-app';
import { createAuditRepository } from '../../db/repositories/audit.repository';
import { DEFAULT_SIGN_IN_THROTTLE } from '../../http/sign-in-throttle';
import { csvCell } from './audit-csv';

describe('audit log', () => {
  const env = sandboxConsole();
  const { connection } = env;
  const details = env.details();
  const swagger = env.swagger();

  const events = async (query = '') => (await env.agent.get(`/api/audit${query}`).expect(200)).body;

  it('records who did what, from where, for every kind of change, oldest last', async () => {
    const secret = env.sandbox.demoApp.consumerSecret;
    await browserAgent(env.ctx.app).post('/api/auth/sign-in').send({ ...TEST_ADMIN, password: 'wrong password' }).expect(401);
    await env.agent.post('/api/folders').send({ title: 'Sales', name: 'sales' }).expect(201);
    const test = await env.agent.post('/api/datasources/test').send(connection(secret)).expect(200);
    const created = await env.agent
      .post('/api/datasources')
      .send({ ...details, ...connection(secret), swagger, folderId: env.globalFolderId, testReceipt: test.body.result.receipt })
      .expect(201);
    const id = created.body.dataSource.id;

    const newSecret = 'rotated-consumer-secret-0123456789';
    env.sandbox.control.rotateSecret(env.sandbox.demoApp.consumerKey, newSecret);
    const retest = await env.agent.post('/api/datasources/test').send({ ...connection(newSecret), dataSourceId: id }).expect(200);
    expect(retest.body.result.ok).toBe(true);
    await env.agent
      .put(`/api/datasources/${id}`)
      .send({ ...details, title: 'Salesforce Accounts (EU)', ...connection(newSecret), swagger, testReceipt: retest.body.result.receipt, version: created.body.dataSource.version })
      .expect(200);
    await env.agent.post(`/api/health/${id}/pause`).expect(200);
    await env.agent.post(`/api/health/${id}/resume`).expect(200);
    await env.agent.put(`/api/health/${id}/settings`).send({ intervalSeconds: 600 }).expect(200);
    await env.agent.delete(`/api/datasources/${id}`).expect(204);
    await env.agent.post('/api/auth/sign-out').expect(204);

    const again = await signedInAgent(env.ctx.app, env.ctx.db);
    const page = (await again.get('/api/audit').expect(200)).body;
    const actions = page.events.map((e: { action: string }) => e.action).reverse();
    expect(actions).toEqual([
      'auth.sign_in',
      'auth.sign_in_failed',
      'folder.create',
      'datasource.test',
      'datasource.create',
      'datasource.test',
      'datasource.update',
      'health.pause',
      'health.resume',
      'health.settings',
      'datasource.delete',
      'auth.sign_out',
      'auth.sign_in',
    ]);
    const byAction = (action: string) => page.events.find((e: { action: string }) => e.action === action);
    expect(byAction('datasource.update')).toMatchObject({
      actorEmail: TEST_ADMIN.email,
      outcome: 'success',
      targetType: 'data_source',
      targetId: id,
      targetLabel: 'Salesforce Accounts (EU)',
      ip: expect.stringMatching(/127\.0\.0\.1/),
      details: { fields: ['auth.clientSecret', 'title'] },
    });
    expect(byAction('auth.sign_in_failed')).toMatchObject({ actorEmail: null, outcome: 'failure', targetLabel: TEST_ADMIN.email, details: { reason: 'wrong_password' } });
    expect(byAction('health.settings').details).toEqual({ from: 300, to: 600 });
    expect(byAction('datasource.delete').targetLabel).toBe('Salesforce Accounts (EU)');

    const everything = JSON.stringify(await createAuditRepository(env.ctx.db).page({ page: 1, pageSize: 200 }));
    for (const value of [secret, newSecret, 'wrong password', ...env.sandbox.control.issuedTokens()]) expect(everything).not.toContain(value);
  });

  it('attack: a failed sign-in for an unknown account does not store what was typed as the email', async () => {
    const typed = 'hunter2-my-password@example.test';
    await browserAgent(env.ctx.app).post('/api/auth/sign-in').send({ email: typed, password: 'whatever' }).expect(401);
    const failed = (await events('?action=auth.sign_in_failed')).events;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ actorEmail: null, targetLabel: null, details: { reason: 'unknown_account' } });
    expect(JSON.stringify(await createAuditRepository(env.ctx.db).page({ page: 1, pageSize: 200 }))).not.toContain('hunter2');
  });

  it('filters by action, person, outcome and days, and pages', async () => {
    const repo = createAuditRepository(env.ctx.db);
    const actor = { id: 'u1', email: 'ops@example.test' };
    for (let day = 1; day <= 5; day++) {
      await repo.record({ action: 'folder.create', actor, target: { type: 'folder', id: `f${day}`, label: `F${day}` } }, new Date(`2026-10-0${day}T23:59:59Z`));
    }
    await repo.record({ action: 'datasource.test', outcome: 'failure', actor }, new Date('2026-10-03T12:00:00Z'));

    expect((await events('?action=folder.create&actor=OPS@')).total).toBe(5);
    const range = await events('?actor=ops&from=2026-10-02&to=2026-10-03');
    expect(range.events.map((e: { targetLabel: string | null; action: string }) => e.targetLabel ?? e.action)).toEqual(['F3', 'datasource.test', 'F2']);
    expect((await events('?outcome=failure&actor=ops')).events).toHaveLength(1);
    const paged = await events('?actor=ops&pageSize=2&page=3');
    expect(paged).toMatchObject({ total: 6, page: 3, pageSize: 2 });
    expect(paged.events.map((e: { targetLabel: string }) => e.targetLabel)).toEqual(['F2', 'F1']);

    const backwards = await env.agent.get('/api/audit?from=2026-10-05&to=2026-10-01').expect(400);
    expect(backwards.body.error.details.fieldErrors).toEqual({ to: ['From must not be after To'] });
    const unknown = await env.agent.get('/api/audit?action=nope&from=2026-02-30').expect(400);
    expect(Object.keys(unknown.body.error.details.fieldErrors).sort()).toEqual(['action', 'from']);
  });

  it('attack: the CSV export neutralises formulas and quotes in text others typed', async () => {
    await env.agent.post('/api/folders').send({ title: '=HYPERLINK("http://evil.example","x")', name: 'evil' }).expect(201);
    await env.agent.post('/api/folders').send({ title: 'Plain, "quoted"', name: 'plain' }).expect(201);
    const res = await env.agent.get('/api/audit/export.csv?action=folder.create').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="keyway-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('"Time (UTC)","Actor","Action","Outcome","Target type","Target","Target id","IP address","Details"');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`"Created folder","success","folder","Plain, ""quoted"""`);
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
  });

  it('quotes every cell and defuses every formula lead character', () => {
    expect(['=1', '+1', '-1', '@x', '\tx', '\rx', 'ok', '', null].map(csvCell)).toEqual([
      `"'=1"`, `"'+1"`, `"'-1"`, `"'@x"`, `"'\tx"`, `"'\rx"`, '"ok"', '""', '""',
    ]);
  });

  it('streams a long export in batches, newest first, without losing or repeating an entry', async () => {
    const repo = createAuditRepository(env.ctx.db);
    const sameSecond = new Date('2026-10-01T00:00:00Z');
    for (let i = 0; i < 1234; i++) await repo.record({ action: 'health.check', target: { type: 'data_source', id: `d${i}` } }, sameSecond);
    const seen: string[] = [];
    for await (const row of repo.stream({ action: 'health.check' }, 100)) seen.push(row.target_id!);
    expect(seen).toHaveLength(1234);
    expect(new Set(seen).size).toBe(1234);
  });
});

describe('audit log: what others try', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  afterEach(async () => {
    await ctx.close();
  });

  it('attack: a blocked address hammering sign-in leaves one audit entry per window, not one per attempt or per email it tries', async () => {
    ctx = await createTestApp({ signInThrottle: { ...DEFAULT_SIGN_IN_THROTTLE, addressFailures: 2 } });
    await seedAdmin(ctx.db);
    const attacker = browserAgent(ctx.app);
    for (let i = 0; i < 2; i++) await attacker.post('/api/auth/sign-in').send({ ...TEST_ADMIN, password: `guess ${i}` }).expect(401);
    // A fresh email each time buys no fresh entry: the entry is per address and limit.
    for (let i = 0; i < 50; i++) await attacker.post('/api/auth/sign-in').send({ email: i === 0 ? TEST_ADMIN.email : `flood${i}@example.test`, password: `guess ${i}` }).expect(429);
    const failed = await createAuditRepository(ctx.db).page({ action: 'auth.sign_in_failed', page: 1, pageSize: 200 });
    expect(failed.rows.map((r) => JSON.parse(r.details).reason).sort()).toEqual(['too_many_attempts', 'wrong_password', 'wrong_password']);
    expect(failed.rows.find((r) => r.details.includes('too_many'))!.target_label).toBe(TEST_ADMIN.email);
  });

  it('attack: a request refused by role is recorded with who made it', async () => {
    ctx = await createTestApp();
    const { agent: viewer, user } = await signedInAs(ctx.app, ctx.db, 'viewer');
    await viewer.post('/api/folders').send({ title: 'X', name: 'x' }).expect(403);
    const denied = await createAuditRepository(ctx.db).page({ action: 'access.denied', page: 1, pageSize: 10 });
    expect(denied.rows).toHaveLength(1);
    expect(denied.rows[0]).toMatchObject({ actor_email: user.email, outcome: 'failure' });
    expect(JSON.parse(denied.rows[0]!.details)).toEqual({ request: 'POST /api/folders' });
  });

  it('records a Swagger URL fetch by its origin only, never its path or query', async () => {
    ctx = await createTestApp();
    const admin = await signedInAgent(ctx.app, ctx.db);
    await admin.post('/api/swagger/fetch').send({ url: 'https://127.0.0.1:1/openapi.yaml?token=abc123' }).expect(422);
    const fetched = await createAuditRepository(ctx.db).page({ action: 'swagger.fetch', page: 1, pageSize: 10 });
    expect(fetched.rows).toHaveLength(1);
    expect(JSON.parse(fetched.rows[0]!.details)).toEqual({ origin: 'https://127.0.0.1:1', status: 422 });
    expect(JSON.stringify(fetched.rows)).not.toContain('abc123');
  });
});
