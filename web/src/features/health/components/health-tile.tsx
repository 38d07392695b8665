import { Anchor, Divider, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { showHiddenCharacters, type HealthRow } from '@keyway/shared';
import { DisplayText, DisplayTextWarnings } from '@/components/display-text';
import { paths } from '@/lib/paths';
import { formatInterval } from './health-format';
import { HealthFigures, NextCheck, TimeAgo } from './health-stats';
import { checksPaused, STATE_LOOKS } from '@/components/health-state';
import { HealthStateBadge } from '@/components/health-state-badge';
import { LastError } from './last-error';
import { LatencySparkline } from './latency-sparkline';

/**
 * One data source on the dashboard: an article named by its title, so a person or a test finds it
 * by name. It shows no tooltips: the detail page has the exact times and the explanations.
 */
export function HealthTile({ row, now }: { row: HealthRow; now: number }) {
  const look = STATE_LOOKS[row.state];
  const unwell = row.state === 'failing' || row.state === 'degraded';
  return (
    <Paper
      component="article"
      aria-label={showHiddenCharacters(row.title)}
      data-state={row.state}
      withBorder
      radius="md"
      p="md"
      h="100%"
      style={{ borderLeft: `4px solid var(--mantine-color-${look.color}-${look.color === 'gray' ? 4 : 6})` }}
    >
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <div style={{ minWidth: 0 }}>
            {/* A heading per tile: a screen reader's heading list is the list of data sources. */}
            <Title order={2} fz="md" fw={650} lh={1.4} lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
              <Anchor component={Link} to={paths.healthDetail(row.dataSourceId)} inherit>
                <DisplayText text={row.title} />
              </Anchor>
            </Title>
            <DisplayTextWarnings text={row.title} />
            <Text size="xs" c="dimmed" truncate>
              <DisplayText text={row.folderTitle} /> · {checksPaused(row.state) ? 'checks paused' : `checked every ${formatInterval(row.intervalSeconds)}`}
            </Text>
          </div>
          <HealthStateBadge state={row.state} />
        </Group>

        <HealthFigures row={row} />

        <div>
          <Text size="xs" c="dimmed" mb={2}>
            Recent check times
          </Text>
          <LatencySparkline values={row.recentLatencyMs} color={`var(--mantine-color-${look.color}-6)`} />
        </div>

        <Group gap="md" wrap="wrap" style={{ rowGap: 2 }}>
          <TimeAgo label="Last success" iso={row.lastSuccessAt} now={now} emptyColor={row.lastCheckAt ? 'red.9' : undefined} />
          <TimeAgo label="Last check" iso={row.lastCheckAt} now={now} />
          <NextCheck row={row} now={now} />
        </Group>

        {row.lastError && (unwell || row.state === 'initializing') && (
          <>
            <Divider />
            <LastError error={row.lastError} compact />
          </>
        )}
        {!row.lastError && unwell && row.stateReason && (
          <Text size="sm" c={`${look.color}.9`}>
            {row.stateReason}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

export function HealthTileSkeleton() {
  return (
    <Paper withBorder radius="md" p="md" aria-hidden>
      <Stack gap="sm">
        <Group justify="space-between">
          <Skeleton h={18} w="55%" />
          <Skeleton h={20} w={80} radius="xl" />
        </Group>
        <Skeleton h={10} w="35%" />
        <Group grow>
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} h={34} />
          ))}
        </Group>
        <Skeleton h={44} />
        <Skeleton h={12} w="70%" />
      </Stack>
    </Paper>
  );
}
