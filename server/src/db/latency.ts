/**
 * Latency percentiles. Raw checks give exact ones for short ranges; hourly rows keep a histogram
 * so that percentiles over days come from at most one small row per hour. The buckets are the
 * layout of health_hourly, so they live with the database: the health repository writes them and
 * the health service reads them, and neither reaches into health/ for it.
 */
export const LATENCY_BUCKETS_MS = [5, 10, 15, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10000, Infinity] as const;

/** Column names of the histogram in health_hourly, one per bucket. */
export const HISTOGRAM_COLUMNS = [
  'b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8', 'b9', 'b10', 'b11', 'b12', 'b13', 'b14', 'b15', 'b16', 'b17', 'b18', 'b19',
] as const;
export type HistogramColumn = (typeof HISTOGRAM_COLUMNS)[number];

export function bucketIndex(ms: number): number {
  return LATENCY_BUCKETS_MS.findIndex((upper) => ms <= upper);
}

export function emptyHistogram(): number[] {
  return LATENCY_BUCKETS_MS.map(() => 0);
}

/** The upper bound of the bucket holding the q-quantile; the last bucket reports the largest finite bound. */
export function histogramPercentile(histogram: number[], q: number): number | null {
  const count = histogram.reduce((a, b) => a + b, 0);
  if (count === 0) return null;
  const rank = Math.ceil(q * count);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] ?? 0;
    if (seen >= rank) {
      const upper = LATENCY_BUCKETS_MS[i]!;
      return Number.isFinite(upper) ? upper : LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 2]!;
    }
  }
  return null;
}

/** The upper bound of the slowest bucket holding a check: the longest time is at most this. */
export function histogramSlowest(histogram: number[]): number | null {
  for (let i = histogram.length - 1; i >= 0; i--) {
    if ((histogram[i] ?? 0) > 0) {
      const upper = LATENCY_BUCKETS_MS[i]!;
      return Number.isFinite(upper) ? upper : LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 2]!;
    }
  }
  return null;
}

/** Nearest-rank percentile of exact values. */
export function percentile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** A row's histogram columns as an array, in bucket order. */
export function histogramOf(row: Partial<Record<HistogramColumn, number | string | null>>): number[] {
  return HISTOGRAM_COLUMNS.map((column) => Number(row[column] ?? 0));
}

/** The start of the UTC hour holding `iso`, as ISO text (sortable, portable). */
export function hourOf(iso: string): string {
  const d = new Date(iso);
  d.setUTCMinutes(0, 0, 0);
  return d.toISOString();
}
