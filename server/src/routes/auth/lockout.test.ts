import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@keyway/shared';
import { DEFAULT_SIGN_IN_THROTTLE, type SignInThrottleOptions } from '../../http/sign-in-throttle';
import { hashPassword } from '../../crypto/password';
import { createUsersRepository } from '../../db/repositories/users.repository';
import { createTestApp, seedAdmin, TEST_ADMIN } from '../../test-support/test-app';

/**
 * The console on 127.0.0.1, and clients that each bind their own loopback address (all of
 * 127.0.0.0/8 is loopback on Linux), so the console sees as many addresses as a distributed
 * guesser would have. No proxy is trusted: the address is the socket's.
 */
async function consoleOnLoopback(signInThrottle?: SignInThrottleOptions) {
  const ctx = await createTestApp({ signInThrottle });
  await seedAdmin(ctx.db);
  const server = ctx.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    ctx,
    /** A browser on `localAddress` that keeps the cookies it is given. */
    browser(localAddress: string) {
      const cookies = new Map<string, string>();
      return {
        signIn: (password: string, email = TEST_ADMIN.email) =>
          new Promise<{ status: number; code?: string; message?: string }>((resolve, reject) => {
            const body = JSON.stringify({ email, password });
            const request = http.request(
              {
                host: '127.0.0.1',
                port,
                localAddress,
                agent: false,
                path: '/api/auth/sign-in',
                method: 'POST',
                headers: {
                  'content-type': 'application/json',
                  origin: `http://127.0.0.1:${port}`,
                  [CSRF_HEADER]: CSRF_HEADER_VALUE,
                  cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
                },
              },
              (response) => {
                for (const line of response.headers['set-cookie'] ?? []) {
                  const [pair] = line.split(';');
                  const at = pair!.indexOf('=');
                  cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
                }
                let text = '';
                response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
                response.on('end', () => {
                  const parsed = JSON.parse(text) as { error?: { code: string; message: string } };
                  resolve({ status: response.statusCode ?? 0, code: parsed.error?.code, message: parsed.error?.message });
                });
              },
            );
            request.on('error', reject);
            request.end(body);
          }),
        forgetSession: () => cookies.delete('keyway_session'),
        cookieNames: () => [...cookies.keys()],
      };
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await ctx.close();
    },
  };
}

describe('sign-in limits, seen from several loopback addresses', () => {
  let running: Awaited<ReturnType<typeof consoleOnLoopback>> | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('attack: five wrong passwords from 127.0.0.1 do not stop the right password from 127.0.0.2', async () => {
    running = await consoleOnLoopback(DEFAULT_SIGN_IN_THROTTLE);
    const attacker = running.browser('127.0.0.1');
    for (let i = 0; i < 5; i++) expect((await attacker.signIn(`guess ${i}`)).status).toBe(401);
    // The attacker's own address is locked out of the account, even with the right password...
    expect(await attacker.signIn(TEST_ADMIN.password)).toMatchObject({ status: 429, code: 'too_many_attempts' });
    // ...and the owner, elsewhere, is not.
    expect((await running.browser('127.0.0.2').signIn(TEST_ADMIN.password)).status).toBe(200);
  });

  it('attack: guessing from many addresses closes the account to new browsers, not to one that signed in before', async () => {
    running = await consoleOnLoopback({ ...DEFAULT_SIGN_IN_THROTTLE, accountFailures: 8 });
    const owner = running.browser('127.0.0.2');
    expect((await owner.signIn(TEST_ADMIN.password)).status).toBe(200);
    expect(owner.cookieNames()).toContain('keyway_device');
    owner.forgetSession();

    for (let i = 0; i < 8; i++) expect((await running.browser(`127.0.1.${i + 1}`).signIn(`guess ${i}`)).status).toBe(401);
    const newcomer = await running.browser('127.0.0.3').signIn(TEST_ADMIN.password);
    expect(newcomer).toMatchObject({ status: 429, code: 'too_many_attempts' });
    expect(newcomer.message).toMatch(/from a browser you have signed in with before/);
    expect((await owner.signIn(TEST_ADMIN.password)).status).toBe(200);
  });

  it('attack: twenty wrong passwords sent at once from one address get five checked; the rest are refused before any check', async () => {
    running = await consoleOnLoopback(DEFAULT_SIGN_IN_THROTTLE);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => running!.browser('127.0.0.1').signIn(`guess ${i}`)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(DEFAULT_SIGN_IN_THROTTLE.pairFailures);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - DEFAULT_SIGN_IN_THROTTLE.pairFailures);
    expect((await running.browser('127.0.0.1').signIn(TEST_ADMIN.password)).status).toBe(429);
  });

  it("attack: device cookies from before a password change give no standing against the new password", async () => {
    running = await consoleOnLoopback(DEFAULT_SIGN_IN_THROTTLE);
    const formerOwner = running.browser('127.0.0.2');
    expect((await formerOwner.signIn(TEST_ADMIN.password)).status).toBe(200);
    formerOwner.forgetSession();
    const users = createUsersRepository(running.ctx.db);
    const admin = (await users.findByEmail(TEST_ADMIN.email))!;
    await users.setPasswordHash(admin.id, await hashPassword('a new password nobody else knows'));

    // The old cookie counts as any browser's: five failures lock this address out, not ten.
    for (let i = 0; i < DEFAULT_SIGN_IN_THROTTLE.pairFailures; i++) expect((await formerOwner.signIn(`guess ${i}`)).status).toBe(401);
    expect((await formerOwner.signIn('guess again')).status).toBe(429);
  });
});
