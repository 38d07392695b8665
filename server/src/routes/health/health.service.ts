import type { Logger } from 'pino';
import {
  type HealthCheckRecord,
  type HealthDetail,
  type HealthError,
  type HealthListQuery,
  type HealthListResponse,
  type HealthRange,
  type HealthRow,
  type LatencyPoint,
  type RangeStats,
} from '@keyway/shared';
import { parseLatencies, type HealthRepository, type HealthRowRecord, type WindowTotals } from '../../db/repositories/health.repository';
import type { HealthChecksTable } from '../../db/schema';
import { emptyHistogram, histogramOf, histogramPercentile, histogramSlowest, hourOf, percentile } from '../../db/latency';
import { notFound } from '../../errors';
import type { Circuit } from '../../health/circuit-breaker';

const HOUR_MS = 3_600_000;
const RANGE_MS: Record<HealthRange, number> = { '1h': HOUR_MS, '24h': 24 * HOUR_MS, '7d': 7 * 24 * HOUR_MS, '30d': 30 * 24 * HOUR_MS };

/** Where the service reports stored values it cannot read: the request's logger, so a line carries the request it answered. */
export type WarnLogger = Pick<Logger, 'warn'>;

/** The stored last error; text that is not a JSON object is logged and shown as no error. */
function parseError(json: string | null, dataSourceId: string, log: WarnLogger): HealthError | null {
  if (!json) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    log.warn({ err: error, dataSourceId }, 'stored last health error is not JSON; shown as none');
    return null;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as HealthError;
  log.warn({ dataSourceId }, 'stored last health error is not a JSON object; shown as none');
  return null;
}

/** Uptime and percentiles over a window, from hourly sums only: bounded however long the console runs. */
function windowStats(totals: Pick<WindowTotals, 'checks' | 'healthy' | 'histogram'> | undefined) {
  if (!totals || totals.checks === 0) return { uptime: null, p50: null, p95: null };
  return {
    uptime: totals.healthy / totals.checks,
    p50: histogramPercentile(totals.histogram, 0.5),
    p95: histogramPercentile(totals.histogram, 0.95),
  };
}

/** Raw checks are kept at least a day (HEALTH_RETENTION_DAYS ≥ 1), so these ranges always have them all. */
const RAW_RANGES: ReadonlySet<HealthRange> = new Set(['1h', '24h']);

function presentCheck(row: HealthChecksTable): HealthCheckRecord {
  return {
    id: row.id,
    startedAt: row.started_at,
    outcome: row.outcome,
    httpStatus: row.http_status === null ? null : Number(row.http_status),
    oauthError: row.oauth_error,
    tokenMs: row.token_ms === null ? null : Number(row.token_ms),
    apiMs: row.api_ms === null ? null : Number(row.api_ms),
    totalMs: Number(row.total_ms),
    message: row.message,
  };
}

/** What only the running scheduler knows: when a data source is checked next, and its circuit. */
export interface ScheduleView {
  nextCheckAt(id: string): number | undefined;
  circuit(id: string): Circuit;
}

const NO_SCHEDULE: ScheduleView = { nextCheckAt: () => undefined, circuit: () => ({ state: 'closed', failures: 0 }) };

/** Read side of health: the dashboard's rows (aggregates, never raw checks) and a data source's detail. */
export function createHealthService(health: HealthRepository, schedule: ScheduleView = NO_SCHEDULE, now: () => number = Date.now) {
  async function presentRows(records: HealthRowRecord[], log: WarnLogger): Promise<HealthRow[]> {
    const ids = records.map((r) => r.data_source_id);
    const since7d = hourOf(new Date(now() - RANGE_MS['7d']).toISOString());
    const since24h = hourOf(new Date(now() - RANGE_MS['24h']).toISOString());
    const [totals7d, totals24h] = await Promise.all([health.windowTotals(ids, since7d), health.windowTotals(ids, since24h)]);

    return records.map((r) => {
      const week = windowStats(totals7d.get(r.data_source_id));
      const day = windowStats(totals24h.get(r.data_source_id));
      // The tile's check times are those of the recent checks its sparkline draws, exact and free:
      // ranking a page of data sources' raw checks over 24 h took 50 ms of the event loop per request.
      const { latencies: recent, unreadable } = parseLatencies(r.recent_latency);
      if (unreadable) log.warn({ dataSourceId: r.data_source_id, reason: unreadable }, 'stored recent check times are unreadable; the sparkline shows what could be read');
      const answered = recent.filter((ms): ms is number => ms !== null);
      return {
        dataSourceId: r.data_source_id,
        title: r.title,
        folderId: r.folder_id,
        folderTitle: r.folder_title,
        state: r.state,
        stateReason: r.state_reason,
        stateChangedAt: r.state_changed_at,
        intervalSeconds: Number(r.interval_seconds),
        uptime24h: day.uptime,
        uptime7d: week.uptime,
        p50Ms: percentile(answered, 0.5),
        p95Ms: percentile(answered, 0.95),
        recentLatencyMs: recent,
        lastCheckAt: r.last_check_at,
        lastSuccessAt: r.last_success_at,
        lastError: parseError(r.last_error, r.data_source_id, log),
        ...scheduleOf(r.data_source_id, r.state),
      };
    });
  }

  function scheduleOf(id: string, state: HealthRow['state']): Pick<HealthRow, 'nextCheckAt' | 'circuitOpenUntil'> {
    const next = state === 'disabled' ? undefined : schedule.nextCheckAt(id);
    const circuit = schedule.circuit(id);
    return {
      nextCheckAt: next === undefined ? null : new Date(next).toISOString(),
      circuitOpenUntil: circuit.state === 'open' && circuit.openUntil ? new Date(circuit.openUntil).toISOString() : null,
    };
  }

  async function row(id: string, log: WarnLogger): Promise<HealthRow> {
    const record = await health.find(id);
    if (!record) throw notFound('The data source');
    const [presented] = await presentRows([record], log);
    return presented!;
  }

  return {
    row,

    async list(query: HealthListQuery, log: WarnLogger): Promise<HealthListResponse> {
      const filters = { folderId: query.folderId, state: query.state, search: query.search || undefined };
      const [byState, page] = await Promise.all([health.summary(query.folderId), health.page(filters, query.page, query.pageSize)]);
      return {
        summary: { total: Object.values(byState).reduce((a, b) => a + b, 0), byState },
        rows: await presentRows(page.rows, log),
        page: query.page,
        pageSize: query.pageSize,
        total: page.total,
      };
    },

    async detail(id: string, range: HealthRange, log: WarnLogger): Promise<HealthDetail> {
      const presented = await row(id, log);
      const since = new Date(now() - RANGE_MS[range]).toISOString();
      let latency: LatencyPoint[];
      let stats: RangeStats;
      const latencyExact = RAW_RANGES.has(range);
      if (latencyExact) {
        // Short ranges: raw checks, in 1-minute (1 h) or 15-minute (24 h) buckets.
        const bucketMs = range === '1h' ? 60_000 : 15 * 60_000;
        const buckets = new Map<number, HealthChecksTable[]>();
        const raw = await health.checksSince(id, since);
        for (const check of raw) {
          const key = Math.floor(Date.parse(check.started_at) / bucketMs) * bucketMs;
          (buckets.get(key) ?? buckets.set(key, []).get(key)!).push(check);
        }
        latency = [...buckets.entries()]
          .sort(([a], [b]) => a - b)
          .map(([at, checks]) => {
            const times = checks.filter((c) => c.http_status !== null).map((c) => Number(c.total_ms));
            return {
              at: new Date(at).toISOString(),
              p50Ms: percentile(times, 0.5),
              p95Ms: percentile(times, 0.95),
              uptime: checks.filter((c) => c.outcome === 'enabled').length / checks.length,
              checks: checks.length,
            };
          });
        // The same rows, whole: latency counts only checks that got an answer, as the hourly histogram does.
        const answered = raw.filter((c) => c.http_status !== null).map((c) => Number(c.total_ms));
        stats = { checks: raw.length, p50Ms: percentile(answered, 0.5), p95Ms: percentile(answered, 0.95), slowestMs: answered.length ? Math.max(...answered) : null };
      } else {
        const hours = await health.hourlySince(id, hourOf(since));
        const histogram = emptyHistogram();
        latency = hours.map((h) => {
          const hourHistogram = histogramOf(h);
          hourHistogram.forEach((n, i) => (histogram[i]! += n));
          const hour = windowStats({ checks: Number(h.checks), healthy: Number(h.healthy), histogram: hourHistogram });
          return { at: h.hour, p50Ms: hour.p50, p95Ms: hour.p95, uptime: hour.uptime, checks: Number(h.checks) };
        });
        stats = {
          checks: hours.reduce((sum, h) => sum + Number(h.checks), 0),
          p50Ms: histogramPercentile(histogram, 0.5),
          p95Ms: histogramPercentile(histogram, 0.95),
          slowestMs: histogramSlowest(histogram),
        };
      }
      const [checks, events] = await Promise.all([health.recentChecks(id, 100), health.events(id, 100)]);
      return {
        row: presented,
        range,
        latency,
        stats,
        latencyExact,
        checks: checks.map(presentCheck),
        events: events.map((e) => ({ at: e.at, from: e.from_state, to: e.to_state, reason: e.reason })),
      };
    },
  };
}
export type HealthService = ReturnType<typeof createHealthService>;

