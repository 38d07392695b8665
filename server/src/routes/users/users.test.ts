import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsersRepository } from '../../db/repositories/users.repository';
import { browserAgent, createTestApp, signedInAgent, signedInAs, TEST_ADMIN } from '../../test-support/test-app';

describe('users', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let admin: Awaited<ReturnType<typeof signedInAgent>>;
  beforeEach(async () => {
    ctx = await createTestApp();
    admin = await signedInAgent(ctx.app, ctx.db);
  });
  afterEach(async () => {
    await ctx.close();
  });

  const adminId = async () => (await admin.get('/api/users').expect(200)).body.users.find((u: { email: string }) => u.email === TEST_ADMIN.email).id as string;

  it('creates an account with a role; the new person signs in and sees that role', async () => {
    const created = await admin.post('/api/users').send({ email: 'Ed@Example.test', role: 'editor', password: 'a first password 123' }).expect(201);
    expect(created.body.user).toMatchObject({ email: 'ed@example.test', role: 'editor', disabled: false, lastSignInAt: null });
    expect(JSON.stringify(created.body)).not.toMatch(/password|scrypt/i);

    const ed = browserAgent(ctx.app);
    const signedIn = await ed.post('/api/auth/sign-in').send({ email: 'ed@example.test', password: 'a first password 123' }).expect(200);
    expect(signedIn.body.user.role).toBe('editor');
    const list = await admin.get('/api/users').expect(200);
    expect(list.body.users.map((u: { email: string }) => u.email)).toEqual(['admin@example.test', 'ed@example.test']);
    expect(list.body.users[1].lastSignInAt).not.toBeNull();
  });

  it('refuses a duplicate email, a short password and an unknown role with field messages', async () => {
    await admin.post('/api/users').send({ email: 'v@example.test', role: 'viewer', password: 'long enough password' }).expect(201);
    const duplicate = await admin.post('/api/users').send({ email: 'V@example.test', role: 'viewer', password: 'long enough password' }).expect(409);
    expect(duplicate.body.error.details.fieldErrors.email).toEqual(['This email already has an account']);
    const bad = await admin.post('/api/users').send({ email: 'w@example.test', role: 'owner', password: 'short' }).expect(400);
    expect(Object.keys(bad.body.error.details.fieldErrors).sort()).toEqual(['password', 'role']);
  });

  it('attack: a role change takes effect at once: the old cookie no longer works', async () => {
    const { agent: ed, user } = await signedInAs(ctx.app, ctx.db, 'editor');
    await ed.post('/api/folders').send({ title: 'Before', name: 'before' }).expect(201);
    await admin.put(`/api/users/${user.id}/role`).send({ role: 'viewer' }).expect(200);
    const after = await ed.post('/api/folders').send({ title: 'After', name: 'after' }).expect(401);
    expect(after.body.error.message).toBe('Your session has ended. Sign in again.');
    const again = browserAgent(ctx.app);
    await again.post('/api/auth/sign-in').send({ email: user.email, password: TEST_ADMIN.password }).expect(200);
    await again.post('/api/folders').send({ title: 'After', name: 'after' }).expect(403);
  });

  it('attack: disabling an account ends its sessions and stops its sign-in', async () => {
    const { agent: viewer, user } = await signedInAs(ctx.app, ctx.db, 'viewer');
    await viewer.get('/api/folders').expect(200);
    const disabled = await admin.post(`/api/users/${user.id}/disable`).expect(200);
    expect(disabled.body.user.disabled).toBe(true);
    await viewer.get('/api/folders').expect(401);

    const wrong = await browserAgent(ctx.app).post('/api/auth/sign-in').send({ email: user.email, password: 'not the password' }).expect(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const right = await browserAgent(ctx.app).post('/api/auth/sign-in').send({ email: user.email, password: TEST_ADMIN.password }).expect(403);
    expect(right.body.error.code).toBe('account_disabled');

    await admin.post(`/api/users/${user.id}/enable`).expect(200);
    await browserAgent(ctx.app).post('/api/auth/sign-in').send({ email: user.email, password: TEST_ADMIN.password }).expect(200);
  });

  it('resets a password: the old one and the old sessions stop working', async () => {
    const { agent: ed, user } = await signedInAs(ctx.app, ctx.db, 'editor');
    await admin.put(`/api/users/${user.id}/password`).send({ password: 'a brand new password' }).expect(200);
    await ed.get('/api/folders').expect(401);
    await browserAgent(ctx.app).post('/api/auth/sign-in').send({ email: user.email, password: TEST_ADMIN.password }).expect(401);
    await browserAgent(ctx.app).post('/api/auth/sign-in').send({ email: user.email, password: 'a brand new password' }).expect(200);
  });

  it('never lets administrators demote or disable themselves', async () => {
    const id = await adminId();
    const demote = await admin.put(`/api/users/${id}/role`).send({ role: 'viewer' }).expect(409);
    expect(demote.body.error.message).toBe('You cannot change the role of yourself. Ask another administrator.');
    await admin.post(`/api/users/${id}/disable`).expect(409);
    await admin.get('/api/users').expect(200);
  });

  it('always keeps one enabled administrator, even when two demote each other at once', async () => {
    const { agent: second, user: secondUser } = await signedInAs(ctx.app, ctx.db, 'admin');
    const firstId = await adminId();
    const [a, b] = await Promise.all([
      admin.put(`/api/users/${secondUser.id}/role`).send({ role: 'editor' }),
      second.put(`/api/users/${firstId}/role`).send({ role: 'editor' }),
    ]);
    // The loser is refused either by the guard (409) or, if the winner's change came first, because
    // the change ended the loser's own session (401). Never both succeed.
    expect([a.status, b.status].filter((status) => status === 200)).toHaveLength(1);
    expect(await createUsersRepository(ctx.db).countActiveAdministrators()).toBe(1);
  });

  it('answers 404 for an unknown user', async () => {
    const res = await admin.put('/api/users/nope/role').send({ role: 'viewer' }).expect(404);
    expect(res.body.error.message).toBe('The user was not found.');
  });
});
