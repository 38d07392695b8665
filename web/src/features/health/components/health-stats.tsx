import { Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { HealthRow } from '@keyway/shared';
import { ReachableTooltip } from '@/components/reachable-tooltip';
import { formatDateTime, plural } from '@/lib/format';
import { formatAgo, formatLatency, formatUntil, formatUptime, uptimeColor } from './health-format';

function Figure({ caption, value, color, help }: { caption: string; value: string; color?: string; help?: string }) {
  const figure = (
    <Stack gap={0} miw={0} tabIndex={help ? 0 : undefined} style={{ borderRadius: 'var(--mantine-radius-xs)' }}>
      <Text size="lg" fw={700} c={color} lh={1.25} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
        {value}
      </Text>
      <Text size="xs" c="dimmed" lh={1.2} style={{ whiteSpace: 'nowrap' }}>
        {caption}
      </Text>
    </Stack>
  );
  return help ? <ReachableTooltip label={help}>{figure}</ReachableTooltip> : figure;
}

function FigureGroup({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap={4} miw={0}>
      <Text size="xs" fw={650} c="dimmed">
        {title}
      </Text>
      {/* Wraps rather than overlaps when the values are long ("No data"). */}
      <Group gap="md" wrap="wrap" align="flex-start" style={{ rowGap: 4 }}>
        {children}
      </Group>
    </Stack>
  );
}

const uptimeTone = (share: number | null) => {
  const c = uptimeColor(share);
  return c === 'gray' ? 'dimmed' : `${c}.9`;
};

/**
 * Uptime and check time: two pairs of numbers a person can compare at a glance, each saying what
 * it is over. `withHelp` adds the explanations as tooltips; the dashboard's tiles leave them out,
 * since a focusable figure per number would add dozens of Tab stops to the page.
 */
export function HealthFigures({ row, withHelp = false }: { row: HealthRow; withHelp?: boolean }) {
  const help = (text: string) => (withHelp ? text : undefined);
  // Over the recent checks the sparkline draws, so the figures and the line beside them agree.
  const answered = row.recentLatencyMs.filter((ms) => ms !== null).length;
  const over = answered === 0 ? 'recent checks' : `last ${plural(answered, 'check')}`;
  return (
    <SimpleGrid cols={2} spacing="md">
      <FigureGroup title="Uptime">
        <Figure caption="24 h" value={formatUptime(row.uptime24h)} color={uptimeTone(row.uptime24h)} help={help('Uptime over the last 24 hours: the share of checks that found the connection healthy.')} />
        <Figure caption="7 d" value={formatUptime(row.uptime7d)} color={uptimeTone(row.uptime7d)} help={help('Uptime over the last 7 days: the share of checks that found the connection healthy.')} />
      </FigureGroup>
      <FigureGroup title={`Check time, ${over}`}>
        <Figure caption="typical" value={formatLatency(row.p50Ms)} help={help(`Typical check time (p50): half of the ${over} that got an answer took this long or less (token + API call).`)} />
        <Figure caption="slow (p95)" value={formatLatency(row.p95Ms)} help={help(`Slow check time (p95): 95 of 100 of the ${over} that got an answer took this long or less (token + API call).`)} />
      </FigureGroup>
    </SimpleGrid>
  );
}

/**
 * A relative time; with `exact`, a tooltip that the keyboard reaches too: the exact time, or
 * `explain` when the time needs more than that.
 */
function When(props: { iso: string; text: string; exact: boolean; color?: string; explain?: string }) {
  const { iso, text, exact, color = 'dark.6', explain } = props;
  const time = (
    <Text span size="sm" fw={600} c={color} component="time" dateTime={iso} tabIndex={exact ? 0 : undefined}>
      {text}
    </Text>
  );
  return exact ? <ReachableTooltip label={explain ?? formatDateTime(iso)}>{time}</ReachableTooltip> : time;
}

/** "Last success 3 min ago"; `exact` adds the exact time as a tooltip. */
export function TimeAgo(props: { label: string; iso: string | null; now?: number; emptyColor?: string; exact?: boolean }) {
  const { label, iso, now, emptyColor, exact = false } = props;
  return (
    <Text size="sm" c="dimmed" span>
      {label}{' '}
      {iso ? (
        <When iso={iso} text={formatAgo(iso, now)} exact={exact} />
      ) : (
        <Text span size="sm" fw={600} c={emptyColor ?? 'dark.6'}>
          {formatAgo(iso, now)}
        </Text>
      )}
    </Text>
  );
}

/**
 * When the scheduler checks next. While the circuit breaker holds a dead endpoint off, it says so:
 * a failing tile whose last check looks old is waiting on purpose. `exact` adds exact times and
 * what an open circuit means as tooltips.
 */
export function NextCheck({ row, now, exact = false }: { row: HealthRow; now?: number; exact?: boolean }) {
  if (row.circuitOpenUntil) {
    return (
      <Text size="sm" c="orange.9" span>
        Circuit open: next try{' '}
        <When
          iso={row.circuitOpenUntil}
          text={formatUntil(row.circuitOpenUntil, now)}
          exact={exact}
          color="orange.9"
          explain={`No scheduled check touches the endpoint before ${formatDateTime(row.circuitOpenUntil)}; Run check now tries at once.`}
        />
      </Text>
    );
  }
  if (!row.nextCheckAt) return null;
  return (
    <Text size="sm" c="dimmed" span>
      Next check <When iso={row.nextCheckAt} text={formatUntil(row.nextCheckAt, now)} exact={exact} />
    </Text>
  );
}
