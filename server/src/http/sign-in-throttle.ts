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

/** An attempt that may go ahead, its place under the limits already taken. */
export interface SignInTicket {
  readonly attempt: SignInAttempt;
  /** Counted against its device cookie only. */
  readonly trusted: boolean;
}

export type SignInStart = { ticket: SignInTicket; refused?: undefined } | { refused: SignInRefusal; ticket?: undefined };

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
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'sign_in_address', points: options.addressFailures, duration: options.addressWindowSeconds });
    this.byPair = new RateLimiterMemory({ keyPrefix: 'sign_in_pair', points: UNREACHABLE_POINTS, duration: DAY_SECONDS });
    this.pairLockouts = new RateLimiterMemory({ keyPrefix: 'sign_in_pair_lockouts', points: UNREACHABLE_POINTS, duration: DAY_SECONDS });
    this.byAccount = new RateLimiterMemory({ keyPrefix: 'sign_in_account', points: options.accountFailures, duration: options.accountWindowSeconds });
    this.byDevice = new RateLimiterMemory({ keyPrefix: 'sign_in_device', points: options.deviceFailures, duration: options.deviceWindowSeconds });
  }

  /**
   * Reserves this attempt's place under every limit that applies before its password is checked,
   * or says why it may not be made. Reserving first is what bounds guessing by requests sent all
   * at once: each one that gets a ticket has already been counted, so the sixth of twenty in flight
   * together is refused like the sixth sent one by one. `succeeded` gives back what a right
   * password did not use.
   */
  async begin(attempt: SignInAttempt): Promise<SignInStart> {
    if (attempt.device && (await this.reserve(this.byDevice, attempt.device, this.options.deviceFailures))) {
      return { ticket: { attempt, trusted: true } };
    }
    const refused = await this.refusal(attempt);
    if (refused) return { refused };
    const pair = pairKey(attempt);
    // The narrowest limit first: when attempts in flight fill one up, that is the one to name.
    const limits: Array<[RateLimiterMemory, string, number, SignInLimit]> = [
      [this.byPair, pair, this.options.pairFailures, 'account_address'],
      [this.byAddress, addressKey(attempt.address), this.options.addressFailures, 'address'],
      [this.byAccount, attempt.account, this.options.accountFailures, 'account'],
    ];
    const reserved: Array<[RateLimiterMemory, string]> = [];
    for (const [limiter, key, points, limit] of limits) {
      const state = await limiter.consume(key).catch(ignoreLimitReached);
      if (state.consumedPoints > points) {
        // Filled up by attempts still in flight: give back what this one took, and refuse it.
        await Promise.all([[limiter, key] as const, ...reserved].map(([l, k]) => l.reward(k, 1)));
        const retryAfterMs = limit === 'account_address' && state.consumedPoints <= UNREACHABLE_POINTS ? this.options.firstLockoutSeconds * 1000 : state.msBeforeNext;
        return { refused: { limit, retryAfterMs } };
      }
      reserved.push([limiter, key]);
    }
    return { ticket: { attempt, trusted: false } };
  }

  /** A wrong password: what `begin` reserved stays counted, and the pair locks when it has had enough. */
  async failed({ attempt, trusted }: SignInTicket): Promise<void> {
    if (trusted) return;
    const pair = pairKey(attempt);
    const state = await this.byPair.get(pair);
    if (state && state.consumedPoints >= this.options.pairFailures && state.consumedPoints <= UNREACHABLE_POINTS) {
      const { consumedPoints: lockout } = await this.pairLockouts.consume(pair);
      const seconds = Math.min(this.options.maxLockoutSeconds, this.options.firstLockoutSeconds * 2 ** Math.min(lockout - 1, 20));
      await this.byPair.block(pair, seconds);
    }
  }

  /**
   * The right password clears what this browser had against the account. Without a device
   * cookie that is the count for its address, and it gives back the place it took under the
   * address limit. The account's ceiling keeps its count of failures, and a success through a
   * device cookie leaves its address's count alone: the owner signing in must not hand a guesser
   * elsewhere, or behind the same address, a fresh allowance.
   */
  async succeeded({ attempt, trusted }: SignInTicket): Promise<void> {
    const pair = pairKey(attempt);
    await Promise.all([
      ...(attempt.device ? [this.byDevice.delete(attempt.device)] : []),
      ...(trusted
        ? []
        : [giveBack(this.byAddress, addressKey(attempt.address)), giveBack(this.byAccount, attempt.account), this.byPair.delete(pair), this.pairLockouts.delete(pair)]),
    ]);
  }

  /** What would stop this attempt now, read without counting anything. */
  async check(attempt: SignInAttempt): Promise<SignInRefusal | null> {
    if (attempt.device) {
      const device = await this.byDevice.get(attempt.device);
      if (!device || device.consumedPoints < this.options.deviceFailures) return null;
    }
    return this.refusal(attempt);
  }

  /** What already stops an attempt from a browser without a (usable) device cookie, read without counting. */
  private async refusal(attempt: SignInAttempt): Promise<SignInRefusal | null> {
    const [address, pairState, account] = await Promise.all([
      this.byAddress.get(addressKey(attempt.address)),
      this.byPair.get(pairKey(attempt)),
      this.byAccount.get(attempt.account),
    ]);
    const refusals: SignInRefusal[] = [];
    if (address && address.consumedPoints >= this.options.addressFailures) refusals.push({ limit: 'address', retryAfterMs: address.msBeforeNext });
    if (pairState && pairState.consumedPoints > UNREACHABLE_POINTS) refusals.push({ limit: 'account_address', retryAfterMs: pairState.msBeforeNext });
    if (account && account.consumedPoints >= this.options.accountFailures) refusals.push({ limit: 'account', retryAfterMs: account.msBeforeNext });
    // The longest wait is the one that matters to the person reading the message.
    return refusals.sort((a, b) => b.retryAfterMs - a.retryAfterMs)[0] ?? null;
  }

  /** One place under `limiter` for `key`, or false (and nothing taken) when it is full. */
  private async reserve(limiter: RateLimiterMemory, key: string, points: number): Promise<boolean> {
    const state = await limiter.consume(key).catch(ignoreLimitReached);
    if (state.consumedPoints <= points) return true;
    await limiter.reward(key, 1);
    return false;
  }
}

/** Returns one reserved place, unless its window has ended meanwhile (which would make the count negative). */
async function giveBack(limiter: RateLimiterMemory, key: string): Promise<void> {
  const state = await limiter.get(key);
  if (state && state.consumedPoints > 0) await limiter.reward(key, 1);
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
