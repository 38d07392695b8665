import { Group, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconCircleCheck, IconCircleDashed, IconCircleX } from '@tabler/icons-react';
import type { DataSource } from '@keyway/shared';
import { formatDateTime } from '@/lib/format';

const LOOKS = {
  untested: { color: 'gray', word: 'Not tested', Icon: IconCircleDashed },
  ok: { color: 'green', word: 'Working', Icon: IconCircleCheck },
  failed: { color: 'red', word: 'Failing', Icon: IconCircleX },
} as const;

/** Status from the last test: icon, word and colour together, never colour alone. */
export function StatusBadge({ lastTest }: { lastTest: DataSource['lastTest'] }) {
  const look = LOOKS[!lastTest ? 'untested' : lastTest.ok ? 'ok' : 'failed'];
  const status = (
    <Group gap={6} wrap="nowrap" display="inline-flex">
      <ThemeIcon size={20} radius="xl" variant="light" color={look.color} aria-hidden>
        <look.Icon size={14} />
      </ThemeIcon>
      <Text size="sm" fw={600} c={`${look.color}.8`} style={{ whiteSpace: 'nowrap' }}>
        {look.word}
      </Text>
    </Group>
  );
  if (!lastTest) return status;
  return (
    <Tooltip label={`${lastTest.message} (${formatDateTime(lastTest.testedAt)})`} multiline maw={320}>
      {status}
    </Tooltip>
  );
}
