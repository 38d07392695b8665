import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKGROUND_HEADER } from '@keyway/shared';
import { browserAgent, createTestApp, seedAdmin, signedInAs, TEST_ADMIN } from '../test-support/test-app';

const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie'] ?? '').split(';')[0]!;

describe('session lifetime', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  const start = new Date('2026-11-23T09:00:00Z').getTime();
  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    ctx = await createTestApp({ sessionLimits: { idleSeconds: 30 * 60, absoluteSeconds: 12 * 60 * 60 } });
    await seedAdmin(ctx.db);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await ctx.close();
  });

  const at = (minutes: number) => vi.setSystemTime(start + minutes * 60_000);

  it('fault: a session left alone past the idle timeout ends, with a message that says why', async () => {
    const agent = browserAgent(ctx.app);
    await agent.post('/api/auth/sign-in').send(TEST_ADMIN).expect(200);
    at(29);
    await agent.get('/api/folders').expect(200);
    at(29 + 31);
    const res = await agent.get('/api/folders').expect(401);
    expect(res.body.error).toEqual({ code: 'unauthenticated', message: 'You were signed out after 30 minutes without activity. Sign in again.' });
    expect((await agent.get('/api/auth/session').expect(200)).body.user).toBeNull();
  });

  it('fault: background refreshes alone do not keep an unattended session alive', async () => {
    const agent = browserAgent(ctx.app);
    await agent.post('/api/auth/sign-in').send(TEST_ADMIN).expect(200);
    for (let minute = 5; minute <= 30; minute += 5) {
      at(minute);
      await agent.get('/api/health').set(BACKGROUND_HEADER, '1').expect(200);
    }
    at(31);
    await agent.get('/api/health').set(BACKGROUND_HEADER, '1').expect(401);
  });

  it('fault: an active session still ends at the absolute timeout', async () => {
    const agent = browserAgent(ctx.app);
    await agent.post('/api/auth/sign-in').send(TEST_ADMIN).expect(200);
    for (let minute = 20; minute < 12 * 60; minute += 20) {
      at(minute);
      await agent.get('/api/folders').expect(200);
    }
    at(12 * 60 + 1);
    const res = await agent.get('/api/folders').expect(401);
    expect(res.body.error.message).toBe('Sessions last 12 hours. Sign in again.');
  });

  it("attack: a cookie planted in the victim's browser does not gain the victim's identity at sign-in (fixation)", async () => {
    const { agent: attacker } = await signedInAs(ctx.app, ctx.db, 'viewer', 'attacker@example.test');
    const planted = cookieOf(await attacker.post('/api/auth/sign-in').send({ email: 'attacker@example.test', password: TEST_ADMIN.password }).expect(200));

    const victim = await supertest(ctx.app)
      .post('/api/auth/sign-in')
      .set('cookie', planted)
      .set('x-keyway-request', '1')
      .set('origin', 'http://127.0.0.1')
      .set('host', '127.0.0.1')
      .send(TEST_ADMIN)
      .expect(200);
    const issued = cookieOf(victim);
    expect(issued).not.toBe(planted);
    const asVictim = await supertest(ctx.app).get('/api/auth/session').set('cookie', issued).expect(200);
    expect(asVictim.body.user.email).toBe(TEST_ADMIN.email);
    const asAttacker = await supertest(ctx.app).get('/api/auth/session').set('cookie', planted).expect(200);
    expect(asAttacker.body.user.email).toBe('attacker@example.test');
  });
});
