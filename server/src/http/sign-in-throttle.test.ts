import { describe, expect, it, vi } from 'vitest';
import { addressKey, DEFAULT_SIGN_IN_THROTTLE, SignInThrottle, type SignInAttempt, type SignInThrottleOptions } from './sign-in-throttle';

const options: SignInThrottleOptions = {
  addressFailures: 8,
  addressWindowSeconds: 60,
  pairFailures: 3,
  firstLockoutSeconds: 1,
  maxLockoutSeconds: 3,
  accountFailures: 6,
  accountWindowSeconds: 60,
  deviceFailures: 4,
  deviceWindowSeconds: 60,
};

/** One wrong password, as the route sends it: a ticket first, then the failure. */
async function fail(throttle: SignInThrottle, attempt: SignInAttempt) {
  const start = await throttle.begin(attempt);
  expect(start.refused).toBeUndefined();
  await throttle.failed(start.ticket!);
}

async function succeed(throttle: SignInThrottle, attempt: SignInAttempt) {
  const start = await throttle.begin(attempt);
  expect(start.refused).toBeUndefined();
  await throttle.succeeded(start.ticket!);
}
const account = 'a@example.test';

describe('SignInThrottle', () => {
  it('attack: failures from one address lock that address out of the account, for a time that doubles, and the right password clears it', async () => {
    vi.useFakeTimers();
    try {
      const throttle = new SignInThrottle({ ...options, accountFailures: 100, addressFailures: 100 });
      const attacker = { address: '10.0.0.1', account };
      for (let i = 0; i < 2; i++) await fail(throttle, attacker);
      expect(await throttle.check(attacker)).toBeNull();
      await fail(throttle, attacker);
      const first = await throttle.check(attacker);
      expect(first?.limit).toBe('account_address');
      expect(first!.retryAfterMs).toBeGreaterThan(0);
      expect(first!.retryAfterMs).toBeLessThanOrEqual(1000);
      expect((await throttle.begin(attacker)).refused?.limit).toBe('account_address');

      await vi.advanceTimersByTimeAsync(1100);
      expect(await throttle.check(attacker)).toBeNull();
      for (let i = 0; i < 3; i++) await fail(throttle, attacker);
      const second = await throttle.check(attacker);
      expect(second!.retryAfterMs).toBeGreaterThan(1000);
      expect(second!.retryAfterMs).toBeLessThanOrEqual(2000);

      // Once it may try again, the right password clears the count and the doubling.
      await vi.advanceTimersByTimeAsync(2100);
      await fail(throttle, attacker);
      await succeed(throttle, attacker);
      for (let i = 0; i < 2; i++) await fail(throttle, attacker);
      expect(await throttle.check(attacker)).toBeNull();
      await fail(throttle, attacker);
      expect((await throttle.check(attacker))!.retryAfterMs).toBeLessThanOrEqual(1000);
    } finally {
      vi.useRealTimers();
    }
  });

  it('attack: wrong passwords from one address do not stop the same account from another address', async () => {
    const throttle = new SignInThrottle(options);
    for (let i = 0; i < 3; i++) await fail(throttle, { address: '10.0.0.1', account });
    expect((await throttle.check({ address: '10.0.0.1', account }))?.limit).toBe('account_address');
    expect(await throttle.check({ address: '10.0.0.2', account })).toBeNull();
  });

  it('attack: an address that fails too often is blocked, whatever accounts it tries', async () => {
    const throttle = new SignInThrottle(options);
    for (let i = 0; i < 8; i++) await fail(throttle, { address: '192.0.2.7', account: `user${i}@example.test` });
    const blocked = await throttle.check({ address: '192.0.2.7', account: 'fresh@example.test' });
    expect(blocked).toMatchObject({ limit: 'address' });
    expect(blocked!.retryAfterMs).toBeGreaterThan(50_000);
    expect(await throttle.check({ address: '192.0.2.8', account: 'fresh@example.test' })).toBeNull();
  });

  it('attack: guessing spread over many addresses reaches the account ceiling, which a browser with a device cookie does not heed', async () => {
    const throttle = new SignInThrottle(options);
    for (let i = 0; i < 6; i++) await fail(throttle, { address: `198.51.100.${i}`, account });
    const fresh = await throttle.check({ address: '203.0.113.9', account });
    expect(fresh).toMatchObject({ limit: 'account' });
    expect(fresh!.retryAfterMs).toBeGreaterThan(50_000);
    expect(await throttle.check({ address: '203.0.113.9', account, device: 'owner-device' })).toBeNull();
    expect(await throttle.check({ address: '198.51.100.0', account, device: 'owner-device' })).toBeNull();
    // A success by the owner leaves the ceiling where it is: it is no fresh allowance for the guesser.
    await succeed(throttle, { address: '203.0.113.9', account, device: 'owner-device' });
    expect((await throttle.check({ address: '203.0.113.10', account }))?.limit).toBe('account');
  });

  it('attack: the owner signing in through a device cookie behind the same address does not unlock that address for a guesser', async () => {
    const throttle = new SignInThrottle({ ...options, accountFailures: 100, addressFailures: 100 });
    for (let i = 0; i < 3; i++) await fail(throttle, { address: '10.0.0.1', account });
    await succeed(throttle, { address: '10.0.0.1', account, device: 'owner-device' });
    expect((await throttle.check({ address: '10.0.0.1', account }))?.limit).toBe('account_address');
  });

  it('attack: a device cookie that fails too often itself loses its standing, and its failures count for nobody else', async () => {
    const throttle = new SignInThrottle(options);
    const device = { address: '10.0.0.1', account, device: 'stolen' };
    for (let i = 0; i < 3; i++) await fail(throttle, device);
    // Three failures through the cookie: the pair limit (3) would have locked a browser without one.
    expect(await throttle.check(device)).toBeNull();
    expect(await throttle.check({ address: '10.0.0.1', account })).toBeNull();
    await fail(throttle, device);
    // Four: the cookie counts as any browser now, and its next failures do count for the address.
    expect(await throttle.check(device)).toBeNull();
    for (let i = 0; i < 3; i++) await fail(throttle, device);
    expect((await throttle.check(device))?.limit).toBe('account_address');
    expect(await throttle.check({ ...device, device: 'another-browser' })).toBeNull();
  });

  it('attack: a guesser that tries again the moment it may gets the guesses SECURITY.md states, from one address and from many', async () => {
    vi.useFakeTimers();
    try {
      const throttle = new SignInThrottle(DEFAULT_SIGN_IN_THROTTLE);
      const guessesPerHour = async (attemptAt: (n: number) => { address: string; account: string }, hours: number) => {
        const cumulative: number[] = [];
        let guesses = 0;
        for (let second = 5; second <= hours * 3600; second += 5) {
          const attempt = attemptAt(guesses);
          const start = await throttle.begin(attempt);
          if (start.ticket) {
            await throttle.failed(start.ticket);
            guesses += 1;
          }
          if (second % 3600 === 0) cumulative.push(guesses);
          await vi.advanceTimersByTimeAsync(5000);
        }
        return cumulative.map((total, hour) => total - (cumulative[hour - 1] ?? 0));
      };
      // One address at one account: 30 in the first hour, then 5 an hour (145 a day).
      const oneAddress = await guessesPerHour(() => ({ address: '10.0.0.1', account: 'one@example.test' }), 24);
      expect(oneAddress.slice(0, 3)).toEqual([30, 5, 5]);
      expect(oneAddress.reduce((a, b) => a + b)).toBe(145);
      // A fresh address for every guess, at another account: the account's ceiling, 100 an hour.
      const spread = await guessesPerHour((n) => ({ address: `10.1.${n >> 8}.${n & 255}`, account: 'many@example.test' }), 3);
      expect(spread).toEqual([100, 100, 100]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('attack: twenty wrong passwords sent at once get five checked, not twenty, because each is counted before it is checked', async () => {
    const throttle = new SignInThrottle({ ...options, pairFailures: 5, accountFailures: 100, addressFailures: 100 });
    const attacker = { address: '10.0.0.1', account };
    const starts = await Promise.all(Array.from({ length: 20 }, () => throttle.begin(attacker)));
    expect(starts.filter((s) => s.ticket)).toHaveLength(5);
    expect(starts.filter((s) => s.refused).map((s) => s.refused!.limit)).toEqual(Array(15).fill('account_address'));
    await Promise.all(starts.filter((s) => s.ticket).map((s) => throttle.failed(s.ticket!)));
    expect((await throttle.check(attacker))?.limit).toBe('account_address');
    // The refused ones took nothing: another address at the same account has its whole allowance.
    const other = await Promise.all(Array.from({ length: 5 }, () => throttle.begin({ address: '10.0.0.2', account })));
    expect(other.every((s) => s.ticket)).toBe(true);
  });

  it('counts an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb::2'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('unknown')).toBe('unknown');
  });
});
