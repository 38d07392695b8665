import { describe, expect, it } from 'vitest';
import { bucketIndex, emptyHistogram, HISTOGRAM_COLUMNS, histogramOf, histogramPercentile, histogramSlowest, hourOf, LATENCY_BUCKETS_MS, percentile } from './latency';

describe('latency helpers', () => {
  it('has one histogram column per bucket', () => {
    expect(HISTOGRAM_COLUMNS).toHaveLength(LATENCY_BUCKETS_MS.length);
  });

  it('puts a time in the first bucket whose upper bound holds it', () => {
    expect(bucketIndex(0)).toBe(0);
    expect(bucketIndex(5)).toBe(0);
    expect(bucketIndex(6)).toBe(1);
    expect(bucketIndex(26)).toBe(4);
    expect(bucketIndex(999_999)).toBe(LATENCY_BUCKETS_MS.length - 1);
  });

  it('reads percentiles from a histogram as bucket upper bounds', () => {
    const h = emptyHistogram();
    h[bucketIndex(40)] = 90; // 90 checks ≤ 50 ms
    h[bucketIndex(900)] = 10; // 10 checks ≤ 1000 ms
    expect(histogramPercentile(h, 0.5)).toBe(50);
    expect(histogramPercentile(h, 0.9)).toBe(50);
    expect(histogramPercentile(h, 0.95)).toBe(1000);
    expect(histogramPercentile(emptyHistogram(), 0.5)).toBeNull();
    const slow = emptyHistogram();
    slow[slow.length - 1] = 1;
    expect(histogramPercentile(slow, 0.5)).toBe(10_000);
  });

  it('bounds the slowest check by its bucket', () => {
    const h = emptyHistogram();
    h[bucketIndex(12)] = 3;
    h[bucketIndex(31)] = 1;
    expect(histogramSlowest(h)).toBe(50);
    expect(histogramSlowest(emptyHistogram())).toBeNull();
    const slow = emptyHistogram();
    slow[slow.length - 1] = 1;
    expect(histogramSlowest(slow)).toBe(10_000);
  });

  it('computes nearest-rank percentiles of exact values', () => {
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 0.95)).toBe(95);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('maps a row to its histogram in bucket order', () => {
    expect(histogramOf({ b0: 2, b19: '3' })).toEqual([2, ...Array(18).fill(0), 3]);
  });

  it('truncates a time to the start of its UTC hour', () => {
    expect(hourOf('2026-11-23T17:42:13.123Z')).toBe('2026-11-23T17:00:00.000Z');
  });
});
