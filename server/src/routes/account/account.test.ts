import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditRepository } from '../../db/repositories/audit.repository';
import { DEFAULT_SIGN_IN_THROTTLE } from '../../http/sign-in-throttle';
import { browserAgent, createTestApp, signedInAs, TEST_ADMIN } from '../../test-support/test-app';

describe('own account', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    ctx = await createTestApp();
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('lets anyone change their own password: this session carries on, the others and the old password stop', async () => {
    const { agent, user } = await signedInAs(ctx.app, ctx.db, 'viewer');
    const elsewhere = browserAgent(ctx.app);
    await elsewhere.post('/api/auth/sign-in').send({ email: user.email, password: TEST_ADMIN.password }).expect(200);

    await agent.put('/api/account/password').send({ currentPassword: TEST_ADMIN.password, newPassword: 'my very own password' }).expect(204);
    await agent.get('/api/folders').expect(200);
    await elsewhere.get('/api/folders').expect(401);
    await browserAgent(ctx.app).post('/api/auth/sign-in').send({ email: user.email, password: TEST_ADMIN.password }).expect(401);
    await browserAgent(ctx.app).post('/api/auth/sign-in').send({ email: user.email, password: 'my very own password' }).expect(200);

    const entries = await createAuditRepository(ctx.db).page({ action: 'auth.password_change', page: 1, pageSize: 10 });
    expect(entries.rows).toHaveLength(1);
    expect(entries.rows[0]).toMatchObject({ actor_email: user.email, outcome: 'success' });
    expect(JSON.stringify(entries.rows)).not.toContain('my very own password');
  });

  it('says which field is wrong: the current password, or a new one that is the same or too short', async () => {
    const { agent } = await signedInAs(ctx.app, ctx.db, 'editor');
    const wrong = await agent.put('/api/account/password').send({ currentPassword: 'not it', newPassword: 'a long new password' }).expect(400);
    expect(wrong.body.error.details.fieldErrors).toEqual({ currentPassword: ['The current password is not correct'] });
    const same = await agent.put('/api/account/password').send({ currentPassword: TEST_ADMIN.password, newPassword: TEST_ADMIN.password }).expect(400);
    expect(same.body.error.details.fieldErrors.newPassword).toEqual(['Choose a password different from the current one']);
    const short = await agent.put('/api/account/password').send({ currentPassword: TEST_ADMIN.password, newPassword: 'short' }).expect(400);
    expect(short.body.error.details.fieldErrors.newPassword[0]).toMatch(/12 characters/);
  });

  it('attack: guessing the current password through a signed-in session runs into the sign-in lockout', async () => {
    const { agent } = await signedInAs(ctx.app, ctx.db, 'viewer');
    // The session's browser signed in, so it holds a device cookie: its own allowance first, then
    // the one of any browser at its address.
    const { deviceFailures, pairFailures } = DEFAULT_SIGN_IN_THROTTLE;
    for (let i = 0; i < deviceFailures + pairFailures; i++) {
      await agent.put('/api/account/password').send({ currentPassword: `guess ${i}`, newPassword: 'a long new password' }).expect(400);
    }
    const locked = await agent.put('/api/account/password').send({ currentPassword: TEST_ADMIN.password, newPassword: 'a long new password' }).expect(429);
    expect(locked.body.error).toEqual({ code: 'too_many_attempts', message: 'Too many wrong passwords. Try again in 1 minute.' });
    // The first lockout of this browser's address: a minute, in whole seconds.
    const retryAfter = Number(locked.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= DEFAULT_SIGN_IN_THROTTLE.firstLockoutSeconds).toBe(true);
  });
});
