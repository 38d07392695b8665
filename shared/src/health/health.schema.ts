import { z } from 'zod';
import { HEALTH_STATES } from './health-states';

export const HealthStateSchema = z.enum(HEALTH_STATES);

export const MIN_CHECK_INTERVAL_SECONDS = 30;
/** A new data source's check interval unless HEALTH_CHECK_INTERVAL_SECONDS says otherwise. */
export const DEFAULT_CHECK_INTERVAL_SECONDS = 300;

export const HealthErrorSchema = z.object({
  step: z.enum(['token', 'api']),
  kind: z.string(),
  httpStatus: z.number().int().optional(),
  /** The provider's OAuth error code, verbatim. */
  error: z.string().optional(),
  message: z.string(),
  hint: z.string().optional(),
});
export type HealthError = z.infer<typeof HealthErrorSchema>;

/** One row of the dashboard: a data source and how it has been doing. */
export const HealthRowSchema = z.object({
  dataSourceId: z.string(),
  title: z.string(),
  folderId: z.string(),
  folderTitle: z.string(),
  state: HealthStateSchema,
  stateReason: z.string(),
  stateChangedAt: z.string(),
  intervalSeconds: z.number().int(),
  /** Share of healthy checks, 0..1; null without checks in the window. */
  uptime24h: z.number().nullable(),
  uptime7d: z.number().nullable(),
  /**
   * Total check time (token + API) of the recent checks that got an answer, in ms: nearest-rank
   * percentiles of exactly the values `recentLatencyMs` holds (the tile's sparkline).
   */
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  /** Recent check times in ms, oldest first (the sparkline); null for a check that got no answer. */
  recentLatencyMs: z.array(z.number().nullable()),
  lastCheckAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastError: HealthErrorSchema.nullable(),
  /** When the next scheduled check is due; null while paused. */
  nextCheckAt: z.string().nullable(),
  /** Set while the circuit breaker keeps scheduled checks off a dead endpoint: until when. */
  circuitOpenUntil: z.string().nullable(),
});
export type HealthRow = z.infer<typeof HealthRowSchema>;

export const HealthSummarySchema = z.object({
  total: z.number().int(),
  byState: z.record(HealthStateSchema, z.number().int()),
});
export type HealthSummary = z.infer<typeof HealthSummarySchema>;

export const HealthListQuerySchema = z.object({
  folderId: z.string().optional(),
  state: HealthStateSchema.optional(),
  /** Matches titles, case-insensitively. */
  search: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(24),
});
export type HealthListQuery = z.infer<typeof HealthListQuerySchema>;

export const HealthListResponseSchema = z.object({
  summary: HealthSummarySchema,
  rows: z.array(HealthRowSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Rows matching the filters, across all pages. */
  total: z.number().int(),
});
export type HealthListResponse = z.infer<typeof HealthListResponseSchema>;

export const HEALTH_RANGES = ['1h', '24h', '7d', '30d'] as const;
export const HealthRangeSchema = z.enum(HEALTH_RANGES);
export type HealthRange = z.infer<typeof HealthRangeSchema>;

export const HealthCheckRecordSchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  outcome: z.enum(['enabled', 'degraded', 'failing']),
  httpStatus: z.number().int().nullable(),
  oauthError: z.string().nullable(),
  tokenMs: z.number().nullable(),
  apiMs: z.number().nullable(),
  totalMs: z.number(),
  message: z.string(),
});
export type HealthCheckRecord = z.infer<typeof HealthCheckRecordSchema>;

export const HealthEventSchema = z.object({
  at: z.string(),
  from: HealthStateSchema.nullable(),
  to: HealthStateSchema,
  reason: z.string(),
});
export type HealthEvent = z.infer<typeof HealthEventSchema>;

/** A point of the latency chart: raw checks for short ranges, hourly aggregates beyond. */
export const LatencyPointSchema = z.object({
  at: z.string(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  /** Share of healthy checks in the bucket, 0..1. */
  uptime: z.number().nullable(),
  checks: z.number().int(),
});
export type LatencyPoint = z.infer<typeof LatencyPointSchema>;

/** Check time over a whole range, in ms; null without answered checks. */
export const RangeStatsSchema = z.object({
  /** Checks in the range, answered or not. */
  checks: z.number().int(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  /** The longest check time. */
  slowestMs: z.number().nullable(),
});
export type RangeStats = z.infer<typeof RangeStatsSchema>;

export const HealthDetailSchema = z.object({
  row: HealthRowSchema,
  range: HealthRangeSchema,
  latency: z.array(LatencyPointSchema),
  stats: RangeStatsSchema,
  /**
   * True when `latency` and `stats` come from raw checks (1 h, 24 h). False beyond, where they come
   * from hourly histograms: each figure is its bucket's upper bound, so the real time is at most it.
   */
  latencyExact: z.boolean(),
  /** Newest first, at most 100. */
  checks: z.array(HealthCheckRecordSchema),
  /** Newest first, at most 100. */
  events: z.array(HealthEventSchema),
});
export type HealthDetail = z.infer<typeof HealthDetailSchema>;

export const HealthSettingsSchema = z.object({
  /** How often the server checks this data source. */
  intervalSeconds: z.number().int().min(MIN_CHECK_INTERVAL_SECONDS, `Use at least ${MIN_CHECK_INTERVAL_SECONDS} seconds`).max(86_400),
});
export type HealthSettings = z.infer<typeof HealthSettingsSchema>;
