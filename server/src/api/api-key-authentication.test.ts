import { Writable } from 'node:stream';
import express, { type Express } from 'express';
import { requestLog } from '../http/request-log';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_HEADER_VALUE, type ApiKeyCreateInput } from '@keyway/shared';
import { createAuditLog } from '../audit/audit-log';
import { migrateToLatest, openDatabase, type Db } from '../db/database';
import { createApiKeysRepository } from '../db/repositories/api-keys.repository';
import { createAuditRepository } from '../db/repositories/audit.repository';
import { errorHandler } from '../http/error-handler';
import { createLogger } from '../logger';
import { createApiKeysService } from '../routes/api-keys/api-keys.service';
import { createTestApp, seedAdmin, TEST_ADMIN } from '../test-support/test-app';
import {
  API_KEY_MISSING_MESSAGE,
  API_KEY_REFUSED_MESSAGE,
  apiKeyAuthentication,
  apiPrincipal,
  requireApiPermission,
  type ApiKeyAuthenticationOptions,
} from './api-key-authentication';

const START = Date.parse('2026-11-23T10:00:00.000Z');
const MINUTE = 60_000;

/**
 * A /api/v1 router as the machine API mounts it: no session middleware, this authentication
 * first, routes that name their permission, the console's error handler. `before` runs in front
 * of it, to show that nothing set earlier counts.
 */
async function v1Fixture(options: Partial<Omit<ApiKeyAuthenticationOptions, 'apiKeys' | 'audit'>> = {}, before?: express.RequestHandler) {
  const db: Db = openDatabase({});
  await migrateToLatest(db);
  const logLines: string[] = [];
  const logger = createLogger(
    'debug',
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logLines.push(chunk.toString('utf8'));
        callback();
      },
    }),
  );
  const clock = { now: START };
  const repository = createApiKeysRepository(db);
  // Counts the UPDATEs of last_used_at sent, and those that wrote.
  const touches: string[] = [];
  const touchCalls = { count: 0 };
  const counted = {
    ...repository,
    touch: async (id: string, at: string, notBefore: string) => {
      touchCalls.count++;
      const wrote = await repository.touch(id, at, notBefore);
      if (wrote) touches.push(at);
      return wrote;
    },
  };
  const audit = createAuditLog(createAuditRepository(db), logger);
  const service = createApiKeysService(counted, audit, { now: () => clock.now });
  const app: Express = express();
  app.set('trust proxy', 'loopback');
  app.use(requestLog(logger));
  const v1 = express.Router();
  if (before) v1.use(before);
  v1.use(apiKeyAuthentication({ apiKeys: service, audit, ...options }));
  v1.get('/whoami', (_req, res) => {
    res.json({ principal: apiPrincipal(res) });
  });
  v1.post('/connections', requireApiPermission('datasources.write'), (_req, res) => {
    res.status(201).json({ created: true });
  });
  v1.use(errorHandler);
  app.use('/api/v1', v1);

  const make = async (input: Partial<ApiKeyCreateInput> = {}) => service.create('cli', { name: 'Sync job', role: 'editor', ...input });
  return {
    db,
    app,
    clock,
    touches,
    touchCalls,
    logLines,
    service,
    make,
    get: (key?: string, path = '/api/v1/whoami') => {
      const request = supertest(app).get(path);
      return key === undefined ? request : request.set('authorization', `Bearer ${key}`);
    },
    refusals: () => db.selectFrom('audit_events').selectAll().where('action', '=', 'api_key.refused').orderBy('at').execute(),
    close: () => db.destroy(),
  };
}

describe('apiKeyAuthentication (/api/v1)', () => {
  let v1: Awaited<ReturnType<typeof v1Fixture>>;
  beforeEach(async () => {
    v1 = await v1Fixture();
  });
  afterEach(async () => {
    await v1.close();
  });

  it('lets a valid key in and names it as the principal, with its role', async () => {
    const { apiKey, key } = await v1.make({ name: 'Airflow', role: 'viewer' });
    const res = await v1.get(key).expect(200);
    expect(res.body.principal).toEqual({ kind: 'api_key', id: apiKey.id, name: 'Airflow', prefix: apiKey.prefix, role: 'viewer' });
    // The scheme is case-insensitive (RFC 9110).
    await supertest(v1.app).get('/api/v1/whoami').set('authorization', `bearer ${key}`).expect(200);
  });

  it('asks for a key, with the Bearer challenge, when none is sent', async () => {
    const res = await v1.get().expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="keyway"');
    expect(res.body.error).toEqual({ code: 'unauthenticated', message: API_KEY_MISSING_MESSAGE });
  });

  it('attack: a wrong, unknown, revoked, expired or malformed key gets the same 401, and the answer never repeats it', async () => {
    const { key: good } = await v1.make();
    const { key: revoked } = await v1.make({ name: 'Revoked' });
    await v1.service.revoke('cli', revoked.slice(0, 11));
    const { key: expiring } = await v1.make({ name: 'Expiring', expiresInDays: 1 });
    await v1.get(expiring).expect(200);
    v1.clock.now += 24 * 60 * MINUTE;

    const wrongSecret = `${good.slice(0, 12)}${good[12] === 'A' ? 'B' : 'A'}${good.slice(13)}`;
    const unknownPrefix = `kw_zzzzzzzz${good.slice(11)}`;
    const headers = [
      `Bearer ${wrongSecret}`,
      `Bearer ${unknownPrefix}`,
      `Bearer ${revoked}`,
      `Bearer ${expiring}`,
      `Bearer ${good.slice(0, -1)}`,
      `Bearer ${good}x`,
      `Bearer ${good.toUpperCase()}`,
      'Bearer not-a-key',
      'Bearer',
      `Bearer ${good} ${good}`,
      `Basic ${Buffer.from(`user:${good}`).toString('base64')}`,
      good,
    ];
    const answers = [];
    for (const header of headers) {
      const res = await supertest(v1.app).get('/api/v1/whoami').set('authorization', header);
      answers.push({ status: res.status, challenge: res.headers['www-authenticate'], body: res.body });
      expect(res.text).not.toContain(good.slice(12));
      expect(res.text).not.toContain(revoked.slice(12));
    }
    const expected = { status: 401, challenge: 'Bearer realm="keyway", error="invalid_token"', body: { error: { code: 'unauthenticated', message: API_KEY_REFUSED_MESSAGE } } };
    expect(answers).toEqual(headers.map(() => expected));

    // The audit log knows which it was; the caller does not.
    const reasons = (await v1.refusals()).map((row) => JSON.parse(row.details).reason);
    expect(reasons).toEqual(['wrong_secret', 'unknown_key', 'revoked', 'expired']);
    // The right key still works.
    await v1.get(good).expect(200);
  });

  it('attack: a console session cookie, or an identity set before it, authenticates nothing on /api/v1', async () => {
    // A real session cookie of a signed-in administrator, from the console itself.
    const consoleApp = await createTestApp();
    try {
      await seedAdmin(consoleApp.db);
      const signIn = await supertest(consoleApp.app)
        .post('/api/auth/sign-in')
        .set('host', '127.0.0.1')
        .set('origin', 'http://127.0.0.1')
        .set(CSRF_HEADER, CSRF_HEADER_VALUE)
        .send(TEST_ADMIN)
        .expect(200);
      const cookie = (signIn.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
      expect(cookie).toMatch(/keyway_session=/);
      const res = await v1.get().set('cookie', cookie).set(CSRF_HEADER, CSRF_HEADER_VALUE).expect(401);
      expect(res.body.error.message).toBe(API_KEY_MISSING_MESSAGE);
    } finally {
      await consoleApp.close();
    }

    // Whatever ran before the authentication (a session middleware wired in by mistake) lends it nothing.
    const forged = await v1Fixture({}, (req, res, next) => {
      req.user = { id: 'u1', email: TEST_ADMIN.email, role: 'admin', password_hash: '', created_at: '', session_version: 1, disabled_at: null, last_sign_in_at: null };
      res.locals.principal = { kind: 'api_key', id: 'forged', name: 'Forged', prefix: 'kw_forged00', role: 'admin' };
      next();
    });
    try {
      await forged.get().expect(401);
      await supertest(forged.app).post('/api/v1/connections').send({}).expect(401);
    } finally {
      await forged.close();
    }
  });

  it("checks the key's role with requireApiPermission, and a Viewer key is refused a write", async () => {
    const { key: viewer } = await v1.make({ role: 'viewer' });
    const { key: editor } = await v1.make({ role: 'editor' });
    const refused = await supertest(v1.app).post('/api/v1/connections').set('authorization', `Bearer ${viewer}`).send({}).expect(403);
    expect(refused.body.error.message).toBe(
      "This API key's role (Viewer) does not allow it to change folders or data sources. An administrator can make a key with another role.",
    );
    await supertest(v1.app).post('/api/v1/connections').set('authorization', `Bearer ${editor}`).send({}).expect(201);
  });

  it('writes last_used_at at most once a minute per key, even for requests sent all at once', async () => {
    const { apiKey, key } = await v1.make();
    const { key: other } = await v1.make({ name: 'Other' });
    const lastUsed = async () => (await v1.db.selectFrom('api_keys').select('last_used_at').where('id', '=', apiKey.id).executeTakeFirstOrThrow()).last_used_at;
    expect(await lastUsed()).toBeNull();

    await Promise.all(Array.from({ length: 20 }, () => v1.get(key).expect(200)));
    expect(v1.touches).toHaveLength(1);
    expect(await lastUsed()).toBe(new Date(START).toISOString());

    // Requests that find last_used_at recent send no UPDATE at all.
    const calls = v1.touchCalls.count;
    v1.clock.now += 59_000;
    for (let i = 0; i < 10; i++) await v1.get(key).expect(200);
    expect(v1.touches).toHaveLength(1);
    expect(v1.touchCalls.count).toBe(calls);

    // Another key's use is its own.
    await v1.get(other).expect(200);
    expect(v1.touches).toHaveLength(2);

    v1.clock.now += 1_000;
    await v1.get(key).expect(200);
    expect(v1.touches).toHaveLength(3);
    expect(await lastUsed()).toBe(new Date(START + MINUTE).toISOString());
    expect((await v1.service.get(apiKey.id)).lastUsedAt).toBe(new Date(START + MINUTE).toISOString());
  });

  it('attack: a key sent to /api/v1, right or wrong, never reaches the log', async () => {
    const { key } = await v1.make();
    await v1.get(key).expect(200);
    await v1.get(`${key.slice(0, -2)}zz`).expect(401);
    const log = v1.logLines.join('');
    expect(log).toContain('/api/v1/whoami');
    expect(log).not.toContain(key.slice(12));
    expect(log).not.toContain(key.slice(12, -2));
  });
});

describe('apiKeyAuthentication limits', () => {
  let v1: Awaited<ReturnType<typeof v1Fixture>>;
  afterEach(async () => {
    await v1.close();
  });

  it('attack: a key over its request limit gets 429 with Retry-After, other keys go on, and a wrong secret with its prefix spends none of it', async () => {
    v1 = await v1Fixture({ rateLimit: { points: 3, durationSeconds: 30 } });
    const { key } = await v1.make();
    const { key: other } = await v1.make({ name: 'Other' });

    // Someone who read the prefix off a screen cannot use up the key's allowance.
    for (let i = 0; i < 10; i++) await v1.get(`${key.slice(0, 12)}${'A'.repeat(43)}`).expect(401);
    for (let i = 0; i < 3; i++) await v1.get(key).expect(200);
    const limited = await v1.get(key).expect(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(29);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(limited.body.error).toEqual({
      code: 'too_many_requests',
      message: `Too many requests with this API key. Try again in ${retryAfter} seconds.`,
      details: { retryAfterSeconds: retryAfter },
    });
    await v1.get(other).expect(200);
  });

  it('attack: a flood of refused keys leaves one audit entry per key, and one per address for keys nobody has, per window', async () => {
    v1 = await v1Fixture({ refusalAuditWindowSeconds: 1 });
    const { apiKey, key } = await v1.make({ name: 'Leaked' });
    await v1.service.revoke('cli', apiKey.id);
    const random = () => `kw_${Array.from({ length: 8 }, () => 'abcdefghijkmnpqrstuvwxyz23456789'[Math.floor(Math.random() * 32)]).join('')}_${'B'.repeat(43)}`;

    await Promise.all([
      ...Array.from({ length: 30 }, () => v1.get(key).expect(401)),
      ...Array.from({ length: 30 }, () => v1.get(random()).expect(401)),
      ...Array.from({ length: 30 }, () => v1.get('not a key at all').expect(401)),
    ]);
    const first = await v1.refusals();
    expect(first).toHaveLength(2);
    const byKey = first.find((row) => row.target_id === apiKey.id)!;
    expect(byKey).toMatchObject({ outcome: 'failure', actor_email: null, target_type: 'api_key', target_label: 'Leaked' });
    expect(JSON.parse(byKey.details)).toEqual({ reason: 'revoked', prefix: apiKey.prefix, request: 'GET /api/v1/whoami' });
    const byAddress = first.find((row) => row.target_id === null)!;
    expect(byAddress.ip).toMatch(/127\.0\.0\.1$/);
    expect(byAddress.details).not.toContain(key.slice(12));

    // Once the window has passed, the next refusal of each kind is recorded again.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await v1.get(key).expect(401);
    await v1.get(random()).expect(401);
    expect(await v1.refusals()).toHaveLength(4);
    const stored = JSON.stringify(await v1.db.selectFrom('audit_events').selectAll().execute());
    expect(stored).not.toContain(key.slice(12));
  });
});
