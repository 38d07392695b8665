import {

  type HealthCheckRecord,
  type HealthDetail,
  type HealthError,
  type HealthListQuery,
  type HealthListResponse,
  type HealthRange,
  type HealthRow,
  type LatencyPoint,
} from '@keyway/shared';
import type { HealthRepository, HealthRowRecord } from '../../db/repositories/health.repository';
import type { HealthChecksTable, HealthHourlyTable } from '../../db/schema';
import { hourOf, histogramPercentile, mergeHistograms, parseHistogram, percentile } from '../../health/latency';
import { notFound } from '../../http/errors';

const HOUR_MS = 3_600_000;
const SPARKLINE_POINTS = 20;
const RANGE_MS: Record<HealthRange, number> = { '1h': HOUR_MS, '24h': 24 * HOUR_MS, '7d': 7 * 24 * HOUR_MS, '30d': 30 * 24 * HOUR_MS };

function parseError(json: string | null): HealthError | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as HealthError;
  } catch {
    return null;
  }
}

/** Uptime and percentiles over a window, from hourly rows only: bounded however long the console runs. */
function windowStats(hourly: HealthHourlyTable[]) {
  const checks = hourly.reduce((n, h) => n + Number(h.checks), 0);
  const healthy = hourly.reduce((n, h) => n + Number(h.healthy), 0);
  const histogram = mergeHistograms(hourly.map((h) => parseHistogram(h.latency_histogram)));
  return {
    uptime: checks === 0 ? null : healthy / checks,
    p50: histogramPercentile(histogram, 0.5),
    p95: histogramPercentile(histogram, 0.95),
  };
}

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

/** Read side of health: the dashboard's rows and a data source's detail. Reads aggregates, never all raw checks. */
export function createHealthQueries(health: HealthRepository, now: () => number = Date.now) {
  async function presentRows(records: HealthRowRecord[]): Promise<HealthRow[]> {
    const ids = records.map((r) => r.data_source_id);
    const since7d = hourOf(new Date(now() - RANGE_MS['7d']).toISOString());
    const since24h = hourOf(new Date(now() - RANGE_MS['24h']).toISOString());
    const [hourly, recent] = await Promise.all([health.hourlySince(ids, since7d), health.recentChecks(ids, SPARKLINE_POINTS)]);
    const byId = new Map<string, HealthHourlyTable[]>();
    for (const h of hourly) (byId.get(h.data_source_id) ?? byId.set(h.data_source_id, []).get(h.data_source_id)!).push(h);

    return records.map((r) => {
      const rows = byId.get(r.data_source_id) ?? [];
      const week = windowStats(rows);
      const day = windowStats(rows.filter((h) => h.hour >= since24h));
      const checks = recent.get(r.data_source_id) ?? [];
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
        p50Ms: day.p50,
        p95Ms: day.p95,
        recentLatencyMs: checks
          .slice()
          .reverse()
          .map((c) => (c.http_status === null && c.outcome !== 'enabled' ? null : Number(c.total_ms))),
        lastCheckAt: r.last_check_at,
        lastSuccessAt: r.last_success_at,
        lastError: parseError(r.last_error),
      };
    });
  }

  async function row(id: string): Promise<HealthRow> {
    const record = await health.find(id);
    if (!record) throw notFound('The data source');
    const [presented] = await presentRows([record]);
    return presented!;
  }

  return {
    row,

    async list(query: HealthListQuery): Promise<HealthListResponse> {
      const filters = { folderId: query.folderId, state: query.state, search: query.search || undefined };
      const [byState, page] = await Promise.all([health.summary(query.folderId), health.page(filters, query.page, query.pageSize)]);
      return {
        summary: { total: Object.values(byState).reduce((a, b) => a + b, 0), byState },
        rows: await presentRows(page.rows),
        page: query.page,
        pageSize: query.pageSize,
        total: page.total,
      };
    },

    async detail(id: string, range: HealthRange): Promise<HealthDetail> {
      const presented = await row(id);
      const since = new Date(now() - RANGE_MS[range]).toISOString();
      let latency: LatencyPoint[];
      if (range === '1h' || range === '24h') {
        // Short ranges: raw checks, in 1-minute (1 h) or 15-minute (24 h) buckets.
        const bucketMs = range === '1h' ? 60_000 : 15 * 60_000;
        const buckets = new Map<number, HealthChecksTable[]>();
        for (const check of await health.checksSince(id, since)) {
          const key = Math.floor(Date.parse(check.started_at) / bucketMs) * bucketMs;
          (buckets.get(key) ?? buckets.set(key, []).get(key)!).push(check);
        }
        latency = [...buckets.entries()]
          .sort(([a], [b]) => a - b)
          .map(([at, checks]) => {
            const times = checks.map((c) => Number(c.total_ms));
            return {
              at: new Date(at).toISOString(),
              p50Ms: percentile(times, 0.5),
              p95Ms: percentile(times, 0.95),
              uptime: checks.filter((c) => c.outcome === 'enabled').length / checks.length,
              checks: checks.length,
            };
          });
      } else {
        latency = (await health.hourlySince([id], hourOf(since))).map((h) => {
          const stats = windowStats([h]);
          return { at: h.hour, p50Ms: stats.p50, p95Ms: stats.p95, uptime: stats.uptime, checks: Number(h.checks) };
        });
      }
      const [checks, events] = await Promise.all([health.recentChecks([id], 100), health.events(id, 100)]);
      return {
        row: presented,
        range,
        latency,
        checks: (checks.get(id) ?? []).map(presentCheck),
        events: events.map((e) => ({ at: e.at, from: e.from_state, to: e.to_state, reason: e.reason })),
      };
    },
  };
}
export type HealthQueries = ReturnType<typeof createHealthQueries>;

