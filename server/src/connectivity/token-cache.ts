import type { AccessToken, TokenExchangeOutcome } from './token-exchange';

export interface TokenCacheOptions {
  /** Lifetime for tokens whose response has no expires_in (Salesforce never sends one). */
  defaultLifetimeSeconds: number;
  /** Refresh this long before expires_in runs out. */
  skewSeconds: number;
  /** Milliseconds; defaults to Date.now. */
  now?: () => number;
}

/**
 * Everything that makes a token valid for a request (tokenCacheKeyOf builds it per grant): a
 * change in any entry, or an entry more or fewer, is a different token.
 */
export type TokenCacheKey = Readonly<Record<string, string>>;

export type Exchange = () => Promise<TokenExchangeOutcome>;

export type CachedTokenOutcome = TokenExchangeOutcome & { fromCache: boolean };

type TokenExchangeSuccess = Extract<TokenExchangeOutcome, { ok: true }>;

interface Flight {
  generation: number;
  promise: Promise<TokenExchangeOutcome>;
}

interface Entry {
  key: TokenCacheKey;
  cached?: { outcome: TokenExchangeSuccess; expiresAt: number };
  flight?: Flight;
}

function sameKey(a: TokenCacheKey, b: TokenCacheKey): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => Object.hasOwn(b, name) && a[name] === b[name]);
}

/**
 * Tokens per data source (any grant), so that API calls do not cost a token request each.
 *
 * `fromCache` is true only for a stored token; callers that joined an in-flight exchange get false,
 * because their token is as fresh as the one of the caller that started it.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly defaultLifetimeSeconds: number;
  private readonly skewSeconds: number;
  private readonly now: () => number;
  // Unique per exchange, so a late result can tell whether its entry was invalidated or re-keyed meanwhile.
  private generation = 0;
  private exchanges = 0;
  private hits = 0;

  constructor(options: TokenCacheOptions) {
    for (const name of ['defaultLifetimeSeconds', 'skewSeconds'] as const) {
      const value = options[name];
      if (!Number.isFinite(value) || value < 0) throw new RangeError(`TokenCache: ${name} must be a non-negative number, got ${value}`);
    }
    this.defaultLifetimeSeconds = options.defaultLifetimeSeconds;
    this.skewSeconds = options.skewSeconds;
    this.now = options.now ?? Date.now;
  }

  /** One entry per owner (a data source id). Reuses a live token for the same key; otherwise runs `exchange` once for all concurrent callers (single flight) and caches a success. */
  async get(ownerId: string, key: TokenCacheKey, exchange: Exchange): Promise<CachedTokenOutcome> {
    // Everything up to the await runs synchronously, which is what lets concurrent callers find one another's flight.
    let entry = this.entries.get(ownerId);
    if (!entry || !sameKey(entry.key, key)) {
      // A token from another key (say, the secret before a rotation) must never answer for this one.
      entry = { key: { ...key } };
      this.entries.set(ownerId, entry);
    }
    if (entry.cached) {
      if (this.now() < entry.cached.expiresAt) {
        this.hits++;
        return { ...entry.cached.outcome, fromCache: true };
      }
      entry.cached = undefined;
    }
    const flight = entry.flight ?? this.startFlight(ownerId, entry, exchange);
    return { ...(await flight.promise), fromCache: false };
  }

  /** After the API answered 401 with this token: drop it, unless a newer token already replaced it (so N concurrent 401s cause one refresh, not N). */
  reject(ownerId: string, accessToken: string): void {
    const entry = this.entries.get(ownerId);
    if (entry?.cached?.outcome.token.accessToken !== accessToken) return;
    entry.cached = undefined;
    if (!entry.flight) this.entries.delete(ownerId);
  }

  /** Editing or deleting a data source empties its entry (an in-flight exchange must not repopulate it afterwards). */
  invalidate(ownerId: string): void {
    this.entries.delete(ownerId);
  }

  stats(): { exchanges: number; hits: number; entries: number } {
    return { exchanges: this.exchanges, hits: this.hits, entries: this.entries.size };
  }

  private startFlight(ownerId: string, entry: Entry, exchange: Exchange): Flight {
    const generation = ++this.generation;
    this.exchanges++;
    // The async wrapper turns a synchronous throw into a rejection that every waiting caller sees.
    const run = async () => exchange();
    const promise = run().then(
      (outcome) => {
        this.settle(ownerId, generation, outcome);
        return outcome;
      },
      (error: unknown) => {
        this.settle(ownerId, generation, undefined);
        throw error;
      },
    );
    const flight: Flight = { generation, promise };
    entry.flight = flight;
    return flight;
  }

  private settle(ownerId: string, generation: number, outcome: TokenExchangeOutcome | undefined): void {
    const entry = this.entries.get(ownerId);
    // Invalidated, or replaced by another key, while the exchange ran: its result belongs to its callers only.
    if (entry?.flight?.generation !== generation) return;
    entry.flight = undefined;
    const lifetimeMs = outcome?.ok ? this.lifetimeSeconds(outcome.token) * 1000 : 0;
    if (outcome?.ok && lifetimeMs > 0) {
      // Counted from receipt, not from issued_at: the server's clock is not ours.
      entry.cached = { outcome, expiresAt: this.now() + lifetimeMs };
    } else {
      // Failures and tokens too short-lived to reuse leave nothing behind, so entries only hold live tokens or flights.
      this.entries.delete(ownerId);
    }
  }

  private lifetimeSeconds(token: AccessToken): number {
    return token.expiresInSeconds === undefined ? this.defaultLifetimeSeconds : token.expiresInSeconds - this.skewSeconds;
  }
}
