/**
 * Latency percentiles. Raw checks give exact ones for short ranges; hourly rows keep a histogram
 * so that percentiles over days come from at most one small row per hour.
 */
export const LATENCY_BUCKETS_MS = [25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10000, Infinity] as const;

export function emptyHistogram(): number[] {
  return LATENCY_BUCKETS_MS.map(() => 0);
}

export function addToHistogram(histogram: number[], ms: number): number[] {
  const next = histogram.length === LATENCY_BUCKETS_MS.length ? [...histogram] : emptyHistogram();
  const index = LATENCY_BUCKETS_MS.findIndex((upper) => ms <= upper);
  next[index] = (next[index] ?? 0) + 1;
  return next;
}

export function mergeHistograms(histograms: number[][]): number[] {
  const total = emptyHistogram();
  for (const h of histograms) h.forEach((count, i) => (total[i] = (total[i] ?? 0) + count));
  return total;
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

/** Nearest-rank percentile of exact values. */
export function percentile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function parseHistogram(json: string): number[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) && value.every((n) => typeof n === 'number') ? (value as number[]) : emptyHistogram();
  } catch {
    return emptyHistogram();
  }
}

/** The start of the UTC hour holding `iso`, as ISO text (sortable, portable). */
export function hourOf(iso: string): string {
  const d = new Date(iso);
  d.setUTCMinutes(0, 0, 0);
  return d.toISOString();
}
