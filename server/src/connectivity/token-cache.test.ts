import { describe, expect, it, vi } from 'vitest';
import { useSandboxTokenEndpoint } from '../test-support/sandbox-token-endpoint';
import { TokenCache, type Exchange, type TokenCacheKey, type TokenCacheOptions } from './token-cache';
import { parseExpiresIn, type ClientCredentialsRequest, type TokenExchangeOutcome } from './token-exchange';

const OWNER = 'ds_1';
const KEY: TokenCacheKey = {
  tokenUrl: 'https://example.my.salesforce.com/services/oauth2/token',
  clientId: 'keyway-client',
  scope: '',
  clientAuthMethod: 'client_secret_post',
  secretRef: 'secret:ds_1:v1',
};

function success(accessToken: string, expiresInSeconds?: number): TokenExchangeOutcome {
  return { ok: true, httpStatus: 200, durationMs: 5, token: { accessToken, tokenType: 'Bearer', expiresInSeconds } };
}

const FAILURE: TokenExchangeOutcome = {
  ok: false,
  durationMs: 5,
  failure: { step: 'token', kind: 'oauth_error', httpStatus: 400, error: 'invalid_client', message: 'The token endpoint refused the request (HTTP 400: invalid_client).' },
};

/** Hands out at-1, at-2, ... with the given expires_in, and counts the calls. */
function tokenStub(expiresInSeconds?: number) {
  let n = 0;
  return vi.fn<Exchange>(async () => success(`at-${++n}`, expiresInSeconds));
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A cache on a clock that only moves when the test says so. */
function cacheWithClock(options: Partial<TokenCacheOptions> = {}) {
  let nowMs = 1_700_000_000_000;
  const cache = new TokenCache({ defaultLifetimeSeconds: 900, skewSeconds: 60, now: () => nowMs, ...options });
  return {
    cache,
    advance(seconds: number) {
      nowMs += seconds * 1000;
    },
  };
}

function accessTokenOf(outcome: TokenExchangeOutcome): string {
  if (!outcome.ok) expect.unreachable(JSON.stringify(outcome.failure));
  return outcome.token.accessToken;
}

describe('TokenCache against the bundled Salesforce sandbox', () => {
  const fx = useSandboxTokenEndpoint();
  const { request } = fx;
  const keyOf = (req: ClientCredentialsRequest, secretRef: string): TokenCacheKey => ({
    tokenUrl: req.tokenUrl,
    clientId: req.clientId,
    scope: req.scope,
    clientAuthMethod: req.clientAuthMethod,
    secretRef,
  });

  it('runs one token request for 100 concurrent callers on a cold cache, then serves the 101st from the cache', async () => {
    const cache = new TokenCache({ defaultLifetimeSeconds: 900, skewSeconds: 60 });
    const req = request();
    const exchange = () => fx.exchange(req);
    const before = fx.sandbox.control.tokenRequestCount();

    const outcomes = await Promise.all(Array.from({ length: 100 }, () => cache.get(OWNER, keyOf(req, 'v1'), exchange)));

    expect(fx.sandbox.control.tokenRequestCount() - before).toBe(1);
    const tokens = new Set(outcomes.map(accessTokenOf));
    expect(tokens.size).toBe(1);
    expect(fx.sandbox.control.issuedTokens()).toEqual([...tokens]);
    // The sandbox, like Salesforce, sends no expires_in: the default lifetime is what keeps it.
    expect(outcomes[0]).toMatchObject({ ok: true, fromCache: false, token: { instanceUrl: fx.sandbox.url, expiresInSeconds: undefined } });

    const hit = await cache.get(OWNER, keyOf(req, 'v1'), exchange);
    expect(hit.fromCache).toBe(true);
    expect(accessTokenOf(hit)).toBe([...tokens][0]);
    expect(fx.sandbox.control.tokenRequestCount() - before).toBe(1);
    expect(cache.stats()).toEqual({ exchanges: 1, hits: 1, entries: 1 });
  });

  it('gets a token with the new secret after a rotation bumps the secretRef', async () => {
    const cache = new TokenCache({ defaultLifetimeSeconds: 900, skewSeconds: 60 });
    const oldReq = request();
    const first = await cache.get(OWNER, keyOf(oldReq, 'v1'), () => fx.exchange(oldReq));

    fx.sandbox.control.rotateSecret(fx.sandbox.demoApp.consumerKey, 'rotated-secret');
    const newReq = request({ clientSecret: 'rotated-secret' });
    const second = await cache.get(OWNER, keyOf(newReq, 'v2'), () => fx.exchange(newReq));

    expect(second.fromCache).toBe(false);
    expect(accessTokenOf(second)).not.toBe(accessTokenOf(first));
    expect(fx.sandbox.control.tokenRequestCount()).toBe(2);
    expect(fx.sandbox.control.issuedTokens()).toEqual([accessTokenOf(first), accessTokenOf(second)]);
  });

  it('shares one failing token request among concurrent callers and does not keep the failure', async () => {
    const cache = new TokenCache({ defaultLifetimeSeconds: 900, skewSeconds: 60 });
    const req = request();
    const exchange = () => fx.exchange(req);
    fx.sandbox.control.setTokenFailure(503);

    const failures = await Promise.all(Array.from({ length: 20 }, () => cache.get(OWNER, keyOf(req, 'v1'), exchange)));
    expect(fx.sandbox.control.tokenRequestCount()).toBe(1);
    for (const outcome of failures) expect(outcome).toMatchObject({ ok: false, fromCache: false, failure: { step: 'token', httpStatus: 503 } });
    expect(cache.stats().entries).toBe(0);

    fx.sandbox.control.setTokenFailure(null);
    const recovered = await cache.get(OWNER, keyOf(req, 'v1'), exchange);
    expect(recovered).toMatchObject({ ok: true, fromCache: false });
    expect(fx.sandbox.control.tokenRequestCount()).toBe(2);
  });
});

describe('TokenCache expiry (fake clock)', () => {
  it('reuses a token without expires_in for defaultLifetimeSeconds, then refreshes it', async () => {
    const { cache, advance } = cacheWithClock({ defaultLifetimeSeconds: 900, skewSeconds: 60 });
    const exchange = tokenStub(undefined);

    expect(await cache.get(OWNER, KEY, exchange)).toMatchObject({ fromCache: false, token: { accessToken: 'at-1' } });
    // The skew is for expires_in only: the default lifetime is already our own conservative guess.
    advance(899.999);
    expect(await cache.get(OWNER, KEY, exchange)).toMatchObject({ fromCache: true, token: { accessToken: 'at-1' } });
    expect(exchange).toHaveBeenCalledTimes(1);

    advance(0.001);
    expect(await cache.get(OWNER, KEY, exchange)).toMatchObject({ fromCache: false, token: { accessToken: 'at-2' } });
    expect(exchange).toHaveBeenCalledTimes(2);
    expect(cache.stats()).toEqual({ exchanges: 2, hits: 1, entries: 1 });
  });

  it.each([
    ['a number', 3600],
    ['a numeric string', parseExpiresIn('3600')],
  ])('refreshes a token whose expires_in is %s (3600, skew 60) after 3540 s, not before', async (_label, expiresIn) => {
    expect(expiresIn).toBe(3600);
    const { cache, advance } = cacheWithClock({ defaultLifetimeSeconds: 900, skewSeconds: 60 });
    const exchange = tokenStub(expiresIn);

    await cache.get(OWNER, KEY, exchange);
    // Longer than the default lifetime: expires_in, when given, wins over the default.
    advance(3539.999);
    expect(await cache.get(OWNER, KEY, exchange)).toMatchObject({ fromCache: true, token: { accessToken: 'at-1' } });
    expect(exchange).toHaveBeenCalledTimes(1);

    advance(0.001);
    expect(await cache.get(OWNER, KEY, exchange)).toMatchObject({ fromCache: false, token: { accessToken: 'at-2' } });
    expect(exchange).toHaveBeenCalledTimes(2);
  });

  it.each([0, 30, 60])('never reuses a token with expires_in %i (skew 60), yet concurrent callers share its exchange', async (expiresIn) => {
    const { cache } = cacheWithClock({ skewSeconds: 60 });
    const exchange = tokenStub(expiresIn);

    const concurrent = await Promise.all([1, 2, 3].map(() => cache.get(OWNER, KEY, exchange)));
    expect(concurrent.map(accessTokenOf)).toEqual(['at-1', 'at-1', 'at-1']);
    expect(exchange).toHaveBeenCalledTimes(1);

    expect(await cache.get(OWNER, KEY, exchange)).toMatchObject({ fromCache: false, token: { accessToken: 'at-2' } });
    expect(await cache.get(OWNER, KEY, exchange)).toMatchObject({ fromCache: false, token: { accessToken: 'at-3' } });
    expect(cache.stats()).toEqual({ exchanges: 3, hits: 0, entries: 0 });
  });

  it('reads the clock when the token arrives, not when it was asked for', async () => {
    const { cache, advance } = cacheWithClock({ skewSeconds: 60 });
    const pending = deferred<TokenExchangeOutcome>();
    const first = cache.get(OWNER, KEY, () => pending.promise);
    advance(100);
    pending.resolve(success('at-slow', 3600));
    await first;

    advance(3539.999);
    expect(await cache.get(OWNER, KEY, tokenStub())).toMatchObject({ fromCache: true, token: { accessToken: 'at-slow' } });
  });
});

describe('TokenCache keys and invalidation', () => {
  it('exchanges again when the secretRef changes, and never serves the old key\'s token to the new key or back', async () => {
    const { cache } = cacheWithClock();
    const exchange = tokenStub();

    await cache.get(OWNER, KEY, exchange);
    const rotated = { ...KEY, secretRef: 'secret:ds_1:v2' };
    expect(await cache.get(OWNER, rotated, exchange)).toMatchObject({ fromCache: false, token: { accessToken: 'at-2' } });
    expect(await cache.get(OWNER, rotated, exchange)).toMatchObject({ fromCache: true, token: { accessToken: 'at-2' } });
    // One entry per owner: the old key's token went when the new key replaced it.
    expect(await cache.get(OWNER, KEY, exchange)).toMatchObject({ fromCache: false, token: { accessToken: 'at-3' } });
    expect(exchange).toHaveBeenCalledTimes(3);
    expect(cache.stats().entries).toBe(1);
  });

  it.each(['tokenUrl', 'clientId', 'scope', 'clientAuthMethod', 'secretRef'] as const)('treats a change of %s alone as a different token', async (field) => {
    const { cache } = cacheWithClock();
    const exchange = tokenStub();
    await cache.get(OWNER, KEY, exchange);
    // Case or a trailing space is a change too: the comparison is exact.
    const changed = { ...KEY, [field]: `${KEY[field]} ` };
    expect(await cache.get(OWNER, changed, exchange)).toMatchObject({ fromCache: false, token: { accessToken: 'at-2' } });
    expect(exchange).toHaveBeenCalledTimes(2);
  });

  it('keeps owners apart: the same key under two owners is two entries', async () => {
    const { cache } = cacheWithClock();
    const exchange = tokenStub();
    await cache.get('ds_1', KEY, exchange);
    expect(await cache.get('ds_2', KEY, exchange)).toMatchObject({ fromCache: false, token: { accessToken: 'at-2' } });
    expect(await cache.get('ds_1', KEY, exchange)).toMatchObject({ fromCache: true, token: { accessToken: 'at-1' } });
    expect(cache.stats().entries).toBe(2);
  });

  it('exchanges again after invalidate', async () => {
    const { cache } = cacheWithClock();
    const exchange = tokenStub();
    await cache.get(OWNER, KEY, exchange);
    cache.invalidate(OWNER);
    expect(cache.stats().entries).toBe(0);
    expect(await cache.get(OWNER, KEY, exchange)).toMatchObject({ fromCache: false, token: { accessToken: 'at-2' } });
    expect(exchange).toHaveBeenCalledTimes(2);
  });

  it('returns the result of an exchange invalidated in flight to its callers, but does not keep it', async () => {
    const { cache } = cacheWithClock();
    const pending = deferred<TokenExchangeOutcome>();
    const inFlight = [cache.get(OWNER, KEY, () => pending.promise), cache.get(OWNER, KEY, () => pending.promise)];

    cache.invalidate(OWNER);
    // A caller after the edit must not wait for, or get, the token of the settings before it.
    const fresh = tokenStub();
    const after = cache.get(OWNER, KEY, fresh);
    expect(fresh).toHaveBeenCalledTimes(1);
    expect(await after).toMatchObject({ fromCache: false, token: { accessToken: 'at-1' } });

    pending.resolve(success('at-stale'));
    for (const outcome of await Promise.all(inFlight)) expect(outcome).toMatchObject({ ok: true, fromCache: false, token: { accessToken: 'at-stale' } });

    expect(await cache.get(OWNER, KEY, fresh)).toMatchObject({ fromCache: true, token: { accessToken: 'at-1' } });
    cache.invalidate(OWNER);
    expect(await cache.get(OWNER, KEY, fresh)).toMatchObject({ fromCache: false, token: { accessToken: 'at-2' } });
    expect(cache.stats().exchanges).toBe(3);
  });

  it('does not let a late answer for the old key overwrite the token of the new key', async () => {
    const { cache } = cacheWithClock();
    const pending = deferred<TokenExchangeOutcome>();
    const old = cache.get(OWNER, KEY, () => pending.promise);
    const rotated = { ...KEY, secretRef: 'secret:ds_1:v2' };
    const exchange = tokenStub();
    expect(await cache.get(OWNER, rotated, exchange)).toMatchObject({ fromCache: false, token: { accessToken: 'at-1' } });

    pending.resolve(success('at-old-key'));
    expect(await old).toMatchObject({ token: { accessToken: 'at-old-key' } });
    expect(await cache.get(OWNER, rotated, exchange)).toMatchObject({ fromCache: true, token: { accessToken: 'at-1' } });
    expect(exchange).toHaveBeenCalledTimes(1);
  });
});

describe('TokenCache reject after a 401', () => {
  it('turns 10 concurrent rejects of one token, each followed by a get, into exactly one refresh', async () => {
    const { cache } = cacheWithClock();
    const exchange = tokenStub();
    await cache.get(OWNER, KEY, exchange);

    const retried = await Promise.all(
      Array.from({ length: 10 }, async () => {
        cache.reject(OWNER, 'at-1');
        return cache.get(OWNER, KEY, exchange);
      }),
    );
    expect(retried.map(accessTokenOf)).toEqual(Array(10).fill('at-2'));
    expect(exchange).toHaveBeenCalledTimes(2);
  });

  it('ignores a reject that arrives after the refresh finished', async () => {
    const { cache } = cacheWithClock();
    const exchange = tokenStub();
    await cache.get(OWNER, KEY, exchange);
    cache.reject(OWNER, 'at-1');
    expect(await cache.get(OWNER, KEY, exchange)).toMatchObject({ fromCache: false, token: { accessToken: 'at-2' } });

    // A slow request that used at-1 comes back 401 only now.
    cache.reject(OWNER, 'at-1');
    expect(await cache.get(OWNER, KEY, exchange)).toMatchObject({ fromCache: true, token: { accessToken: 'at-2' } });
    expect(exchange).toHaveBeenCalledTimes(2);
  });

  it('ignores a reject for an owner or token it does not hold', async () => {
    const { cache } = cacheWithClock();
    const exchange = tokenStub();
    cache.reject('unknown', 'at-1');
    await cache.get(OWNER, KEY, exchange);
    cache.reject('ds_2', 'at-1');
    cache.reject(OWNER, 'someone-elses-token');
    expect(await cache.get(OWNER, KEY, exchange)).toMatchObject({ fromCache: true, token: { accessToken: 'at-1' } });
  });
});

describe('TokenCache failures', () => {
  it('shares one failing exchange among concurrent callers and does not cache it', async () => {
    const { cache } = cacheWithClock();
    const exchange = vi.fn<Exchange>(async () => FAILURE);

    const outcomes = await Promise.all(Array.from({ length: 5 }, () => cache.get(OWNER, KEY, exchange)));
    expect(exchange).toHaveBeenCalledTimes(1);
    for (const outcome of outcomes) expect(outcome).toEqual({ ...FAILURE, fromCache: false });

    expect(await cache.get(OWNER, KEY, exchange)).toMatchObject({ ok: false });
    expect(exchange).toHaveBeenCalledTimes(2);
    expect(cache.stats()).toEqual({ exchanges: 2, hits: 0, entries: 0 });
  });

  it('passes a thrown error to every concurrent caller and recovers on the next call', async () => {
    const { cache } = cacheWithClock();
    const boom = vi.fn<Exchange>(() => {
      throw new Error('bug in the exchange');
    });

    const settled = await Promise.allSettled([1, 2, 3].map(() => cache.get(OWNER, KEY, boom)));
    expect(boom).toHaveBeenCalledTimes(1);
    for (const result of settled) expect(result).toMatchObject({ status: 'rejected', reason: { message: 'bug in the exchange' } });

    expect(await cache.get(OWNER, KEY, tokenStub())).toMatchObject({ ok: true, fromCache: false, token: { accessToken: 'at-1' } });
  });
});

describe('TokenCache memory', () => {
  it('holds one entry per owner however often its key or token changes', async () => {
    const { cache, advance } = cacheWithClock();
    const exchange = tokenStub(3600);
    for (let i = 0; i < 50; i++) {
      await cache.get(OWNER, { ...KEY, secretRef: `v${i}` }, exchange);
      cache.reject(OWNER, `at-${i}`);
      advance(4000);
    }
    await cache.get('ds_2', KEY, exchange);
    expect(cache.stats().entries).toBe(2);
    cache.invalidate(OWNER);
    cache.invalidate('ds_2');
    expect(cache.stats().entries).toBe(0);
  });

  it('refuses options that would make every lifetime meaningless', () => {
    expect(() => new TokenCache({ defaultLifetimeSeconds: -1, skewSeconds: 0 })).toThrow(RangeError);
    expect(() => new TokenCache({ defaultLifetimeSeconds: 900, skewSeconds: Number.NaN })).toThrow(RangeError);
  });
});
