import { describe, expect, it } from 'vitest';
import { SignInThrottle } from './sign-in-throttle';

const options = { ipFailures: 4, ipWindowSeconds: 60, accountFailures: 3, firstLockoutSeconds: 1, maxLockoutSeconds: 3 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SignInThrottle', () => {
  it('attack: consecutive failures lock an account for a time that doubles, and a success clears it', async () => {
    const throttle = new SignInThrottle(options);
    for (let i = 0; i < 2; i++) await throttle.failed(`10.0.0.${i}`, 'a@example.test');
    expect(await throttle.retryAfterMs('10.0.0.9', 'a@example.test')).toBe(0);
    await throttle.failed('10.0.0.3', 'a@example.test');
    const first = await throttle.retryAfterMs('10.0.0.9', 'a@example.test');
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(1000);
    expect(await throttle.retryAfterMs('10.0.0.9', 'b@example.test')).toBe(0);

    await sleep(1100);
    expect(await throttle.retryAfterMs('10.0.0.9', 'a@example.test')).toBe(0);
    for (let i = 0; i < 3; i++) await throttle.failed(`10.0.1.${i}`, 'a@example.test');
    const second = await throttle.retryAfterMs('10.0.0.9', 'a@example.test');
    expect(second).toBeGreaterThan(1000);
    expect(second).toBeLessThanOrEqual(2000);

    await throttle.succeeded('a@example.test');
    expect(await throttle.retryAfterMs('10.0.0.9', 'a@example.test')).toBe(0);
  });

  it('attack: an address that fails too often is blocked, whatever accounts it tries', async () => {
    const throttle = new SignInThrottle(options);
    for (let i = 0; i < 5; i++) await throttle.failed('192.0.2.7', `user${i}@example.test`);
    expect(await throttle.retryAfterMs('192.0.2.7', 'fresh@example.test')).toBeGreaterThan(50_000);
    expect(await throttle.retryAfterMs('192.0.2.8', 'fresh@example.test')).toBe(0);
  });
});
