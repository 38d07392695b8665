import type { HealthCheckRecord, HealthEvent, HealthRange, LatencyPoint } from '@keyway/shared';

/** Pure wording for the health pages: what a non-developer reads at a glance. */

/** 0.99871 → "99.87%", never rounded up to a perfect 100% that was not earned. */
export function formatUptime(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return 'No data';
  const hundredths = Math.floor(Math.min(Math.max(share, 0), 1) * 10_000 + 1e-6);
  return `${String(hundredths / 100)}%`;
}

/** Colour that goes with an uptime (always shown beside its number, never alone). */
export function uptimeColor(share: number | null): 'gray' | 'green' | 'orange' | 'red' {
  if (share === null) return 'gray';
  if (share >= 0.99) return 'green';
  if (share >= 0.95) return 'orange';
  return 'red';
}

/** 843.2 → "843 ms", 1234 → "1.2 s"; null (no answer) → "—". */
export function formatLatency(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** 300 → "5 min", 90 → "1 min 30 s", 3600 → "1 h". */
export function formatInterval(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  const parts = [h ? `${h} h` : '', m ? `${m} min` : '', s ? `${s} s` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 s';
}

/** A short "3 min ago"; `null` → "Never". The exact time belongs in a tooltip beside it. */
export function formatAgo(iso: string | null, now = Date.now()): string {
  if (!iso) return 'Never';
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return 'Unknown';
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(seconds / 3600);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** "in 4 min" for a time ahead; "any moment" once it is (nearly) due. */
export function formatUntil(iso: string, now = Date.now()): string {
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return 'Unknown';
  const seconds = Math.round((at - now) / 1000);
  if (seconds < 45) return 'any moment';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.round(seconds / 3600);
  if (hours < 48) return `in ${hours} h`;
  return `in ${Math.round(seconds / 86_400)} d`;
}

export type TimelineEntry =
  | { kind: 'check'; at: string; key: string; check: HealthCheckRecord }
  | { kind: 'change'; at: string; key: string; change: HealthEvent };

/** Checks and state changes in one list, newest first; a state change sorts above the check that caused it. */
export function mergeTimeline(checks: HealthCheckRecord[], changes: HealthEvent[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...checks.map((check) => ({ kind: 'check' as const, at: check.startedAt, key: `check-${check.id}`, check })),
    ...changes.map((change, i) => ({ kind: 'change' as const, at: change.at, key: `change-${change.at}-${i}`, change })),
  ];
  const rank = (e: TimelineEntry) => (e.kind === 'change' ? 1 : 0);
  return entries.sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || rank(b) - rank(a));
}

export interface LatencyChartRow {
  /** Milliseconds since the epoch, for the x axis. */
  time: number;
  p50: number | null;
  p95: number | null;
  /** Percent 0..100, or null without checks. */
  uptime: number | null;
  checks: number;
}

/** The API's points, oldest first, in the units the charts draw. */
export function toChartRows(points: LatencyPoint[]): LatencyChartRow[] {
  return points
    .map((p) => ({
      time: Date.parse(p.at),
      p50: p.p50Ms === null ? null : Math.round(p.p50Ms),
      p95: p.p95Ms === null ? null : Math.round(p.p95Ms),
      uptime: p.uptime === null ? null : Math.round(p.uptime * 1000) / 10,
      checks: p.checks,
    }))
    .filter((row) => Number.isFinite(row.time))
    .sort((a, b) => a.time - b.time);
}

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

/** Axis ticks: the time of day within a day, the date beyond. */
export function formatChartTime(time: number, range: HealthRange, forTooltip = false): string {
  if (forTooltip) return range === '1h' || range === '24h' ? timeOfDay.format(time) : dayAndTime.format(time);
  return range === '1h' || range === '24h' ? timeOfDay.format(time) : day.format(time);
}

export const RANGE_MS: Record<HealthRange, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 604_800_000, '30d': 2_592_000_000 };

export const RANGE_LABELS: Record<HealthRange, string> = { '1h': 'hour', '24h': '24 hours', '7d': '7 days', '30d': '30 days' };

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Round steps for each range, finest first; the finest that fits the chart's width wins. */
const TICK_STEPS_MS: Record<HealthRange, number[]> = {
  '1h': [10 * MINUTE, 15 * MINUTE, 20 * MINUTE, 30 * MINUTE],
  '24h': [3 * HOUR, 6 * HOUR, 12 * HOUR],
  '7d': [DAY, 2 * DAY],
  '30d': [5 * DAY, 10 * DAY],
};

/**
 * Axis ticks on round local times (every 10 min, 3 h, day, 5 days…) across `[start, end]`, at
 * most `maxTicks` of them. The chart shows every one (recharts' own thinning skips ticks unevenly:
 * 09:00, 15:00, 21:00, 06:00).
 */
export function chartTicks(
  range: HealthRange,
  [start, end]: readonly [number, number],
  { maxTicks = Infinity, timezoneOffsetMinutes = new Date(end).getTimezoneOffset() }: { maxTicks?: number; timezoneOffsetMinutes?: number } = {},
): number[] {
  const shift = -timezoneOffsetMinutes * 60_000;
  const ticksEvery = (step: number) => {
    const ticks: number[] = [];
    for (let t = Math.ceil((start + shift) / step) * step - shift; t <= end; t += step) ticks.push(t);
    return ticks;
  };
  const steps = TICK_STEPS_MS[range];
  for (const step of steps) {
    const ticks = ticksEvery(step);
    if (ticks.length <= maxTicks) return ticks;
  }
  return ticksEvery(steps[steps.length - 1]!);
}

/** How many tick labels of `label`'s length fit in `widthPx` at the axis's 12 px type, with room between. */
export function maxTicksFor(widthPx: number, label: string): number {
  const labelPx = label.length * 7;
  return Math.max(2, Math.floor(widthPx / (labelPx + 16)));
}

/**
 * The x axis: the whole range ending now, however few points there are, and widened to hold a
 * point the server bucketed a little before the start or stamped a little after the page's clock.
 */
export function chartDomain(rows: readonly LatencyChartRow[], range: HealthRange, now: number): [number, number] {
  const first = rows[0]?.time ?? now;
  const last = rows[rows.length - 1]?.time ?? now;
  return [Math.min(now - RANGE_MS[range], first), Math.max(now, last)];
}

/** What one point of the chart sums up, as the server buckets it. */
export const POINT_SPAN: Record<HealthRange, string> = { '1h': 'minute', '24h': '15 minutes', '7d': 'hour', '30d': 'hour' };

/** A check time that is exact, or a histogram bucket's upper bound: "≤ 50 ms" says only what is known. */
export function formatLatencyFigure(ms: number | null, exact: boolean): string {
  // No-break spaces: "≤ 25" and "ms" never part at a line end.
  return (exact || ms === null ? formatLatency(ms) : `≤ ${formatLatency(ms)}`).replace(/ /g, '\u00a0');
}
