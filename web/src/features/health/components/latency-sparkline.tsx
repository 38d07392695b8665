import { Box, Text } from '@mantine/core';
import { useId } from 'react';
import { plural } from '@/lib/format';
import { formatLatency } from './health-format';
import { sparklineGeometry } from './sparkline-path';

const HEIGHT = 44;
/** recharts' chart margin, which the sparkline kept: the line's ends and peaks are not cut off. */
const MARGIN = 5;
/** The path's own width; the SVG stretches it to the tile, and the stroke keeps its width. */
const WIDTH = 100;

/** Recent check times as a small line; gaps are checks that got no answer. `color` is a CSS colour. */
export function LatencySparkline({ values, color }: { values: (number | null)[]; color: string }) {
  const gradient = useId();
  const answered = values.filter((v): v is number => v !== null);
  if (answered.length < 2) {
    return (
      <Box h={HEIGHT} display="flex" style={{ alignItems: 'center' }}>
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
  const { runs } = sparklineGeometry(values, WIDTH, HEIGHT - 2 * MARGIN);
  return (
    <Box role="img" aria-label={label} title={label} h={HEIGHT} py={MARGIN} px={MARGIN}>
      <svg width="100%" height="100%" viewBox={`0 0 ${WIDTH} ${HEIGHT - 2 * MARGIN}`} preserveAspectRatio="none" overflow="visible" aria-hidden>
        <defs>
          <linearGradient id={gradient} x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor={color} stopOpacity={0.25} />
            <stop offset="100%" stopColor={color} stopOpacity={0.01} />
          </linearGradient>
        </defs>
        <path d={runs.map((run) => run.area).join('')} fill={`url(#${gradient})`} stroke="none" />
        <path d={runs.map((run) => run.line).join('')} fill="none" stroke={color} strokeWidth={1.75} vectorEffect="non-scaling-stroke" />
      </svg>
    </Box>
  );
}
