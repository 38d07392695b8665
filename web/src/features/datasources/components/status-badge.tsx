import { Badge, Tooltip } from '@mantine/core';
import { IconCircleCheck, IconCircleDashed, IconCircleX } from '@tabler/icons-react';
import type { DataSource } from '@keyway/shared';
import { formatDateTime } from '@/lib/format';

/** Status from the last test: icon, word and colour together, never colour alone. */
export function StatusBadge({ lastTest }: { lastTest: DataSource['lastTest'] }) {
  if (!lastTest) {
    return (
      <Badge tt="none" style={{ overflow: 'visible' }} variant="light" color="gray" leftSection={<IconCircleDashed size={14} />}>
        Not tested
      </Badge>
    );
  }
  const badge = lastTest.ok ? (
    <Badge tt="none" style={{ overflow: 'visible' }} variant="light" color="green" leftSection={<IconCircleCheck size={14} />}>
      Working
    </Badge>
  ) : (
    <Badge tt="none" style={{ overflow: 'visible' }} variant="light" color="red" leftSection={<IconCircleX size={14} />}>
      Failing
    </Badge>
  );
  return (
    <Tooltip label={`${lastTest.message} (${formatDateTime(lastTest.testedAt)})`} multiline maw={320}>
      {badge}
    </Tooltip>
  );
}
