import { describe, expect, it } from 'vitest';
import type { HealthCheckRecord, HealthEvent } from '@keyway/shared';
import {
  chartDomain,
  chartTicks,
  formatAgo,
  formatInterval,
  formatLatency,
  formatLatencyFigure,
  formatUntil,
  formatUptime,
  maxTicksFor,
  mergeTimeline,
  RANGE_MS,
  toChartRows,
  uptimeColor,
} from './health-format';

describe('formatUptime', () => {
  it('shows a share as a percentage with at most two decimals', () => {
    expect(formatUptime(1)).toBe('100%');
    expect(formatUptime(0.5)).toBe('50%');
    expect(formatUptime(0.9987)).toBe('99.87%');
    expect(formatUptime(0.995)).toBe('99.5%');
    expect(formatUptime(0)).toBe('0%');
  });
  it('never rounds up to a perfect score', () => {
    expect(formatUptime(0.99999)).toBe('99.99%');
  });
  it('says when there is nothing to measure', () => {
    expect(formatUptime(null)).toBe('No data');
  });
  it('grades the colour', () => {
    expect(uptimeColor(1)).toBe('green');
    expect(uptimeColor(0.97)).toBe('orange');
    expect(uptimeColor(0.5)).toBe('red');
    expect(uptimeColor(null)).toBe('gray');
  });
});

describe('formatLatency', () => {
  it('uses ms below a second and seconds above', () => {
    expect(formatLatency(843.4)).toBe('843 ms');
    expect(formatLatency(0)).toBe('0 ms');
    expect(formatLatency(1234)).toBe('1.2 s');
    expect(formatLatency(65_000)).toBe('1 min 5 s');
  });
  it('shows a dash for a check that got no answer', () => {
    expect(formatLatency(null)).toBe('—');
  });
});

describe('formatInterval', () => {
  it('reads as a person would say it', () => {
    expect(formatInterval(30)).toBe('30 s');
    expect(formatInterval(300)).toBe('5 min');
    expect(formatInterval(90)).toBe('1 min 30 s');
    expect(formatInterval(3600)).toBe('1 h');
    expect(formatInterval(86_400)).toBe('24 h');
  });
});

describe('formatUntil', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  it('counts down to a time ahead, and says "any moment" once it is due', () => {
    expect(formatUntil('2025-06-01T12:04:10Z', now)).toBe('in 4 min');
    expect(formatUntil('2025-06-01T14:30:00Z', now)).toBe('in 3 h');
    expect(formatUntil('2025-06-04T12:00:00Z', now)).toBe('in 3 d');
    expect(formatUntil('2025-06-01T12:00:20Z', now)).toBe('any moment');
    expect(formatUntil('2025-06-01T11:00:00Z', now)).toBe('any moment');
    expect(formatUntil('not a time', now)).toBe('Unknown');
  });
});

describe('formatAgo', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  it('counts back from now', () => {
    expect(formatAgo('2025-06-01T11:59:30Z', now)).toBe('just now');
    expect(formatAgo('2025-06-01T11:57:00Z', now)).toBe('3 min ago');
    expect(formatAgo('2025-06-01T09:00:00Z', now)).toBe('3 h ago');
    expect(formatAgo('2025-05-28T12:00:00Z', now)).toBe('4 d ago');
  });
  it('treats a clock slightly ahead as now', () => {
    expect(formatAgo('2025-06-01T12:00:20Z', now)).toBe('just now');
  });
  it('says never without a time', () => {
    expect(formatAgo(null, now)).toBe('Never');
  });
});

const check = (id: string, startedAt: string): HealthCheckRecord => ({
  id,
  startedAt,
  outcome: 'enabled',
  httpStatus: 200,
  oauthError: null,
  tokenMs: 10,
  apiMs: 20,
  totalMs: 30,
  message: 'OK',
});
const change = (at: string): HealthEvent => ({ at, from: 'enabled', to: 'failing', reason: 'Token refused' });

describe('mergeTimeline', () => {
  // Kinds alone read the same oldest first (check, change, check): the times say the order.
  const order = (entries: ReturnType<typeof mergeTimeline>) => entries.map((e) => `${e.kind} ${e.at}`);
  it('puts checks and state changes together, newest first, whatever order they came in', () => {
    const entries = mergeTimeline(
      [check('a', '2025-06-01T12:00:00Z'), check('b', '2025-06-01T12:05:00Z')],
      [change('2025-06-01T12:03:00Z')],
    );
    expect(order(entries)).toEqual(['check 2025-06-01T12:05:00Z', 'change 2025-06-01T12:03:00Z', 'check 2025-06-01T12:00:00Z']);
  });
  it('lists a state change above the check at the same moment', () => {
    expect(order(mergeTimeline([check('a', '2025-06-01T12:00:00Z')], [change('2025-06-01T12:00:00Z')]))).toEqual([
      'change 2025-06-01T12:00:00Z',
      'check 2025-06-01T12:00:00Z',
    ]);
  });
});

describe('toChartRows', () => {
  it('converts units and sorts oldest first', () => {
    const rows = toChartRows([
      { at: '2025-06-01T12:05:00Z', p50Ms: 100.4, p95Ms: 300.6, uptime: 0.955, checks: 4 },
      { at: '2025-06-01T12:00:00Z', p50Ms: null, p95Ms: null, uptime: null, checks: 0 },
    ]);
    expect(rows).toEqual([
      { time: Date.parse('2025-06-01T12:00:00Z'), p50: null, p95: null, uptime: null, checks: 0 },
      { time: Date.parse('2025-06-01T12:05:00Z'), p50: 100, p95: 301, uptime: 95.5, checks: 4 },
    ]);
  });
});

describe('chartTicks', () => {
  const now = Date.parse('2025-06-01T12:34:00Z');
  const hhmm = (ticks: number[]) => ticks.map((t) => new Date(t).toISOString().slice(11, 16));
  const window = (range: '1h' | '24h' | '7d' | '30d'): [number, number] => [now - RANGE_MS[range], now];

  it('puts ticks on round times across the range, evenly', () => {
    expect(hhmm(chartTicks('1h', window('1h'), { timezoneOffsetMinutes: 0 }))).toEqual(['11:40', '11:50', '12:00', '12:10', '12:20', '12:30']);
    expect(hhmm(chartTicks('24h', window('24h'), { timezoneOffsetMinutes: 0 }))).toEqual(['15:00', '18:00', '21:00', '00:00', '03:00', '06:00', '09:00', '12:00']);
    expect(chartTicks('7d', window('7d'), { timezoneOffsetMinutes: 0 }).map((t) => new Date(t).toISOString())).toContain('2025-06-01T00:00:00.000Z');
    for (const range of ['1h', '24h', '7d', '30d'] as const) {
      const ticks = chartTicks(range, window(range), { timezoneOffsetMinutes: 0 });
      const gaps = new Set(ticks.slice(1).map((t, i) => t - ticks[i]!));
      expect(gaps.size, range).toBe(1);
    }
  });
  it('takes a coarser round step when the chart is too narrow for every tick', () => {
    expect(hhmm(chartTicks('24h', window('24h'), { maxTicks: 5, timezoneOffsetMinutes: 0 }))).toEqual(['18:00', '00:00', '06:00', '12:00']);
    expect(hhmm(chartTicks('1h', window('1h'), { maxTicks: 4, timezoneOffsetMinutes: 0 }))).toEqual(['11:45', '12:00', '12:15', '12:30']);
    // Nothing coarser to take: the coarsest step, never an uneven one.
    expect(hhmm(chartTicks('24h', window('24h'), { maxTicks: 1, timezoneOffsetMinutes: 0 }))).toEqual(['00:00', '12:00']);
  });
  it('aligns to local midnight', () => {
    // UTC+2: local midnight is 22:00 UTC the day before.
    expect(chartTicks('7d', window('7d'), { timezoneOffsetMinutes: -120 }).map((t) => new Date(t).toISOString())).toContain('2025-05-31T22:00:00.000Z');
    expect(hhmm(chartTicks('24h', window('24h'), { maxTicks: 5, timezoneOffsetMinutes: -120 }))).toEqual(['16:00', '22:00', '04:00', '10:00']);
  });
  it('fits the labels to the width', () => {
    expect(maxTicksFor(1000, '09:00')).toBe(19);
    expect(maxTicksFor(260, '09:00 AM')).toBe(3);
    expect(maxTicksFor(0, 'Nov 30')).toBe(2);
  });
});

describe('chartDomain', () => {
  const now = Date.parse('2025-06-01T12:34:00Z');
  const row = (iso: string) => ({ time: Date.parse(iso), p50: 1, p95: 1, uptime: 100, checks: 1 });
  it('spans the whole range ending now, even with one point', () => {
    expect(chartDomain([row('2025-06-01T12:30:00Z')], '1h', now)).toEqual([now - 3_600_000, now]);
    expect(chartDomain([], '24h', now)).toEqual([now - 86_400_000, now]);
  });
  it('widens to hold points just outside it, so none is cut off', () => {
    expect(chartDomain([row('2025-06-01T11:30:00Z'), row('2025-06-01T12:35:00Z')], '1h', now)).toEqual([
      Date.parse('2025-06-01T11:30:00Z'),
      Date.parse('2025-06-01T12:35:00Z'),
    ]);
  });
});

describe('formatLatencyFigure', () => {
  it('says "at most" for a bucket bound and nothing more for an exact time', () => {
    expect(formatLatencyFigure(31, true)).toBe('31\u00a0ms');
    expect(formatLatencyFigure(50, false)).toBe('≤\u00a050\u00a0ms');
    expect(formatLatencyFigure(null, false)).toBe('—');
  });
});
