import { Box, Stack, Text, Tooltip } from '@mantine/core';
import type { DataSource } from '@keyway/shared';
import { HealthStateBadge } from '@/components/health-state-badge';
import { formatDateTime, formatRelative } from '@/lib/format';

/**
 * A data source's health in the same words as the Health dashboard (from the scheduled checks),
 * and under it, as secondary detail, when someone last ran Test Connection.
 */
export function DataSourceHealth({ dataSource: ds, now }: { dataSource: DataSource; now?: number }) {
  return (
    <Stack gap={2} align="flex-start">
      <Tooltip label={ds.health.reason} disabled={!ds.health.reason} multiline maw={320}>
        {/* A Tooltip needs an element to hold its ref; the badge is a component. */}
        <Box component="span" display="inline-flex">
          <HealthStateBadge state={ds.health.state} />
        </Box>
      </Tooltip>
      {ds.lastTest ? (
        <Tooltip label={`${ds.lastTest.message} (${formatDateTime(ds.lastTest.testedAt)})`} multiline maw={320}>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            Tested {formatRelative(ds.lastTest.testedAt, now)}
          </Text>
        </Tooltip>
      ) : (
        <Text size="xs" c="dimmed">
          Never tested
        </Text>
      )}
    </Stack>
  );
}
