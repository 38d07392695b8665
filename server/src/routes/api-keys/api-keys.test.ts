import { createHash } from 'node:crypto';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiKeyCreatedSchema, ApiKeySchema } from '@keyway/shared';
import { browserAgent, createTestApp, signedInAgent, signedInAs, TEST_ADMIN } from '../../test-support/test-app';

const KEY_SHAPE = /^kw_[a-km-np-z2-9]{8}_[A-Za-z0-9_-]{43}$/;

describe('API keys (Administration > API keys)', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let admin: Awaited<ReturnType<typeof signedInAgent>>;
  beforeEach(async () => {
    ctx = await createTestApp();
    admin = await signedInAgent(ctx.app, ctx.db);
  });
  afterEach(async () => {
    await ctx.close();
  });

  const create = async (body: object) => {
    const res = await admin.post('/api/api-keys').send(body).expect(201);
    return ApiKeyCreatedSchema.parse(res.body);
  };

  it('attack: a new key is shown once, in the create answer, and stored only as its SHA-256: the list, the database, the audit log and the log never have it', async () => {
    const before = Date.now();
    const { apiKey, key } = await create({ name: 'Nightly sync', role: 'editor', expiresInDays: 30 });
    expect(key).toMatch(KEY_SHAPE);
    expect(key.startsWith(`${apiKey.prefix}_`)).toBe(true);
    expect(apiKey).toMatchObject({ name: 'Nightly sync', role: 'editor', createdBy: TEST_ADMIN.email, lastUsedAt: null, revokedAt: null });
    const expires = Date.parse(apiKey.expiresAt!);
    expect(expires - before).toBeGreaterThanOrEqual(30 * 86_400_000 - 1000);
    expect(expires - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);

    const row = await ctx.db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow();
    expect(row.hash).toBe(createHash('sha256').update(key).digest('hex'));
    const secret = key.slice(apiKey.prefix.length + 1);
    for (const table of ['api_keys', 'audit_events'] as const) {
      const stored = JSON.stringify(await ctx.db.selectFrom(table).selectAll().execute());
      expect(stored).not.toContain(secret);
    }

    const list = await admin.get('/api/api-keys').expect(200);
    expect(list.body.apiKeys).toEqual([apiKey]);
    expect(Object.keys(ApiKeySchema.strict().parse(list.body.apiKeys[0])).sort()).toEqual(Object.keys(ApiKeySchema.shape).sort());
    expect(JSON.stringify(list.body)).not.toContain(row.hash);

    // The create answer is the one response with the key in it; the log never has it.
    expect(admin.bodies.filter((body) => body.includes(secret))).toHaveLength(1);
    expect(ctx.logLines.join('')).not.toContain(secret);

    const audit = await ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'api_key.create').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_email: TEST_ADMIN.email, target_type: 'api_key', target_id: apiKey.id, target_label: 'Nightly sync', outcome: 'success' });
    expect(JSON.parse(audit.details)).toEqual({ prefix: apiKey.prefix, role: 'editor', expiresAt: apiKey.expiresAt });
  });

  it('makes keys that never expire when no expiry is given, each with its own prefix', async () => {
    const first = await create({ name: 'Forever', role: 'viewer' });
    const second = await create({ name: 'Forever', role: 'viewer' });
    expect(first.apiKey.expiresAt).toBeNull();
    expect(first.apiKey.prefix).not.toBe(second.apiKey.prefix);
    expect(first.key).not.toBe(second.key);
    const list = await admin.get('/api/api-keys').expect(200);
    expect(list.body.apiKeys.map((k: { id: string }) => k.id).sort()).toEqual([first.apiKey.id, second.apiKey.id].sort());
  });

  it('refuses a missing or hidden-character name, an unknown role and an expiry out of range, with field messages, and stores nothing', async () => {
    const cases: [object, string[]][] = [
      [{ name: '  ', role: 'viewer' }, ['name']],
      [{ name: 'Sync\u202Egnp', role: 'viewer' }, ['name']],
      [{ name: 'x'.repeat(101), role: 'viewer' }, ['name']],
      [{ name: 'Sync', role: 'owner' }, ['role']],
      [{ name: 'Sync', role: 'viewer', expiresInDays: 0 }, ['expiresInDays']],
      [{ name: 'Sync', role: 'viewer', expiresInDays: 3651 }, ['expiresInDays']],
      [{ name: 'Sync', role: 'viewer', expiresInDays: 1.5 }, ['expiresInDays']],
      [{ name: 'Sync', role: 'viewer', expiresInDays: '30' }, ['expiresInDays']],
    ];
    for (const [body, fields] of cases) {
      const res = await admin.post('/api/api-keys').send(body).expect(400);
      expect({ body, fields: Object.keys(res.body.error.details.fieldErrors) }).toEqual({ body, fields });
    }
    expect(await ctx.db.selectFrom('api_keys').selectAll().execute()).toEqual([]);
  });

  it('revokes a key once: it stays listed as revoked, and a second revoke changes and records nothing', async () => {
    const { apiKey } = await create({ name: 'Old job', role: 'viewer' });
    const revoked = await admin.post(`/api/api-keys/${apiKey.id}/revoke`).expect(200);
    expect(revoked.body.apiKey).toMatchObject({ id: apiKey.id, name: 'Old job' });
    expect(revoked.body.apiKey.revokedAt).not.toBeNull();
    const again = await admin.post(`/api/api-keys/${apiKey.id}/revoke`).expect(200);
    expect(again.body.apiKey.revokedAt).toBe(revoked.body.apiKey.revokedAt);

    const list = await admin.get('/api/api-keys').expect(200);
    expect(list.body.apiKeys).toEqual([revoked.body.apiKey]);
    const entries = await ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'api_key.revoke').execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_email: TEST_ADMIN.email, target_id: apiKey.id, target_label: 'Old job' });
    expect(JSON.parse(entries[0]!.details)).toEqual({ prefix: apiKey.prefix });

    const missing = await admin.post('/api/api-keys/no-such-key/revoke').expect(404);
    expect(missing.body.error.message).toBe('The API key was not found.');
  });

  it('attack: an Editor or a Viewer can neither list, create nor revoke API keys', async () => {
    const { apiKey } = await create({ name: 'Admin made', role: 'viewer' });
    for (const role of ['editor', 'viewer'] as const) {
      const { agent } = await signedInAs(ctx.app, ctx.db, role);
      const list = await agent.get('/api/api-keys').expect(403);
      expect(list.body.error.message).toMatch(/does not allow you to manage API keys/);
      await agent.post('/api/api-keys').send({ name: 'Mine', role: 'admin' }).expect(403);
      await agent.post(`/api/api-keys/${apiKey.id}/revoke`).expect(403);
    }
    const rows = await ctx.db.selectFrom('api_keys').selectAll().execute();
    expect(rows.map((r) => [r.name, r.revoked_at])).toEqual([['Admin made', null]]);
  });

  it("attack: a valid Administrator key in Authorization: Bearer opens none of the console's cookie routes", async () => {
    const { key } = await create({ name: 'Machine admin', role: 'admin' });
    const machine = supertest(ctx.app);
    // Without a cookie: every console route answers as to anyone not signed in.
    for (const path of ['/api/api-keys', '/api/users', '/api/folders', '/api/audit']) {
      const res = await machine.get(path).set('host', '127.0.0.1').set('authorization', `Bearer ${key}`).expect(401);
      expect(res.body.error.message).toBe('Sign in to continue.');
    }
    const write = await machine
      .post('/api/api-keys')
      .set('host', '127.0.0.1')
      .set('authorization', `Bearer ${key}`)
      .send({ name: 'Made by a machine', role: 'admin' });
    // CSRF applies to the console's routes whatever the Authorization header says, so a key cannot get past it either.
    expect([write.status, write.body.error.message]).toEqual([403, 'This request was refused because it did not come from the console (missing request header).']);
    // With a Viewer's cookie, the cookie alone decides: the key lends it nothing.
    const { agent: viewer } = await signedInAs(ctx.app, ctx.db, 'viewer');
    await viewer.get('/api/api-keys').set('authorization', `Bearer ${key}`).expect(403);
    await viewer.post('/api/folders').set('authorization', `Bearer ${key}`).send({ title: 'Nope', name: 'nope' }).expect(403);
    expect((await ctx.db.selectFrom('api_keys').select('name').execute()).map((r) => r.name)).toEqual(['Machine admin']);
    // And the key was not used: nothing recorded it as used.
    expect((await ctx.db.selectFrom('api_keys').select('last_used_at').executeTakeFirstOrThrow()).last_used_at).toBeNull();
  });

  it('without a session, the API keys routes answer 401', async () => {
    const anonymous = browserAgent(ctx.app);
    await anonymous.get('/api/api-keys').expect(401);
    await anonymous.post('/api/api-keys').send({ name: 'x', role: 'viewer' }).expect(401);
  });
});
