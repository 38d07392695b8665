import { Group, Text } from '@mantine/core';
import { IconCircleCheck, IconCircleOff, IconClockOff } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { API_KEY_STATUS_LABELS, type ApiKeyStatus } from '@keyway/shared';

const ICONS = {
  active: <IconCircleCheck size={16} color="var(--mantine-color-green-7)" aria-hidden />,
  expired: <IconClockOff size={16} color="var(--mantine-color-orange-8)" aria-hidden />,
  revoked: <IconCircleOff size={16} color="var(--mantine-color-red-7)" aria-hidden />,
} satisfies Record<ApiKeyStatus, ReactNode>;

/** Whether the key works now, in words and with an icon, never by colour alone. */
export function ApiKeyStatusLabel({ status }: { status: ApiKeyStatus }) {
  return (
    <Group gap={6} wrap="nowrap" data-status={status}>
      {ICONS[status]}
      <Text size="sm" c={status === 'active' ? undefined : status === 'revoked' ? 'red.8' : 'orange.9'}>
        {API_KEY_STATUS_LABELS[status]}
      </Text>
    </Group>
  );
}
