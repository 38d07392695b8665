import express from 'express';
import { sealData } from 'iron-session';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserAgent, createTestApp, seedAdmin, TEST_ADMIN } from '../test-support/test-app';
import { OpenedSeals, SESSION_COOKIE, sealExpiry, sessionMiddleware } from './session';

const PASSWORD = 'p'.repeat(64);
const LIMITS = { idleSeconds: 1800, absoluteSeconds: 3600 };

/** A bare app around the middleware: what the session holds, and a way to save and end it. */
function sessionApp(seals: OpenedSeals) {
  const app = express();
  app.use(sessionMiddleware(PASSWORD, LIMITS, seals));
  app.get('/whoami', (req, res) => {
    res.json({ userId: req.session.userId ?? null });
  });
  app.post('/sign-in/:id', async (req, res) => {
    req.session.userId = req.params.id;
    await req.session.save();
    res.json({});
  });
  app.post('/touch/:at', async (req, res) => {
    await req.session.touch(Number(req.params.at), 60_000);
    res.json({ lastSeenAt: req.session.lastSeenAt });
  });
  app.post('/sign-out', (req, res) => {
    req.session.destroy();
    res.json({});
  });
  return app;
}

const cookieValue = (res: { headers: Record<string, unknown> }) => /keyway_session=([^;]*)/.exec(String(res.headers['set-cookie']))![1]!;

describe('session cookies', () => {
  it('opens each seal once: a seal it made or opened is served from memory, with what was sealed', async () => {
    const seals = new OpenedSeals();
    const app = sessionApp(seals);
    const sealed = cookieValue(await supertest(app).post('/sign-in/alice').expect(200));
    expect(seals.size).toBe(1);
    expect((await supertest(app).get('/whoami').set('cookie', `${SESSION_COOKIE}=${sealed}`).expect(200)).body).toEqual({ userId: 'alice' });

    // One this process never saw is opened, then kept.
    const foreign = await sealData({ userId: 'bob' }, { password: PASSWORD, ttl: 3600 });
    expect((await supertest(app).get('/whoami').set('cookie', `${SESSION_COOKIE}=${foreign}`).expect(200)).body).toEqual({ userId: 'bob' });
    expect(seals.size).toBe(2);
  });

  it('attack: a tampered, truncated, foreign or malformed session cookie is no session, never an error', async () => {
    const seals = new OpenedSeals();
    const app = sessionApp(seals);
    const sealed = cookieValue(await supertest(app).post('/sign-in/alice').expect(200));
    const parts = sealed.split('*');
    const tampered = [
      parts.map((part, i) => (i === 4 ? `${part.slice(0, -2)}AA` : part)).join('*'),
      sealed.replace('Fe26.2', 'Fe26.1'),
      parts.map((part, i) => (i === 5 ? 'soon' : part)).join('*'),
      sealed.slice(0, 40),
      await sealData({ userId: 'mallory' }, { password: 'q'.repeat(64), ttl: 3600 }),
      'not-a-seal',
      '%E0%A4%A',
      // The same valid seal spelt otherwise: iron-session would open each (it ignores what follows "~").
      `${sealed}~junk`,
      `${sealed}x`,
      `${sealed}~${'A'.repeat(8000)}`,
    ];
    for (const value of tampered) {
      const res = await supertest(app).get('/whoami').set('cookie', `${SESSION_COOKIE}=${value}`);
      expect(res.status, value).toBe(200);
      expect(res.body, value).toEqual({ userId: null });
    }
    expect(seals.size).toBe(1);
  });

  it('forgets a seal when its session ends, and each seal at its own expiry', async () => {
    let clock = Date.now();
    const seals = new OpenedSeals(10, () => clock);
    const app = sessionApp(seals);
    const sealed = cookieValue(await supertest(app).post('/sign-in/alice').expect(200));
    expect(sealExpiry(sealed)).toBeGreaterThan(clock + 3_500_000);
    expect(seals.get(sealed)).toEqual({ userId: 'alice' });
    clock = sealExpiry(sealed);
    expect(seals.get(sealed)).toBeUndefined();

    clock = Date.now();
    const again = cookieValue(await supertest(app).post('/sign-in/alice').expect(200));
    await supertest(app).post('/sign-out').set('cookie', `${SESSION_COOKIE}=${again}`).expect(200);
    expect(seals.get(again)).toBeUndefined();
  });

  it('re-issues a seal to move lastSeenAt once a minute: the same old cookie sent again gets the same successor, not a new seal', async () => {
    const seals = new OpenedSeals();
    const app = sessionApp(seals);
    const sealed = cookieValue(await supertest(app).post('/sign-in/alice').expect(200));
    const touch = (seal: string, at: number) => supertest(app).post(`/touch/${at}`).set('cookie', `${SESSION_COOKIE}=${seal}`).expect(200);

    const first = await touch(sealed, 1_000_000);
    const successor = cookieValue(first);
    expect(first.body).toEqual({ lastSeenAt: 1_000_000 });
    expect(successor).not.toBe(sealed);
    expect(seals.get(successor)).toEqual({ userId: 'alice', lastSeenAt: 1_000_000 });

    // Within the minute, the old cookie again (a client that kept it): the same successor, and no new seal kept.
    const sizeBefore = seals.size;
    const again = await touch(sealed, 1_059_999);
    expect(cookieValue(again)).toBe(successor);
    expect(again.body).toEqual({ lastSeenAt: 1_000_000 });
    expect(seals.size).toBe(sizeBefore);

    // A minute on, a new one; and the successor itself is a seal of its own, re-issued anew.
    const later = cookieValue(await touch(sealed, 1_060_000));
    expect(later).not.toBe(successor);
    expect(seals.get(later)).toEqual({ userId: 'alice', lastSeenAt: 1_060_000 });
    expect(cookieValue(await touch(successor, 1_000_001))).not.toBe(successor);

    // A session that ended takes its successor with it.
    await supertest(app).post('/sign-out').set('cookie', `${SESSION_COOKIE}=${sealed}`).expect(200);
    expect(seals.successorOf(sealed)).toBeUndefined();
  });

  it('keeps at most its capacity of seals, the oldest going first, and hands out what it holds frozen', () => {
    const seals = new OpenedSeals(2);
    const later = Date.now() + 60_000;
    seals.remember('a', { userId: 'a' }, later);
    seals.remember('b', { userId: 'b' }, later);
    seals.remember('c', { userId: 'c' }, later);
    expect(seals.get('a')).toBeUndefined();
    const held = seals.get('b')! as { userId?: string };
    expect(() => {
      held.userId = 'changed';
    }).toThrow(TypeError);
    expect(seals.get('b')).toEqual({ userId: 'b' });
    seals.remember('expired', { userId: 'x' }, Date.now() - 1);
    expect(seals.get('expired')).toBeUndefined();
  });
});

describe('a signed-in request checks its user', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    ctx = await createTestApp();
    await seedAdmin(ctx.db);
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('attack: a change to the user written straight to the database in this process ends the session on the very next request', async () => {
    const agent = browserAgent(ctx.app);
    await agent.post('/api/auth/sign-in').send(TEST_ADMIN).expect(200);
    await agent.get('/api/folders').expect(200);
    await agent.get('/api/folders').expect(200);
    await ctx.db
      .updateTable('users')
      .set((eb) => ({ session_version: eb(eb.ref('session_version'), '+', 1) }))
      .where('email', '=', TEST_ADMIN.email)
      .execute();
    await agent.get('/api/folders').expect(401);
  });
});
