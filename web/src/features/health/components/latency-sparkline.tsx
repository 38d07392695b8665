import { Sparkline } from '@mantine/charts';
import { Box, Text } from '@mantine/core';
import { plural } from '@/lib/format';
import { formatLatency } from './health-format';

/** Recent check times as a small line; gaps are checks that got no answer. */
export function LatencySparkline({ values, color }: { values: (number | null)[]; color: string }) {
  const answered = values.filter((v): v is number => v !== null);
  if (answered.length < 2) {
    return (
      <Box h={44} display="flex" style={{ alignItems: 'center' }}>
        <Text size="xs" c="dimmed">
          {values.length === 0 ? 'No checks yet' : answered.length === 0 ? 'No answers in recent checks' : 'Not enough checks for a trend yet'}
        </Text>
      </Box>
    );
  }
  const min = Math.min(...answered);
  const max = Math.max(...answered);
  const missed = values.length - answered.length;
  const label = `Recent check times, ${plural(values.length, 'check')}: from ${formatLatency(min)} to ${formatLatency(max)}${missed ? `, ${missed} without an answer` : ''}`;
  return (
    <Box role="img" aria-label={label} title={label}>
      <Sparkline h={44} data={values} color={color} curveType="monotone" fillOpacity={0.25} strokeWidth={1.75} connectNulls={false} />
    </Box>
  );
}
