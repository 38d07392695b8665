import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Sign-in protection: failures are counted per IP address and per account. An address that fails
 * too often in a window is blocked for the rest of it; an account that fails several times in a
 * row is locked for a time that doubles with each further failure. A success clears the account.
 * (In memory: one console process. A shared store comes with more than one.)
 */
export interface SignInThrottleOptions {
  /** Failures from one address in `ipWindowSeconds` before it is blocked. */
  ipFailures: number;
  ipWindowSeconds: number;
  /** Consecutive failures for one account before the first lockout. */
  accountFailures: number;
  /** First lockout; doubles per further failure, up to `maxLockoutSeconds`. */
  firstLockoutSeconds: number;
  maxLockoutSeconds: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottleOptions = {
  ipFailures: 30,
  ipWindowSeconds: 15 * 60,
  accountFailures: 5,
  firstLockoutSeconds: 60,
  maxLockoutSeconds: 60 * 60,
};

/** Large enough never to be reached by counting; a block() sets the count just above it. */
const ACCOUNT_POINTS = 1_000_000;

export class SignInThrottle {
  private readonly byIp: RateLimiterMemory;
  private readonly byAccount: RateLimiterMemory;
  private readonly lockouts: RateLimiterMemory;

  constructor(private readonly options: SignInThrottleOptions = DEFAULT_SIGN_IN_THROTTLE) {
    this.byIp = new RateLimiterMemory({
      keyPrefix: 'sign_in_ip',
      points: options.ipFailures,
      duration: options.ipWindowSeconds,
      blockDuration: options.ipWindowSeconds,
    });
    // Counts failures since the last lockout; a lockout is a block() that replaces the count.
    this.byAccount = new RateLimiterMemory({ keyPrefix: 'sign_in_account', points: ACCOUNT_POINTS, duration: 24 * 60 * 60 });
    // Lockouts in the last day: each one lasts twice as long as the one before.
    this.lockouts = new RateLimiterMemory({ keyPrefix: 'sign_in_lockouts', points: ACCOUNT_POINTS, duration: 24 * 60 * 60 });
  }

  /** Milliseconds until this address or account may try again; 0 when it may now. */
  async retryAfterMs(ip: string, account: string): Promise<number> {
    const [ipState, accountState] = await Promise.all([this.byIp.get(ip), this.byAccount.get(account)]);
    const ipBlocked = ipState && ipState.consumedPoints >= this.options.ipFailures ? ipState.msBeforeNext : 0;
    const accountLocked = accountState && accountState.consumedPoints > ACCOUNT_POINTS ? accountState.msBeforeNext : 0;
    return Math.max(ipBlocked, accountLocked);
  }

  async failed(ip: string, account: string): Promise<void> {
    await this.byIp.consume(ip).catch((rejection: unknown) => {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
    });
    const state = await this.byAccount.consume(account).catch((rejection: unknown) => {
      if (rejection instanceof RateLimiterRes) return rejection;
      throw rejection;
    });
    if (state.consumedPoints >= this.options.accountFailures && state.consumedPoints <= ACCOUNT_POINTS) {
      const { consumedPoints: lockout } = await this.lockouts.consume(account);
      const seconds = Math.min(this.options.maxLockoutSeconds, this.options.firstLockoutSeconds * 2 ** Math.min(lockout - 1, 20));
      await this.byAccount.block(account, seconds);
    }
  }

  async succeeded(account: string): Promise<void> {
    await Promise.all([this.byAccount.delete(account), this.lockouts.delete(account)]);
  }
}
