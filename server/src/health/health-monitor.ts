import type { Logger } from 'pino';
import { HEALTH_STATE_LABELS, type HealthError } from '@keyway/shared';
import { probeApi, type ConnectionTarget, type ProbeResult } from '../connectivity/connection-test';
import type { TokenCache } from '../connectivity/token-cache';
import type { AccessToken } from '../connectivity/token-exchange';
import { acquireToken, needsToken, tokenCacheKeyOf } from '../connectivity/token-acquisition';
import { isRefusedLoginPause, LOCKING_LOGIN_FAULTS, loginMark, refusedBefore, refusedLoginReason } from '../connectivity/login-lockout';
import type { HealthRepository, RecordCheckInput, RecordCheckResult } from '../db/repositories/health.repository';
import { AppError } from '../errors';
import type { OutboundClient } from '../outbound/outbound-client';
import { CircuitBreaker, circuitOpenNote, evidenceOf, type Circuit, type CircuitBreakerOptions } from './circuit-breaker';
import { parseRetryAfter } from './retry-after';
import { HealthScheduler, type CheckOutcome, type CheckTrigger } from './scheduler';
import { classifyCheck } from './state';
import { WriteBatcher, type WriteBatcherOptions } from './write-batcher';



export interface HealthMonitorOptions {
  health: HealthRepository;
  /** A saved data source's connection with its secret; throws AppError when it cannot be used. */
  connectionOf: (id: string) => Promise<{ target: ConnectionTarget; secretRef: string }>;
  outbound: OutboundClient;
  tokens: TokenCache;
  logger: Logger;
  defaultIntervalSeconds: number;
  degradedLatencyMs: number;
  concurrency: number;
  retentionDays: number;
  aggregateRetentionDays: number;
  /** Reports each scheduled check's due and start times (the benchmark measures drift with it). */
  onCheckStart?: (id: string, dueAt: number, startedAt: number) => void;
  /** Defaults: 3 unavailable checks in a row open a circuit; cooldowns grow to at most 30 minutes. */
  circuitBreaker?: Partial<CircuitBreakerOptions>;
  /** How scheduled results share commits; by default RESULT_WRITE_WINDOW_MS, and half the concurrency at most. */
  resultWrites?: Partial<Pick<WriteBatcherOptions<RecordCheckInput, RecordCheckResult>, 'windowMs' | 'maxBatch'>>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const CIRCUIT_THRESHOLD = 3;
export const CIRCUIT_MAX_COOLDOWN_MS = 30 * 60_000;
/**
 * How long a scheduled result waits for others to share its commit. At 1,000 data sources a
 * minute (17 checks a second) a 10 ms window put 1.17 results in a commit, 100 ms puts 2.7
 * (bench:health); the dashboard refreshes every 5 s, so nobody sees the wait.
 */
export const RESULT_WRITE_WINDOW_MS = 100;

/**
 * Watches every enabled data source: the scheduler decides when, this class runs the same steps
 * as Test Connection (with cached tokens), records each check and moves the state.
 */
export class HealthMonitor {
  private readonly scheduler: HealthScheduler;
  private readonly breaker: CircuitBreaker;
  private readonly writes: WriteBatcher<RecordCheckInput, RecordCheckResult>;
  /** When each data source's latest check began, to tell a check that began before a save. */
  private readonly checkStartedAt = new Map<string, number>();
  private retentionTimer: NodeJS.Timeout | undefined;
  /** Set by abandon(): the database is about to close, so checks still running store nothing. */
  private abandoned = false;
  /** The circuit breaker's clock; cooldowns reach the scheduler as durations. */
  private readonly now: () => number;

  constructor(private readonly options: HealthMonitorOptions) {
    this.now = options.circuitBreaker?.now ?? Date.now;
    this.breaker = new CircuitBreaker({ threshold: CIRCUIT_THRESHOLD, maxCooldownMs: CIRCUIT_MAX_COOLDOWN_MS, ...options.circuitBreaker, now: this.now });
    this.writes = new WriteBatcher({
      write: (results) => options.health.recordChecks(results),
      windowMs: RESULT_WRITE_WINDOW_MS,
      // A check keeps its slot while its result waits: with half the slots waiting the batch goes,
      // so a busy scheduler never sits out the window.
      maxBatch: Math.max(1, Math.floor(options.concurrency / 2)),
      ...options.resultWrites,
      onBatchFailed: (error, results) =>
        options.logger.warn(
          { err: error, results: results.length, dataSourceIds: results.map((result) => result.check.data_source_id) },
          'health results could not be stored together; storing them one at a time',
        ),
    });
    this.scheduler = new HealthScheduler({
      run: (id, trigger) => this.runCheck(id, trigger),
      concurrency: options.concurrency,
      jitterRatio: 1,
      maxRetryAfterMs: HOUR_MS,
      onError: (id, error) => options.logger.error({ err: error, dataSourceId: id }, 'health check failed unexpectedly'),
      onInternalError: (id, error, where) =>
        options.logger.error(
          { err: error, dataSourceId: id, where },
          where === 'settle' ? 'health scheduler could not reschedule a check; it runs again one interval from now' : `health scheduler callback ${where} threw`,
        ),
      onStart: options.onCheckStart,
    });
  }

  async start(): Promise<void> {
    await this.options.health.ensureAll(this.options.defaultIntervalSeconds);
    for (const row of await this.options.health.schedule()) {
      if (row.state !== 'disabled') this.scheduler.upsert({ id: row.data_source_id, intervalMs: row.interval_seconds * 1000 });
    }
    this.scheduler.start();
    await this.prune();
    this.retentionTimer = setInterval(() => void this.prune(), HOUR_MS);
    this.retentionTimer.unref();
  }

  /** Starts no scheduled check from now on and resolves once the checks running (and any a person starts meanwhile) have been stored. */
  async stop(): Promise<void> {
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    await this.scheduler.stop();
    await this.writes.flush();
  }

  /**
   * Shutdown ran out of patience: checks still running finish without storing anything. Resolves
   * once the results of checks that had finished are stored, which the database must wait for.
   */
  abandon(): Promise<void> {
    this.abandoned = true;
    return this.writes.flush();
  }

  /**
   * A data source was created or edited: forget its token, and check it now rather than in up to
   * one interval. A check already running uses the old settings, so another one follows it.
   * Never throws: the save itself has succeeded.
   */
  async saved(id: string): Promise<void> {
    try {
      const savedAt = Date.now();
      this.options.tokens.invalidate(id);
      // New settings may well reach another endpoint: no verdict about the old one carries over.
      this.breaker.reset(id);
      await this.options.health.ensure(id, this.options.defaultIntervalSeconds);
      const health = await this.options.health.find(id);
      if (!health) return;
      if (health.state === 'disabled') {
        // Paused by a person stays paused; paused by a refused login resumes only for another login.
        if (!isRefusedLoginPause(health.state_reason)) return;
        const { target, secretRef } = await this.options.connectionOf(id);
        if (refusedBefore(health.state_reason, loginMark(target.auth, secretRef))) return;
        await this.setState(id, 'initializing', 'Settings changed after a refused login; checking now');
      }
      this.scheduler.upsert({ id, intervalMs: health.interval_seconds * 1000 });
      void this.scheduler
        .runNow(id)
        .then(() => ((this.checkStartedAt.get(id) ?? 0) < savedAt && this.scheduler.has(id) ? this.scheduler.runNow(id) : undefined))
        // A check's own failures resolve as outcomes, and the second run is asked for only while the
        // data source is scheduled: whatever still rejects here is unexpected, and the save stands.
        .catch((error: unknown) => this.options.logger.warn({ err: error, dataSourceId: id }, 'the health check after a save did not run'));
    } catch (error) {
      this.options.logger.error({ err: error, dataSourceId: id }, 'could not schedule health checks after a save');
    }
  }

  deleted(id: string): void {
    this.scheduler.remove(id);
    this.breaker.reset(id);
    this.options.tokens.invalidate(id);
    this.checkStartedAt.delete(id);
  }

  /** "Run check now": nothing for a paused data source, which by definition is not checked. An open circuit does not stop it: it is the trial. */
  async checkNow(id: string): Promise<CheckOutcome | null> {
    if (!this.scheduler.has(id)) {
      const health = await this.options.health.find(id);
      if (!health || health.state === 'disabled') return null;
      this.scheduler.upsert({ id, intervalMs: health.interval_seconds * 1000 });
    }
    return this.scheduler.runNow(id);
  }

  /**
   * Salesforce locks a user out after a few wrong passwords (10 by default, 3 at the strictest):
   * scheduled checks retrying a refused login would do it. The first refusal pauses the checks;
   * the next save of the data source resumes them, as a Resume does.
   */
  private async pausedForRefusedLogin(id: string, auth: ConnectionTarget['auth'], secretRef: string, fault: string | undefined): Promise<boolean> {
    const mark = loginMark(auth, secretRef);
    if (!mark || !fault || !LOCKING_LOGIN_FAULTS.has(fault)) return false;
    this.scheduler.remove(id);
    this.breaker.reset(id);
    await this.setState(id, 'disabled', refusedLoginReason(fault, mark));
    this.options.logger.warn({ dataSourceId: id, fault }, 'health checks paused: Salesforce refused the login');
    return true;
  }

  async pause(id: string): Promise<void> {
    this.scheduler.remove(id);
    this.breaker.reset(id);
    await this.setState(id, 'disabled', 'Paused by an administrator');
  }

  /** Resumes a paused data source; false when it was not paused. */
  async resume(id: string): Promise<boolean> {
    const health = await this.options.health.find(id);
    if (!health || health.state !== 'disabled') return false;
    this.breaker.reset(id);
    await this.setState(id, 'initializing', 'Resumed by an administrator; checking now');
    this.scheduler.upsert({ id, intervalMs: health.interval_seconds * 1000 });
    await this.scheduler.runNow(id);
    return true;
  }

  /**
   * A state set by a person (or a refused login) lands after every result measured before it, as
   * it did when each result was written at once: a result still waiting for its batch would
   * otherwise overwrite a Resume with what was measured while paused.
   */
  private async setState(id: string, state: 'initializing' | 'disabled', reason: string): Promise<void> {
    await this.writes.flush();
    await this.options.health.setState(id, state, reason);
  }

  async setInterval(id: string, intervalSeconds: number): Promise<void> {
    await this.options.health.setInterval(id, intervalSeconds);
    if (this.scheduler.has(id)) this.scheduler.upsert({ id, intervalMs: intervalSeconds * 1000 });
  }

  stats() {
    return { scheduler: this.scheduler.stats(), tokens: this.options.tokens.stats(), circuits: this.breaker.stats(), writes: this.writes.stats() };
  }

  /** The data source's circuit: closed, open until a time, or half-open (the next check is the trial). */
  circuit(id: string): Circuit {
    return this.breaker.get(id);
  }

  /** When the next scheduled check is due (ms since the epoch); undefined for a paused or unknown data source. */
  nextCheckAt(id: string): number | undefined {
    return this.scheduler.nextDueAt(id);
  }

  /**
   * One check: token (cached), then the API probe; a 401 with a cached token refreshes it once.
   * A scheduled check while the data source's circuit is open touches neither the network nor the
   * database (the scheduler does not normally start one then: this is the safety net).
   */
  async runCheck(id: string, trigger: CheckTrigger = 'manual'): Promise<CheckOutcome> {
    const { health, tokens, outbound, logger } = this.options;
    if (trigger === 'scheduled' && !this.breaker.allows(id)) {
      return { ok: false, cooldownMs: Math.max(0, (this.breaker.get(id).openUntil ?? 0) - this.now()) };
    }
    const current = await health.find(id);
    if (!current) {
      this.scheduler.remove(id);
      return { ok: true };
    }
    if (current.state === 'disabled') {
      // Paused while it was queued: it leaves the schedule until Resume.
      this.scheduler.remove(id);
      return { ok: true };
    }

    this.checkStartedAt.set(id, Date.now());
    const startedAt = new Date().toISOString();
    const intervalMs = current.interval_seconds * 1000;
    let connection;
    try {
      connection = await this.options.connectionOf(id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // A secret that cannot be opened is a failing connection the administrator must fix, not a crash.
      const recorded = await this.record(id, trigger, startedAt, intervalMs, { tokenMs: null, apiMs: null, httpStatus: null, failure: { step: 'token', kind: 'invalid_response', message: error.message } });
      return { ok: false, cooldownMs: recorded.cooldownMs };
    }
    const { target, secretRef } = connection;

    let tokenMs: number | null = null;
    let token: AccessToken | undefined;
    const auth = target.auth;
    const fetchToken = async () => {
      if (!needsToken(auth)) return undefined;
      const outcome = await tokens.get(id, tokenCacheKeyOf(auth, secretRef), () => acquireToken(outbound, auth, target.secrets));
      tokenMs = (tokenMs ?? 0) + (outcome.fromCache ? 0 : outcome.durationMs);
      return outcome;
    };

    const first = await fetchToken();
    if (first && !first.ok) {
      const recorded = await this.record(id, trigger, startedAt, intervalMs, { tokenMs, apiMs: null, httpStatus: first.failure.httpStatus ?? null, failure: first.failure });
      if (await this.pausedForRefusedLogin(id, auth, secretRef, first.failure.error)) return { ok: false };
      return { ok: false, retryAfterMs: parseRetryAfter(first.retryAfter), cooldownMs: recorded.cooldownMs };
    }
    token = first?.ok ? first.token : undefined;

    let probe: ProbeResult = await probeApi(outbound, target, token);
    let apiMs = probe.step.durationMs;
    if (probe.step.httpStatus === 401 && token && first?.fromCache) {
      // The cached token was revoked or expired early: one fresh exchange, one more try.
      tokens.reject(id, token.accessToken);
      const second = await fetchToken();
      if (second && !second.ok) {
        if (await this.pausedForRefusedLogin(id, auth, secretRef, second.failure.error)) return { ok: false };
        const recorded = await this.record(id, trigger, startedAt, intervalMs, { tokenMs, apiMs, httpStatus: second.failure.httpStatus ?? null, failure: second.failure });
        return { ok: false, retryAfterMs: parseRetryAfter(second.retryAfter), cooldownMs: recorded.cooldownMs };
      }
      token = second?.ok ? second.token : undefined;
      probe = await probeApi(outbound, target, token);
      apiMs += probe.step.durationMs;
    }
    const outcome = await this.record(id, trigger, startedAt, intervalMs, { tokenMs, apiMs, httpStatus: probe.step.httpStatus ?? null, failure: probe.failure });
    if (outcome.changedFrom) logger.info({ dataSourceId: id, from: outcome.changedFrom, to: outcome.state }, 'health state changed');
    return { ok: outcome.state !== 'failing' && !probe.failure, retryAfterMs: parseRetryAfter(probe.retryAfter), cooldownMs: outcome.cooldownMs };
  }

  /**
   * Stores the check and moves the circuit. While the circuit is open, the state's reason says
   * until when, and the returned cooldown keeps the scheduler away until then.
   */
  private async record(
    id: string,
    trigger: CheckTrigger,
    startedAt: string,
    intervalMs: number,
    result: { tokenMs: number | null; apiMs: number | null; httpStatus: number | null; failure?: Parameters<typeof classifyCheck>[0]['failure'] },
  ) {
    const totalMs = (result.tokenMs ?? 0) + (result.apiMs ?? 0);
    const classified = classifyCheck({ failure: result.failure, totalMs, degradedLatencyMs: this.options.degradedLatencyMs });
    const error: HealthError | null = classified.error;
    if (this.abandoned) return { state: classified.outcome, changedFrom: null, cooldownMs: undefined };
    const { circuit, opened, closed } = this.breaker.record(id, evidenceOf(result.failure), intervalMs);
    const open = circuit.state === 'open' && circuit.openUntil !== undefined;
    if (opened) {
      this.options.logger.warn({ dataSourceId: id, failures: circuit.failures, openUntil: new Date(circuit.openUntil!).toISOString() }, 'health circuit open');
    } else if (closed) {
      this.options.logger.info({ dataSourceId: id }, 'health circuit closed');
    }
    const reason = open ? `${classified.reason} ${circuitOpenNote(circuit)}` : classified.reason;
    const stored: RecordCheckInput = {
      check: {
        data_source_id: id,
        started_at: startedAt,
        outcome: classified.outcome,
        http_status: result.httpStatus,
        oauth_error: result.failure?.error ?? null,
        token_ms: result.tokenMs === null ? null : Math.round(result.tokenMs),
        api_ms: result.apiMs === null ? null : Math.round(result.apiMs),
        total_ms: Math.round(totalMs),
        message: classified.outcome === 'enabled' ? HEALTH_STATE_LABELS.enabled : classified.reason,
      },
      state: classified.outcome,
      reason,
      lastErrorJson: error ? JSON.stringify(error) : null,
    };
    // A scheduled result waits up to RESULT_WRITE_WINDOW_MS to share its commit (write-batcher.ts).
    // Nobody is waiting for it, and if the console dies before the commit the next check measures
    // again; so only machine-made results wait, never what a person saves, and a check a person
    // asked for (Run check now, Resume, the check after a save) is written at once.
    const { changedFrom, unreadableLatencies } = await (trigger === 'scheduled' ? this.writes.add(stored) : this.writes.addNow(stored));
    if (unreadableLatencies) {
      this.options.logger.warn({ dataSourceId: id, reason: unreadableLatencies }, 'stored recent check times were unreadable; the sparkline keeps what could be read');
    }
    return { state: classified.outcome, changedFrom, cooldownMs: open ? Math.max(0, circuit.openUntil! - this.now()) : undefined };
  }

  private async prune(): Promise<void> {
    const now = Date.now();
    try {
      await this.options.health.prune(
        new Date(now - this.options.retentionDays * DAY_MS).toISOString(),
        new Date(now - this.options.aggregateRetentionDays * DAY_MS).toISOString(),
      );
    } catch (error) {
      this.options.logger.error({ err: error }, 'health retention failed');
    }
  }
}
