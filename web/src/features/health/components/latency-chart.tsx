import { AreaChart, LineChart } from '@mantine/charts';
import { Center, Group, Paper, SegmentedControl, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { HEALTH_RANGES, type HealthRange, type LatencyPoint } from '@keyway/shared';
import { chartTicks, formatChartTime, formatLatency, RANGE_LABELS, RANGE_MS, toChartRows } from './health-format';

/** Check times (p50 and p95) and uptime over the chosen range, with its range picker. */
export function LatencyChart(props: {
  points: LatencyPoint[];
  range: HealthRange;
  onRange: (range: HealthRange) => void;
  loading: boolean;
  /** When the data was fetched: the x axis ends there and spans the whole range, however few points there are. */
  now: number;
}) {
  const { points, range, onRange, loading, now } = props;
  const rows = toChartRows(points);
  const withData = rows.filter((r) => r.checks > 0);
  const p95s = withData.map((r) => r.p95).filter((v): v is number => v !== null);
  const xAxis = {
    type: 'number' as const,
    scale: 'time' as const,
    domain: [now - RANGE_MS[range], now],
    allowDataOverflow: true,
    ticks: chartTicks(range, now),
    tickFormatter: (value: number) => formatChartTime(value, range),
    minTickGap: 24,
  };
  const tooltipLabel = (label: unknown) => (typeof label === 'number' ? formatChartTime(label, range, true) : String(label ?? ''));

  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm" aria-busy={loading}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <div>
            <Title order={2} size="h4" id="latency-heading">
              Check time
            </Title>
            <Text size="xs" c="dimmed">
              Token request plus API call, over the last {RANGE_LABELS[range]}
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
            <VisuallyHidden>
              {withData.length} points; slowest 5% of checks took up to {formatLatency(p95s.length ? Math.max(...p95s) : null)}.
            </VisuallyHidden>
            <LineChart
              h={240}
              data={rows}
              dataKey="time"
              series={[
                { name: 'p50', label: 'Typical (p50)', color: 'blue.6' },
                { name: 'p95', label: 'Slow (p95)', color: 'grape.6', strokeDasharray: '5 4' },
              ]}
              curveType="monotone"
              withLegend
              legendProps={{ verticalAlign: 'bottom', height: 36 }}
              withDots={rows.length <= 60}
              connectNulls={false}
              valueFormatter={(v) => formatLatency(v)}
              xAxisProps={xAxis}
              yAxisProps={{ width: 64 }}
              tooltipProps={{ labelFormatter: tooltipLabel }}
              aria-labelledby="latency-heading"
            />
            <div>
              <Text size="sm" fw={650} id="uptime-heading">
                Uptime
              </Text>
              <Text size="xs" c="dimmed">
                Share of checks that found the connection healthy
              </Text>
            </div>
            <AreaChart
              h={130}
              data={rows}
              dataKey="time"
              series={[{ name: 'uptime', label: 'Uptime', color: 'teal.6' }]}
              curveType="stepAfter"
              withDots={false}
              connectNulls={false}
              fillOpacity={0.25}
              valueFormatter={(v) => `${v}%`}
              xAxisProps={xAxis}
              yAxisProps={{ width: 64, domain: [0, 100], ticks: [0, 50, 100] }}
              tooltipProps={{ labelFormatter: tooltipLabel }}
              aria-labelledby="uptime-heading"
            />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
