import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SIGN_IN_THROTTLE } from '../../http/sign-in-throttle';
import { browserAgent, createTestApp, seedAdmin, TEST_ADMIN } from '../../test-support/test-app';

describe('auth routes', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    ctx = await createTestApp();
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('asks for an administrator while no account exists, then signs that administrator in', async () => {
    const agent = browserAgent(ctx.app);
    const before = await agent.get('/api/auth/session').expect(200);
    expect(before.body).toEqual({ user: null, setupRequired: true });

    const created = await agent.post('/api/auth/setup').send({ email: 'Root@Example.test', password: 'a long enough password' }).expect(201);
    expect(created.body.user).toMatchObject({ email: 'root@example.test', role: 'admin' });

    const after = await agent.get('/api/auth/session').expect(200);
    expect(after.body).toMatchObject({ user: { email: 'root@example.test' }, setupRequired: false });
  });

  it('refuses a second first-administrator', async () => {
    await seedAdmin(ctx.db);
    const res = await browserAgent(ctx.app).post('/api/auth/setup').send({ email: 'x@example.test', password: 'another long password' }).expect(409);
    expect(res.body.error.code).toBe('conflict');
  });

  it('rejects a short password for a new administrator with a field message', async () => {
    const res = await browserAgent(ctx.app).post('/api/auth/setup').send({ email: 'a@example.test', password: 'short' }).expect(400);
    expect(res.body.error.details.fieldErrors.password[0]).toMatch(/12 characters/);
  });

  it('signs in with the right password and gives a plain message for a wrong one', async () => {
    await seedAdmin(ctx.db);
    const wrong = await browserAgent(ctx.app).post('/api/auth/sign-in').send({ ...TEST_ADMIN, password: 'not the password' }).expect(401);
    expect(wrong.body.error).toEqual({ code: 'invalid_credentials', message: 'The email or password is not correct.' });

    const unknown = await browserAgent(ctx.app).post('/api/auth/sign-in').send({ email: 'nobody@example.test', password: 'x' }).expect(401);
    expect(unknown.body.error).toEqual(wrong.body.error);

    const agent = browserAgent(ctx.app);
    const ok = await agent.post('/api/auth/sign-in').send(TEST_ADMIN).expect(200);
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(/keyway_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    await agent.get('/api/folders').expect(200);

    await agent.post('/api/auth/sign-out').expect(204);
    await agent.get('/api/folders').expect(401);
  });

  it('attack: a malformed device or session cookie at sign-in is no cookie, never a 500', async () => {
    await seedAdmin(ctx.db);
    for (const cookie of ['keyway_device=Fe26.1*1*a*b*c*d*e*f', 'keyway_device=Fe26.2*1*a*b*c*soon*e*f~2', 'keyway_session=Fe26.1*1*a*b*c*d*e*f']) {
      const wrong = await browserAgent(ctx.app).post('/api/auth/sign-in').set('cookie', cookie).send({ ...TEST_ADMIN, password: 'not the password' });
      expect(wrong.status, cookie).toBe(401);
      const right = await browserAgent(ctx.app).post('/api/auth/sign-in').set('cookie', cookie).send(TEST_ADMIN);
      expect(right.status, cookie).toBe(200);
      expect(String(right.headers['set-cookie']), cookie).toMatch(/keyway_device=Fe26\.2\*/);
    }
    expect(ctx.logLines.join('\n')).not.toMatch(/"level":50/);
  });

  it('marks the cookie Secure when the request came over https through a trusted proxy', async () => {
    const proxied = await createTestApp({ trustProxy: ['loopback'], publicUrl: 'https://console.example.test' });
    try {
      await seedAdmin(proxied.db);
      const overHttps = await supertest(proxied.app)
        .post('/api/auth/sign-in')
        .set('x-forwarded-proto', 'https')
        .set('host', 'console.example.test')
        .set('origin', 'https://console.example.test')
        .set('x-keyway-request', '1')
        .send(TEST_ADMIN)
        .expect(200);
      expect(String(overHttps.headers['set-cookie'])).toMatch(/;\s*Secure/i);
      expect(String(overHttps.headers['set-cookie'])).toMatch(/^__Host-keyway_session=/);
      expect(String(overHttps.headers['set-cookie'])).not.toMatch(/Domain=/i);
    } finally {
      await proxied.close();
    }
    await seedAdmin(ctx.db);
    const overHttp = await browserAgent(ctx.app).post('/api/auth/sign-in').send(TEST_ADMIN).expect(200);
    expect(String(overHttp.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
  });

  it('needs a session for every /api route but sign-in and healthz', async () => {
    const request = supertest(ctx.app);
    await request.get('/api/healthz').expect(200, { status: 'ok' });
    for (const path of ['/api/folders', '/api/datasources?folderId=x', '/api/datasources/abc']) {
      const res = await request.get(path).expect(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });

  it("attack: a request for a name the console was not configured for is refused (DNS rebinding), and PUBLIC_URL's name is served", async () => {
    const rebound = await supertest(ctx.app).get('/api/auth/session').set('host', 'rebind.attacker.example:3000').expect(421);
    expect(rebound.body.error.code).toBe('unknown_host');
    await supertest(ctx.app).get('/api/auth/session').set('host', 'localhost:3000').expect(200);
    await supertest(ctx.app).get('/api/auth/session').set('host', '[::1]:3000').expect(200);

    const named = await createTestApp({ publicUrl: 'https://console.example.test' });
    try {
      await supertest(named.app).get('/api/auth/session').set('host', 'console.example.test').expect(200);
      await supertest(named.app).get('/api/auth/session').set('host', 'other.example.test').expect(421);
    } finally {
      await named.close();
    }
  });

  it('attack: password guessing locks the account with a plain message, and a forged X-Forwarded-For does not reset the address limit', async () => {
    const limited = await createTestApp({
      signInThrottle: { ...DEFAULT_SIGN_IN_THROTTLE, addressFailures: 6, pairFailures: 3, firstLockoutSeconds: 60 },
    });
    try {
      await seedAdmin(limited.db);
      const attempt = (email: string, password: string, forwardedFor = '203.0.113.1') =>
        browserAgent(limited.app).post('/api/auth/sign-in').set('x-forwarded-for', forwardedFor).send({ email, password });
      for (let i = 0; i < 3; i++) await attempt(TEST_ADMIN.email, 'wrong password').expect(401);
      const locked = await attempt(TEST_ADMIN.email, TEST_ADMIN.password).expect(429);
      expect(locked.body.error).toEqual({ code: 'too_many_attempts', message: 'Too many failed sign-ins. Try again in 1 minute.' });
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);

      // Other accounts from the same address, each with a different forged X-Forwarded-For:
      // the console trusts no proxy here, so all count against the one real address.
      for (let i = 0; i < 3; i++) await attempt(`other${i}@example.test`, 'x', `198.51.100.${i}`).expect(401);
      await attempt('someone@example.test', 'x', '192.0.2.99').expect(429);
    } finally {
      await limited.close();
    }
  });

  it('attack: a cookie replayed after sign-out is refused', async () => {
    await seedAdmin(ctx.db);
    const agent = browserAgent(ctx.app);
    const signedIn = await agent.post('/api/auth/sign-in').send(TEST_ADMIN).expect(200);
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    await supertest(ctx.app).get('/api/folders').set('cookie', cookie).expect(200);
    await agent.post('/api/auth/sign-out').expect(204);
    const replayed = await supertest(ctx.app).get('/api/folders').set('cookie', cookie).expect(401);
    expect(replayed.body.error.code).toBe('unauthenticated');
    const probe = await supertest(ctx.app).get('/api/auth/session').set('cookie', cookie).expect(200);
    expect(probe.body.user).toBeNull();
  });

  it('attack: a body over the limit is refused with 413', async () => {
    const res = await browserAgent(ctx.app)
      .post('/api/auth/sign-in')
      .send({ email: 'a@example.test', password: 'x'.repeat(100 * 1024) })
      .expect(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  describe('CSRF', () => {
    it('attack: a cross-site form POST (text/plain, foreign Origin, no custom header) is refused', async () => {
      await seedAdmin(ctx.db);
      const res = await supertest(ctx.app)
        .post('/api/auth/sign-in')
        .set('host', '127.0.0.1')
        .set('origin', 'https://attacker.example')
        .set('content-type', 'text/plain')
        .send(JSON.stringify(TEST_ADMIN))
        .expect(403);
      expect(res.body.error.code).toBe('forbidden');
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('attack: a state-changing request without the custom header is refused', async () => {
      await seedAdmin(ctx.db);
      const res = await supertest(ctx.app)
        .post('/api/auth/sign-in')
        .set('origin', 'http://127.0.0.1')
        .set('host', '127.0.0.1')
        .send(TEST_ADMIN)
        .expect(403);
      expect(res.body.error.code).toBe('forbidden');
    });

    it('attack: a state-changing request from another origin, or with no origin, is refused', async () => {
      await seedAdmin(ctx.db);
      for (const origin of ['https://evil.example', 'http://127.0.0.1:9999', undefined]) {
        let test = supertest(ctx.app).post('/api/auth/sign-in').set('x-keyway-request', '1').set('host', '127.0.0.1');
        if (origin) test = test.set('origin', origin);
        const res = await test.send(TEST_ADMIN).expect(403);
        expect(res.body.error.message).toMatch(/another site/);
      }
    });
  });
});
