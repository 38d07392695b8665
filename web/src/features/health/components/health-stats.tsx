import { Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import type { HealthRow } from '@keyway/shared';
import { formatDateTime } from '@/lib/format';
import { formatAgo, formatLatency, formatUntil, formatUptime, uptimeColor } from './health-format';

function Figure({ caption, value, color, help }: { caption: string; value: string; color?: string; help: string }) {
  return (
    <Tooltip label={help} multiline maw={260} openDelay={300}>
      <Stack gap={0} miw={0}>
        <Text size="lg" fw={700} c={color} lh={1.25} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          {value}
        </Text>
        <Text size="xs" c="dimmed" lh={1.2}>
          {caption}
        </Text>
      </Stack>
    </Tooltip>
  );
}

function FigureGroup({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap={4} miw={0}>
      <Text size="xs" fw={650} c="dimmed" tt="uppercase" style={{ letterSpacing: 0.3 }}>
        {title}
      </Text>
      <Group gap="md" wrap="nowrap" align="flex-start">
        {children}
      </Group>
    </Stack>
  );
}

const uptimeTone = (share: number | null) => {
  const c = uptimeColor(share);
  return c === 'gray' ? 'dimmed' : `${c}.9`;
};

/** Uptime and check time: two pairs of numbers a person can compare at a glance, explained in tooltips. */
export function HealthFigures({ row }: { row: HealthRow }) {
  return (
    <SimpleGrid cols={2} spacing="md">
      <FigureGroup title="Uptime">
        <Figure caption="24 h" value={formatUptime(row.uptime24h)} color={uptimeTone(row.uptime24h)} help="Uptime over 24 hours: the share of checks that found the connection healthy." />
        <Figure caption="7 d" value={formatUptime(row.uptime7d)} color={uptimeTone(row.uptime7d)} help="Uptime over 7 days: the share of checks that found the connection healthy." />
      </FigureGroup>
      <FigureGroup title="Check time">
        <Figure caption="typical" value={formatLatency(row.p50Ms)} help="Typical check time (p50): half of the checks in the last 24 hours took less (token + API call)." />
        <Figure caption="slow (p95)" value={formatLatency(row.p95Ms)} help="Slow check time (p95): 95 of 100 checks in the last 24 hours took less (token + API call)." />
      </FigureGroup>
    </SimpleGrid>
  );
}

/** "Last success 3 min ago", with the exact time in a tooltip. */
export function TimeAgo({ label, iso, now, emptyColor }: { label: string; iso: string | null; now?: number; emptyColor?: string }) {
  const value = formatAgo(iso, now);
  return (
    <Text size="sm" c="dimmed" span>
      {label}{' '}
      {iso ? (
        <Tooltip label={formatDateTime(iso)}>
          <Text span size="sm" fw={600} c="dark.6">
            {value}
          </Text>
        </Tooltip>
      ) : (
        <Text span size="sm" fw={600} c={emptyColor ?? 'dark.6'}>
          {value}
        </Text>
      )}
    </Text>
  );
}

/**
 * When the scheduler checks next. While the circuit breaker holds a dead endpoint off, it says so:
 * a failing tile whose last check looks old is waiting on purpose.
 */
export function NextCheck({ row, now }: { row: HealthRow; now?: number }) {
  if (row.circuitOpenUntil) {
    return (
      <Tooltip label={`No scheduled check touches the endpoint before ${formatDateTime(row.circuitOpenUntil)}; Run check now tries at once.`} multiline maw={280}>
        <Text size="sm" c="orange.9" span>
          Circuit open: next try{' '}
          <Text span size="sm" fw={600}>
            {formatUntil(row.circuitOpenUntil, now)}
          </Text>
        </Text>
      </Tooltip>
    );
  }
  if (!row.nextCheckAt) return null;
  return (
    <Text size="sm" c="dimmed" span>
      Next check{' '}
      <Tooltip label={formatDateTime(row.nextCheckAt)}>
        <Text span size="sm" fw={600} c="dark.6">
          {formatUntil(row.nextCheckAt, now)}
        </Text>
      </Tooltip>
    </Text>
  );
}
