import type { Response } from 'express';
import ipaddr from 'ipaddr.js';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors';

/**
 * Sign-in protection that bounds guessing without letting anyone lock another person out
 * (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"):
 *
 * - A browser that has signed in to an account before holds a device cookie for it. Its attempts
 *   count against that cookie only: wrong passwords sent from elsewhere, for the same account or
 *   from the same address, never stop it.
 * - Every other attempt counts three ways: against its address (any account), against the account
 *   from that address (consecutive failures lock the pair for a time that doubles), and against
 *   the account from all such browsers together (a much higher ceiling, for guessing spread over
 *   many addresses).
 *
 * In memory: one console process. A shared store comes with more than one.
 */
export interface SignInThrottleOptions {
  /** Failures from one address, whatever the account, in `addressWindowSeconds` before it is blocked for the rest of it. */
  addressFailures: number;
  addressWindowSeconds: number;
  /** Consecutive failures for one account from one address before that pair's first lockout. */
  pairFailures: number;
  /** The pair's first lockout; doubles per further failure, up to `maxLockoutSeconds`. */
  firstLockoutSeconds: number;
  maxLockoutSeconds: number;
  /** Failures for one account from all browsers without its device cookie, in `accountWindowSeconds`. */
  accountFailures: number;
  accountWindowSeconds: number;
  /** Failures through one device cookie in `deviceWindowSeconds` before it counts as any other browser. */
  deviceFailures: number;
  deviceWindowSeconds: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottleOptions = {
  addressFailures: 30,
  addressWindowSeconds: 15 * 60,
  pairFailures: 5,
  firstLockoutSeconds: 60,
  maxLockoutSeconds: 60 * 60,
  accountFailures: 100,
  accountWindowSeconds: 60 * 60,
  deviceFailures: 10,
  deviceWindowSeconds: 15 * 60,
};

export interface SignInAttempt {
  /** The client's address as Express sees it (after TRUST_PROXY). */
  address: string;
  /** The normalised email the attempt is for; it need not name an account. */
  account: string;
  /** This browser's device cookie id for the account, when it holds a valid one. */
  device?: string;
}

/** Which limit refused an attempt: the message, the audit entry and SECURITY.md name the same ones. */
export type SignInLimit = 'address' | 'account_address' | 'account';

export interface SignInRefusal {
  limit: SignInLimit;
  retryAfterMs: number;
}

/** Large enough never to be reached by counting; a block() sets the count just above it. */
const UNREACHABLE_POINTS = 1_000_000;
const DAY_SECONDS = 24 * 60 * 60;

/**
 * The key an address is counted under. An IPv6 client usually holds a whole /64, so its
 * addresses count as one; an IPv4-mapped IPv6 address counts as the IPv4 address it is.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const prefix = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${prefix.join(':')}::/64`;
}

const ignoreLimitReached = (rejection: unknown) => {
  if (!(rejection instanceof RateLimiterRes)) throw rejection;
  return rejection;
};

export class SignInThrottle {
  private readonly byAddress: RateLimiterMemory;
  /** Failures of one account from one address since that pair's last lockout; a lockout is a block() that replaces the count. */
  private readonly byPair: RateLimiterMemory;
  /** The pair's lockouts in the last day: each one lasts twice as long as the one before. */
  private readonly pairLockouts: RateLimiterMemory;
  private readonly byAccount: RateLimiterMemory;
  private readonly byDevice: RateLimiterMemory;

  constructor(private readonly options: SignInThrottleOptions = DEFAULT_SIGN_IN_THROTTLE) {
    this.byAddress = new RateLimiterMemory({
      keyPrefix: 'sign_in_address',
      points: options.addressFailures,
      duration: options.addressWindowSeconds,
      blockDuration: options.addressWindowSeconds,
    });
    this.byPair = new RateLimiterMemory({ keyPrefix: 'sign_in_pair', points: UNREACHABLE_POINTS, duration: DAY_SECONDS });
    this.pairLockouts = new RateLimiterMemory({ keyPrefix: 'sign_in_pair_lockouts', points: UNREACHABLE_POINTS, duration: DAY_SECONDS });
    this.byAccount = new RateLimiterMemory({ keyPrefix: 'sign_in_account', points: options.accountFailures, duration: options.accountWindowSeconds });
    this.byDevice = new RateLimiterMemory({ keyPrefix: 'sign_in_device', points: options.deviceFailures, duration: options.deviceWindowSeconds });
  }

  /** Why this attempt may not be checked now, or null when it may. */
  async refusal(attempt: SignInAttempt): Promise<SignInRefusal | null> {
    if (await this.trusted(attempt)) return null;
    const pair = pairKey(attempt);
    const [address, pairState, account] = await Promise.all([
      this.byAddress.get(addressKey(attempt.address)),
      this.byPair.get(pair),
      this.byAccount.get(attempt.account),
    ]);
    const refusals: SignInRefusal[] = [];
    if (address && address.consumedPoints >= this.options.addressFailures) refusals.push({ limit: 'address', retryAfterMs: address.msBeforeNext });
    if (pairState && pairState.consumedPoints > UNREACHABLE_POINTS) refusals.push({ limit: 'account_address', retryAfterMs: pairState.msBeforeNext });
    if (account && account.consumedPoints >= this.options.accountFailures) refusals.push({ limit: 'account', retryAfterMs: account.msBeforeNext });
    // The longest wait is the one that matters to the person reading the message.
    return refusals.sort((a, b) => b.retryAfterMs - a.retryAfterMs)[0] ?? null;
  }

  async failed(attempt: SignInAttempt): Promise<void> {
    if (await this.trusted(attempt)) {
      await this.byDevice.consume(attempt.device!).catch(ignoreLimitReached);
      return;
    }
    const pair = pairKey(attempt);
    const [, pairState] = await Promise.all([
      this.byAddress.consume(addressKey(attempt.address)).catch(ignoreLimitReached),
      this.byPair.consume(pair).catch(ignoreLimitReached),
      this.byAccount.consume(attempt.account).catch(ignoreLimitReached),
    ]);
    if (pairState.consumedPoints >= this.options.pairFailures && pairState.consumedPoints <= UNREACHABLE_POINTS) {
      const { consumedPoints: lockout } = await this.pairLockouts.consume(pair);
      const seconds = Math.min(this.options.maxLockoutSeconds, this.options.firstLockoutSeconds * 2 ** Math.min(lockout - 1, 20));
      await this.byPair.block(pair, seconds);
    }
  }

  /**
   * The right password clears what this browser and address had against the account. The
   * account's ceiling stays: a success by its owner must not hand a distributed guesser a fresh
   * allowance.
   */
  async succeeded(attempt: SignInAttempt): Promise<void> {
    const pair = pairKey(attempt);
    await Promise.all([
      this.byPair.delete(pair),
      this.pairLockouts.delete(pair),
      ...(attempt.device ? [this.byDevice.delete(attempt.device)] : []),
    ]);
  }

  /** A device cookie keeps its standing until it has failed too often itself. */
  private async trusted(attempt: SignInAttempt): Promise<boolean> {
    if (!attempt.device) return false;
    const state = await this.byDevice.get(attempt.device);
    return !state || state.consumedPoints < this.options.deviceFailures;
  }
}

const pairKey = (attempt: SignInAttempt) => `${attempt.account} ${addressKey(attempt.address)}`;

const REFUSAL_MESSAGES: Record<SignInLimit, (wait: string) => string> = {
  address: (wait) => `Too many failed sign-ins from this address. Try again in ${wait}.`,
  account_address: (wait) => `Too many failed sign-ins. Try again in ${wait}.`,
  account: (wait) => `Too many failed sign-ins to this account from browsers it has not been used in. Try again in ${wait}, or from a browser you have signed in with before.`,
};

/** The 429 for a refused attempt, with Retry-After set; `message` overrides the sign-in wording. */
export function refusedAttempt(res: Response, refusal: SignInRefusal, message?: (wait: string) => string): AppError {
  const minutes = Math.max(1, Math.ceil(refusal.retryAfterMs / 60_000));
  const wait = `${minutes} minute${minutes === 1 ? '' : 's'}`;
  res.set('retry-after', String(Math.ceil(refusal.retryAfterMs / 1000)));
  return new AppError(429, 'too_many_attempts', (message ?? REFUSAL_MESSAGES[refusal.limit])(wait));
}
