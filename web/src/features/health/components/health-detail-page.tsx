import { Anchor, Box, Breadcrumbs, Button, Center, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlayerPause, IconPlayerPlay, IconRefresh } from '@tabler/icons-react';
import { useRef } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { HealthRangeSchema, showHiddenCharacters, type HealthRange, type HealthRow } from '@keyway/shared';
import { DisplayText, DisplayTextWarnings } from '@/components/display-text';
import { ErrorState } from '@/components/error-state';
import { useRefocusWhenDone } from '@/lib/focus';
import { errorMessage } from '@/lib/form-errors';
import { paths } from '@/lib/paths';
import { useCan } from '@/lib/session';
import { useFolders } from '@/lib/folders';
import { useHealthDetail } from '../api/get-health-detail';
import { usePauseChecks } from '../api/pause-checks';
import { useResumeChecks } from '../api/resume-checks';
import { useRunCheck } from '../api/run-check';
import { CheckIntervalForm } from './check-interval-form';
import { formatInterval } from './health-format';
import { HealthFigures, NextCheck, TimeAgo } from './health-stats';
import { checksPaused, isHealthy, STATE_LOOKS } from '@/components/health-state';
import { HealthStateBadge } from '@/components/health-state-badge';
import { HealthTimeline } from './health-timeline';
import { LastError } from './last-error';
import { LatencyChart } from './latency-chart';

function HealthBreadcrumbs({ current }: { current: string }) {
  return (
    <nav aria-label="Breadcrumb">
      <Breadcrumbs separatorMargin={6} fz="sm">
        <Anchor component={Link} to={paths.health()} size="sm">
          Health
        </Anchor>
        <Text size="sm" truncate maw={280} aria-current="page">
          {current}
        </Text>
      </Breadcrumbs>
    </nav>
  );
}

function Actions({ row }: { row: HealthRow }) {
  const runCheck = useRunCheck();
  const pause = usePauseChecks();
  const resume = useResumeChecks();
  const paused = checksPaused(row.state);
  const canTest = useCan('datasources.test');
  const canOperate = useCan('health.operate');
  const failed = (title: string) => (error: unknown) => notifications.show({ color: 'red', title, message: errorMessage(error) });
  const runButton = useRef<HTMLButtonElement>(null);
  useRefocusWhenDone(runCheck.isPending, runButton);

  return (
    <Group gap="xs">
      {canTest && (
      <Button
        ref={runButton}
        leftSection={<IconRefresh size={18} />}
        loading={runCheck.isPending}
        onClick={() =>
          runCheck.mutate(row.dataSourceId, {
            onSuccess: (checked) =>
              notifications.show({
                color: STATE_LOOKS[checked.state].color,
                title: `Check finished: ${STATE_LOOKS[checked.state].word}`,
                message: checked.lastError && !isHealthy(checked.state) ? checked.lastError.message : showHiddenCharacters(checked.title),
              }),
            onError: failed('Could not run the check'),
          })
        }
      >
        Run check now
      </Button>
      )}
      {!canOperate ? null : paused ? (
        <Button
          variant="default"
          leftSection={<IconPlayerPlay size={18} />}
          loading={resume.isPending}
          onClick={() => resume.mutate(row.dataSourceId, { onError: failed('Could not resume checks') })}
        >
          Resume
        </Button>
      ) : (
        <Button
          variant="default"
          leftSection={<IconPlayerPause size={18} />}
          loading={pause.isPending}
          onClick={() => pause.mutate(row.dataSourceId, { onError: failed('Could not pause checks') })}
        >
          Pause
        </Button>
      )}
    </Group>
  );
}

/** One data source's health: state, actions, schedule, chart and history. Range lives in the address (?range=). */
export function HealthDetailPage() {
  const { dataSourceId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const parsedRange = HealthRangeSchema.safeParse(params.get('range'));
  const range: HealthRange = parsedRange.success ? parsedRange.data : '24h';
  const detail = useHealthDetail(dataSourceId, range);
  const folders = useFolders();
  const canOperate = useCan('health.operate');
  const canEdit = useCan('datasources.write');

  if (detail.isPending) {
    return (
      <Center py="xl">
        <Loader role="status" aria-label="Loading the data source's health" />
      </Center>
    );
  }
  if (detail.isError && !detail.data) {
    return (
      <Stack gap="md">
        <HealthBreadcrumbs current="Data source" />
        <ErrorState title="The data source's health could not be loaded" error={detail.error} onRetry={() => detail.refetch()} order={1} />
      </Stack>
    );
  }

  const { row } = detail.data;
  const now = detail.dataUpdatedAt;
  const folder = folders.data?.find((f) => f.id === row.folderId);
  const unwell = row.state === 'failing' || row.state === 'degraded';
  const setRange = (next: HealthRange) =>
    setParams(
      (current) => {
        const p = new URLSearchParams(current);
        if (next === '24h') p.delete('range');
        else p.set('range', next);
        return p;
      },
      { replace: true },
    );

  return (
    <Stack gap="lg">
      <HealthBreadcrumbs current={showHiddenCharacters(row.title)} />

      <Paper withBorder radius="md" p="md">
        <Stack gap="md">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
            <Stack gap={4} style={{ minWidth: 0, flex: '1 1 320px' }}>
              <Group gap="sm" wrap="wrap" align="center">
                <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
                  <DisplayText text={row.title} />
                </Title>
                <HealthStateBadge state={row.state} size="md" />
                <DisplayTextWarnings text={row.title} />
              </Group>
              <Text size="sm" c="dimmed">
                Folder{' '}
                <Text span size="sm" fw={600} c="dark.6">
                  <DisplayText text={row.folderTitle} />
                </Text>
                {' · '}
                {checksPaused(row.state) ? 'Checks paused' : `Checked every ${formatInterval(row.intervalSeconds)}`}
                {folder && canEdit && (
                  <>
                    {' · '}
                    <Anchor component={Link} to={paths.editDataSource(folder.name, row.dataSourceId)} size="sm">
                      <IconPencil size={14} style={{ verticalAlign: -2 }} aria-hidden /> Edit data source
                    </Anchor>
                  </>
                )}
              </Text>
              <Text size="sm">
                {STATE_LOOKS[row.state].word} <TimeAgo label="since" iso={row.stateChangedAt} now={now} exact />
                {/* The error box below says it in full. */}
                {row.stateReason && !(unwell && row.lastError) ? `: ${row.stateReason}` : ''}
              </Text>
            </Stack>
            <Actions row={row} />
          </Group>

          <Group gap="xl" align="flex-end" wrap="wrap" style={{ rowGap: 'var(--mantine-spacing-sm)' }}>
            <Box w={{ base: '100%', xs: 420 }}>
              <HealthFigures row={row} withHelp />
            </Box>
            <Stack gap={2}>
              <TimeAgo label="Last success" iso={row.lastSuccessAt} now={now} emptyColor={row.lastCheckAt ? 'red.9' : undefined} exact />
              <TimeAgo label="Last check" iso={row.lastCheckAt} now={now} exact />
              <NextCheck row={row} now={now} exact />
            </Stack>
          </Group>
          {row.lastError && <LastError error={row.lastError} muted={!unwell} />}
        </Stack>
      </Paper>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: canOperate ? 8 : 12 }}>
          <LatencyChart points={detail.data.latency} stats={detail.data.stats} exact={detail.data.latencyExact} range={range} onRange={setRange} loading={detail.isPlaceholderData} now={now} />
        </Grid.Col>
        {canOperate && (
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <CheckIntervalForm row={row} />
          </Grid.Col>
        )}
      </Grid>

      <HealthTimeline checks={detail.data.checks} changes={detail.data.events} now={now} />
    </Stack>
  );
}
