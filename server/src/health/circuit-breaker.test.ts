import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AuthInput } from '@keyway/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConnectionTarget } from '../connectivity/connection-test';
import { TokenCache } from '../connectivity/token-cache';
import { migrateToLatest, openDatabase, type Db } from '../db/database';
import { createHealthRepository } from '../db/repositories/health.repository';
import { createLogger } from '../logger';
import { createOutboundPolicy } from '../outbound/address-policy';
import { OutboundClient, OutboundError } from '../outbound/outbound-client';
import { dataSourceRow } from '../test-support/data-source-row';
import { startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server';
import { CircuitBreaker, evidenceOf } from './circuit-breaker';
import { HealthMonitor, type HealthMonitorOptions } from './health-monitor';

const SEC = 1_000;
const MIN = 60 * SEC;

describe('evidenceOf', () => {
  it.each([
    [undefined, 'success'],
    [{ kind: 'network' }, 'unavailable'],
    [{ kind: 'timeout' }, 'unavailable'],
    [{ kind: 'oauth_error', httpStatus: 503 }, 'unavailable'],
    [{ kind: 'http_error', httpStatus: 500 }, 'unavailable'],
    [{ kind: 'http_error', httpStatus: 429 }, 'unavailable'],
    [{ kind: 'oauth_error', httpStatus: 401 }, 'answered'],
    [{ kind: 'oauth_error', httpStatus: 400 }, 'answered'],
    [{ kind: 'http_error', httpStatus: 404 }, 'answered'],
    [{ kind: 'invalid_response', httpStatus: 200 }, 'answered'],
    [{ kind: 'invalid_response' }, 'answered'],
    [{ kind: 'refused' }, 'answered'],
  ] as const)('%j → %s', (failure, expected) => {
    expect(evidenceOf(failure)).toBe(expected);
  });
});

describe('CircuitBreaker', () => {
  const create = (threshold = 3) => {
    const clock = { now: 0 };
    const breaker = new CircuitBreaker({ threshold, maxCooldownMs: 30 * MIN, now: () => clock.now });
    return { clock, breaker };
  };

  it('opens after `threshold` unavailable checks in a row, half-opens after the cooldown, and a good trial closes it', () => {
    const { clock, breaker } = create();
    expect(breaker.record('a', 'unavailable', MIN).circuit).toEqual({ state: 'closed', failures: 1 });
    expect(breaker.record('a', 'unavailable', MIN).circuit.state).toBe('closed');
    const third = breaker.record('a', 'unavailable', MIN);
    expect(third).toEqual({ circuit: { state: 'open', failures: 3, openUntil: 2 * MIN }, opened: true, closed: false });
    expect(breaker.allows('a')).toBe(false);
    expect(breaker.stats()).toEqual({ open: 1, halfOpen: 0 });

    clock.now = 2 * MIN;
    expect(breaker.get('a').state).toBe('half-open');
    expect(breaker.allows('a')).toBe(true);
    expect(breaker.stats()).toEqual({ open: 0, halfOpen: 1 });
    expect(breaker.record('a', 'success', MIN)).toEqual({ circuit: { state: 'closed', failures: 0 }, opened: false, closed: true });
    expect(breaker.stats()).toEqual({ open: 0, halfOpen: 0 });
  });

  it('doubles the cooldown after each failed trial, at least one interval and at most maxCooldownMs', () => {
    const { clock, breaker } = create(1);
    const cooldowns: number[] = [];
    for (let i = 0; i < 7; i++) {
      const { circuit } = breaker.record('a', 'unavailable', MIN);
      cooldowns.push(circuit.openUntil! - clock.now);
      clock.now = circuit.openUntil!;
    }
    expect(cooldowns).toEqual([2, 4, 8, 16, 30, 30, 30].map((m) => m * MIN));

    // An interval longer than the cap is never shortened.
    breaker.reset('b');
    expect(breaker.record('b', 'unavailable', 45 * MIN).circuit.openUntil! - clock.now).toBe(45 * MIN);
  });

  it('a definite answer closes the circuit and resets the count: only unavailable results in a row open it', () => {
    const { breaker } = create();
    breaker.record('a', 'unavailable', MIN);
    breaker.record('a', 'unavailable', MIN);
    breaker.record('a', 'answered', MIN);
    expect(breaker.record('a', 'unavailable', MIN).circuit).toEqual({ state: 'closed', failures: 1 });
    for (let i = 0; i < 10; i++) breaker.record('b', 'answered', MIN);
    expect(breaker.get('b')).toEqual({ state: 'closed', failures: 0 });
  });

  it("a person's failed check while open leaves the cooldown as it was; reset closes it", () => {
    const { clock, breaker } = create();
    for (let i = 0; i < 3; i++) breaker.record('a', 'unavailable', MIN);
    clock.now = 30 * SEC;
    const during = breaker.record('a', 'unavailable', MIN);
    expect(during.opened).toBe(false);
    expect(during.circuit).toEqual({ state: 'open', failures: 4, openUntil: 2 * MIN });
    breaker.reset('a');
    expect(breaker.get('a')).toEqual({ state: 'closed', failures: 0 });
  });
});

/** A monitor over an in-memory database, with one health row per target. */
async function monitorWith(targets: Map<string, ConnectionTarget>, options: Partial<HealthMonitorOptions> & Pick<HealthMonitorOptions, 'outbound'>) {
  const db: Db = openDatabase({});
  await migrateToLatest(db);
  const folderId = randomUUID();
  const now = new Date().toISOString();
  await db.insertInto('folders').values({ id: folderId, name: 'f', title: 'F', created_at: now }).execute();
  for (const [id, target] of targets) {
    await db
      .insertInto('data_sources')
      .values(dataSourceRow({ id, folder_id: folderId, scheme: target.scheme, host: target.host, base_path: target.basePath, auth_type: target.auth.type }))
      .execute();
  }
  const health = createHealthRepository(db);
  const monitor = new HealthMonitor({
    health,
    connectionOf: async (id) => ({ target: targets.get(id)!, secretRef: id }),
    tokens: new TokenCache({ defaultLifetimeSeconds: 900, skewSeconds: 60 }),
    logger: createLogger('silent'),
    defaultIntervalSeconds: 30,
    degradedLatencyMs: 60_000,
    concurrency: 2,
    retentionDays: 7,
    aggregateRetentionDays: 90,
    ...options,
  });
  for (const id of targets.keys()) await health.ensure(id, options.defaultIntervalSeconds ?? 30);
  return { db, health, monitor };
}

function oauthTarget(origin: string, secret = 's3cret-value'): ConnectionTarget {
  const auth = { type: 'oauth2', grantType: 'client_credentials', clientId: 'c', clientSecret: '', tokenUrl: `${origin}/token`, scope: '', clientAuthMethod: 'client_secret_post' } as AuthInput;
  const url = new URL(origin);
  return { scheme: url.protocol === 'https:' ? 'https' : 'http', host: url.host, basePath: '/api', auth, secrets: { clientSecret: secret } };
}

describe('circuit breaker in the health monitor: capacity', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /**
   * Twelve data sources whose token endpoint never answers (each check holds a slot for the whole
   * 10 s timeout) and two healthy ones, at a 30 s interval with two slots: the dead ones alone
   * want 120 slot-seconds every 30 s, twice what there is. Fake time, so counts are exact; the
   * outbound client is a stand-in here because the test is about slots, not about HTTP.
   */
  async function run(threshold: number) {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2025, 0, 1));
    let seed = 42;
    vi.spyOn(Math, 'random').mockImplementation(() => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    });
    const targets = new Map<string, ConnectionTarget>();
    for (let i = 0; i < 12; i++) targets.set(`dead-${i}`, oauthTarget(`http://dead-${i}.test`));
    for (let i = 0; i < 2; i++) targets.set(`healthy-${i}`, oauthTarget(`http://healthy-${i}.test`));
    let outboundCalls = { dead: 0, healthy: 0 };
    const outbound = {
      async request(req: { url: string }) {
        const url = new URL(req.url);
        if (url.hostname.startsWith('dead-')) {
          outboundCalls.dead++;
          await new Promise((resolve) => setTimeout(resolve, 10 * SEC));
          throw new OutboundError('timeout', `${url.host} did not answer within 10 s.`, 10 * SEC);
        }
        outboundCalls.healthy++;
        const body = url.pathname === '/token' ? '{"access_token":"t","token_type":"Bearer"}' : '{}';
        return { status: 200, headers: { 'content-type': 'application/json' }, body, durationMs: 5, url: req.url };
      },
      async close() {},
    } as unknown as OutboundClient;

    const starts: Array<{ id: string; dueAt: number; startedAt: number }> = [];
    const { db, monitor } = await monitorWith(targets, {
      outbound,
      concurrency: 2,
      defaultIntervalSeconds: 30,
      circuitBreaker: { threshold },
      onCheckStart: (id, dueAt, startedAt) => starts.push({ id, dueAt, startedAt }),
    });
    await monitor.start();
    // Five minutes for the circuits to open, then fifteen measured.
    await vi.advanceTimersByTimeAsync(5 * MIN);
    const from = Date.now();
    outboundCalls = { dead: 0, healthy: 0 };
    await vi.advanceTimersByTimeAsync(15 * MIN);
    const measured = starts.filter((s) => s.startedAt >= from);
    const healthy = measured.filter((s) => s.id.startsWith('healthy-'));
    const result = {
      healthyChecks: healthy.length,
      healthyOnTime: healthy.filter((s) => s.startedAt - s.dueAt <= SEC).length,
      deadChecks: measured.length - healthy.length,
      outboundCalls,
      circuits: monitor.stats().circuits,
    };
    const stopping = monitor.stop();
    await vi.runAllTimersAsync();
    await stopping;
    await db.destroy();
    return result;
  }

  it('fault: twelve token endpoints that time out, with 2 check slots, do not starve two healthy data sources', async () => {
    // Two healthy data sources at 30 s for 15 minutes: 60 checks due.
    const ideal = 60;
    const withBreaker = await run(3);
    expect(withBreaker.healthyChecks).toBe(ideal);
    // Within a second of due; the rest waited for trials that held both slots at once.
    expect(withBreaker.healthyOnTime).toBeGreaterThanOrEqual(0.75 * ideal);
    // Only trials reach the dead endpoints: a few each, where they would take every slot there is.
    expect(withBreaker.deadChecks).toBeLessThanOrEqual(12 * 4);
    expect(withBreaker.outboundCalls.dead).toBe(withBreaker.deadChecks);
    expect(withBreaker.circuits.open + withBreaker.circuits.halfOpen).toBeGreaterThan(0);

    // The same set-up with the breaker never opening: healthy checks queue behind dead ones and miss their slots.
    const without = await run(Number.POSITIVE_INFINITY);
    expect(without.healthyChecks).toBeLessThanOrEqual(0.6 * ideal);
    expect(without.healthyOnTime).toBeLessThan(0.25 * ideal);
    expect(without.deadChecks).toBeGreaterThan(3 * withBreaker.deadChecks);
  });
});

describe('circuit breaker in the health monitor: against a token endpoint on loopback', () => {
  type Mode = 'ok' | 'hang' | 'invalid-client';
  let mode: Mode = 'ok';
  let provider: LoopbackServer;
  let outbound: OutboundClient;

  beforeAll(async () => {
    provider = await startLoopbackServer((req, res: http.ServerResponse) => {
      if (req.url === '/api') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      if (mode === 'hang') return undefined;
      if (mode === 'invalid-client') return res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client","error_description":"invalid client credentials"}');
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"tok","token_type":"Bearer"}');
    });
    outbound = new OutboundClient(createOutboundPolicy([provider.hostPort]), 300);
  });
  afterAll(async () => {
    await outbound.close();
    await provider.close();
  });

  async function setUp(target: ConnectionTarget, client = outbound) {
    const clock = { now: Date.now() };
    // Tokens are not kept, so every check asks the token endpoint.
    const harness = await monitorWith(new Map([['ds', target]]), {
      outbound: client,
      tokens: new TokenCache({ defaultLifetimeSeconds: 0, skewSeconds: 0 }),
      defaultIntervalSeconds: 300,
      circuitBreaker: { now: () => clock.now },
    });
    const row = async () => (await harness.health.find('ds'))!;
    const checks = async () => (await harness.db.selectFrom('health_checks').select('id').execute()).length;
    return { ...harness, clock, row, checks, close: () => harness.db.destroy() };
  }

  it('fault: a token endpoint that times out opens the circuit after 3 checks; scheduled checks then stay off the network, and a trial after the cooldown closes it', async () => {
    const { monitor, clock, row, checks, close } = await setUp(oauthTarget(provider.url));
    try {
      mode = 'hang';
      for (let i = 0; i < 2; i++) expect((await monitor.runCheck('ds', 'scheduled')).cooldownMs).toBeUndefined();
      expect(monitor.circuit('ds')).toEqual({ state: 'closed', failures: 2 });
      const third = await monitor.runCheck('ds', 'scheduled');
      // Interval 300 s: the first opening lasts two intervals.
      expect(third.cooldownMs).toBe(10 * MIN);
      const openUntil = clock.now + 10 * MIN;
      expect(monitor.circuit('ds')).toEqual({ state: 'open', failures: 3, openUntil });
      const opened = await row();
      expect(opened.state).toBe('failing');
      expect(opened.state_reason).toMatch(/did not answer within 0.3 s/);
      expect(opened.state_reason).toContain(`Circuit open until ${new Date(openUntil).toISOString().slice(0, 19).replace('T', ' ')} UTC`);

      // A scheduled check while open: no request, no stored check, the remaining cooldown.
      const requests = provider.requests.length;
      const stored = await checks();
      clock.now += 4 * MIN;
      expect(await monitor.runCheck('ds', 'scheduled')).toEqual({ ok: false, cooldownMs: 6 * MIN });
      expect(provider.requests.length).toBe(requests);
      expect(await checks()).toBe(stored);

      // Run check now is a real check, and its failure leaves the cooldown alone.
      const manual = await monitor.checkNow('ds');
      expect(manual).toMatchObject({ ok: false, cooldownMs: 6 * MIN });
      expect(provider.requests.length).toBe(requests + 1);
      expect(monitor.circuit('ds').openUntil).toBe(openUntil);

      // Half-open: the trial fails, and the circuit opens again for twice as long.
      clock.now = openUntil;
      expect(monitor.circuit('ds').state).toBe('half-open');
      expect((await monitor.runCheck('ds', 'scheduled')).cooldownMs).toBe(20 * MIN);
      expect(provider.requests.length).toBe(requests + 2);

      // The endpoint is back: the next trial closes the circuit and the state says so.
      clock.now += 20 * MIN;
      mode = 'ok';
      expect(await monitor.runCheck('ds', 'scheduled')).toEqual({ ok: true, retryAfterMs: undefined, cooldownMs: undefined });
      expect(monitor.circuit('ds')).toEqual({ state: 'closed', failures: 0 });
      const recovered = await row();
      expect(recovered.state).toBe('enabled');
      expect(recovered.state_reason).not.toContain('Circuit open');
    } finally {
      mode = 'ok';
      await monitor.stop();
      await close();
    }
  });

  it('fault: connection refused counts towards the circuit like a timeout', async () => {
    const gone = await startLoopbackServer(() => undefined);
    const origin = gone.url;
    await gone.close();
    const refusing = new OutboundClient(createOutboundPolicy([new URL(origin).host]), 2_000);
    const { monitor, row, checks, close } = await setUp(oauthTarget(origin), refusing);
    try {
      for (let i = 0; i < 3; i++) await monitor.runCheck('ds', 'scheduled');
      expect(monitor.circuit('ds')).toMatchObject({ state: 'open', failures: 3 });
      const stored = await row();
      expect(JSON.parse(stored.last_error!)).toMatchObject({ step: 'token', kind: 'network' });
      expect(stored.state_reason).toContain('Circuit open until');
      expect(await checks()).toBe(3);
    } finally {
      await monitor.stop();
      await refusing.close();
      await close();
    }
  });

  it('fault: a token endpoint that answers invalid_client every time never opens the circuit', async () => {
    const { monitor, row, close } = await setUp(oauthTarget(provider.url));
    try {
      mode = 'invalid-client';
      const before = provider.requests.length;
      for (let i = 0; i < 6; i++) expect((await monitor.runCheck('ds', 'scheduled')).cooldownMs).toBeUndefined();
      expect(monitor.circuit('ds')).toEqual({ state: 'closed', failures: 0 });
      // A definite answer is cheap: every scheduled check asks, so a fix shows within one interval.
      expect(provider.requests.length - before).toBe(6);
      const stored = await row();
      expect(stored.state).toBe('failing');
      expect(stored.state_reason).not.toContain('Circuit open');
    } finally {
      mode = 'ok';
      await monitor.stop();
      await close();
    }
  });
});
