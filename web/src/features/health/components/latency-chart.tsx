import { Box, Center, Group, Paper, SegmentedControl, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { lazy, Suspense } from 'react';
import { HEALTH_RANGES, type HealthRange, type LatencyPoint, type RangeStats } from '@keyway/shared';
import { plural } from '@/lib/format';
import { chartDomain, chartTicks, formatChartTime, formatLatency, formatLatencyFigure, maxTicksFor, POINT_SPAN, RANGE_LABELS, toChartRows } from './health-format';

const LineChart = lazy(() => import('./chart-components').then((m) => ({ default: m.LineChart })));
const AreaChart = lazy(() => import('./chart-components').then((m) => ({ default: m.AreaChart })));

/** The y axis's width; the rest of the chart's width is where tick labels must fit. */
const Y_AXIS_PX = 64;
/** Room at either end of the x axis, in px: a point at the very start or end keeps its whole dot. */
const X_PADDING_PX = 10;
/** Half a tick label sticks out past the last tick; the margin keeps it inside the chart. */
const CHART_MARGIN = { top: 8, right: 20, bottom: 0, left: 0 };
const LINE_CHART_PX = 240;
const UPTIME_CHART_PX = 130;

/** Check times (p50 and p95) and uptime over the chosen range, with its range picker. */
export function LatencyChart(props: {
  points: LatencyPoint[];
  stats: RangeStats;
  /** False when the figures are histogram bucket bounds (7 d, 30 d): they are shown as "≤". */
  exact: boolean;
  range: HealthRange;
  onRange: (range: HealthRange) => void;
  loading: boolean;
  /** When the data was fetched: the x axis ends there and spans the whole range, however few points there are. */
  now: number;
}) {
  const { points, stats, exact, range, onRange, loading, now } = props;
  const { ref: sizeRef, width } = useElementSize();
  const rows = toChartRows(points);
  const withData = rows.filter((r) => r.checks > 0);
  const domain = chartDomain(rows, range, now);
  const xAxis = {
    type: 'number' as const,
    scale: 'time' as const,
    domain,
    padding: { left: X_PADDING_PX, right: X_PADDING_PX },
    ticks: chartTicks(range, domain, width > 0 ? { maxTicks: maxTicksFor(width - Y_AXIS_PX - CHART_MARGIN.right - 2 * X_PADDING_PX, formatChartTime(now, range)) } : {}),
    // Every tick computed above, evenly spaced; recharts' own thinning would drop them unevenly.
    interval: 0 as const,
    tickFormatter: (value: number) => formatChartTime(value, range),
  };
  const tooltipLabel = (label: unknown) => (typeof label === 'number' ? formatChartTime(label, range, true) : String(label ?? ''));
  const latency = (v: number | null) => formatLatencyFigure(v, exact);
  const upTo = (v: number | null) => (exact ? `${latency(v)} or less` : latency(v));

  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm" aria-busy={loading}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <div>
            <Title order={2} size="h4" id="latency-heading">
              Check time
            </Title>
            <Text size="xs" c="dimmed">
              Token request plus API call, over the last {RANGE_LABELS[range]}; one point per {POINT_SPAN[range]}
              {exact ? '' : ', rounded up to the next latency step (≤)'}
            </Text>
          </div>
          <SegmentedControl
            aria-label="Time range"
            size="xs"
            value={range}
            onChange={(value) => onRange(value as HealthRange)}
            data={HEALTH_RANGES.map((r) => ({ value: r, label: r }))}
          />
        </Group>

        {withData.length === 0 ? (
          <Center h={220}>
            <Text size="sm" c="dimmed">
              No checks in the last {RANGE_LABELS[range]}.
            </Text>
          </Center>
        ) : (
          <Stack gap="sm" style={{ opacity: loading ? 0.5 : 1, transition: 'opacity 150ms' }}>
            <Text size="sm" id="latency-summary">
              {stats.p50Ms === null
                ? `${plural(stats.checks, 'check')} in the last ${RANGE_LABELS[range]}, none answered.`
                : stats.checks === 1
                ? `1 check in the last ${RANGE_LABELS[range]}: it took ${latency(stats.p50Ms)}.`
                : `${plural(stats.checks, 'check')} in the last ${RANGE_LABELS[range]}: half took ${upTo(stats.p50Ms)} (p50), ` +
                  `95% took ${upTo(stats.p95Ms)} (p95), the slowest ${latency(stats.slowestMs)}.`}
            </Text>
            <Box ref={sizeRef}>
              <Suspense fallback={<Skeleton h={LINE_CHART_PX} />}>
                <LineChart
                  h={LINE_CHART_PX}
                  data={rows}
                  dataKey="time"
                  series={[
                    { name: 'p50', label: 'Typical (p50)', color: 'blue.6' },
                    { name: 'p95', label: 'Slow (p95)', color: 'grape.6', strokeDasharray: '5 4' },
                  ]}
                  curveType="monotone"
                  withLegend
                  legendProps={{ verticalAlign: 'bottom', height: 36 }}
                  // A lone point has no line to show it: dots do, and the x padding keeps them whole.
                  withDots={rows.length <= 60}
                  connectNulls={false}
                  valueFormatter={latency}
                  xAxisProps={xAxis}
                  // The axis is a scale, not a measurement: no "≤" on its ticks.
                  yAxisProps={{ width: Y_AXIS_PX, tickFormatter: (v: number) => formatLatency(v) }}
                  // recharts makes the chart one Tab stop whose arrow keys step through the points' tooltips.
                  lineChartProps={{ margin: CHART_MARGIN, title: `Check time per ${POINT_SPAN[range]}: arrow keys step through the points` }}
                  tooltipProps={{ labelFormatter: tooltipLabel }}
                  role="figure"
                  aria-labelledby="latency-heading"
                  aria-describedby="latency-summary"
                />
              </Suspense>
            </Box>
            <div>
              <Title order={3} size="sm" fw={650} id="uptime-heading">
                Uptime
              </Title>
              <Text size="xs" c="dimmed">
                Share of checks that found the connection healthy
              </Text>
            </div>
            <Suspense fallback={<Skeleton h={UPTIME_CHART_PX} />}>
              <AreaChart
                h={UPTIME_CHART_PX}
                data={rows}
                dataKey="time"
                series={[{ name: 'uptime', label: 'Uptime', color: 'teal.6' }]}
                curveType="stepAfter"
                withDots={rows.length === 1}
                connectNulls={false}
                fillOpacity={0.25}
                valueFormatter={(v) => `${v}%`}
                xAxisProps={xAxis}
                yAxisProps={{ width: Y_AXIS_PX, domain: [0, 100], ticks: [0, 50, 100] }}
                areaChartProps={{ margin: CHART_MARGIN, title: `Uptime per ${POINT_SPAN[range]}: arrow keys step through the points` }}
                tooltipProps={{ labelFormatter: tooltipLabel }}
                role="figure"
                aria-labelledby="uptime-heading"
              />
            </Suspense>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
