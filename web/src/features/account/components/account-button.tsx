import { Badge, Group, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconUserCircle } from '@tabler/icons-react';
import type { ComponentPropsWithRef } from 'react';
import { ROLE_LABELS, type User } from '@keyway/shared';

/** The account menu's button: who is signed in, with which role. */
export function AccountButton({ user, ...props }: { user: User } & ComponentPropsWithRef<'button'>) {
  return (
    // The name starts with the words shown (WCAG 2.5.3), and keeps them where narrow screens hide them.
    <UnstyledButton
      {...props}
      aria-label={`${user.email}, ${ROLE_LABELS[user.role]}, account menu`}
      px={6}
      py={4}
      style={{ borderRadius: 'var(--mantine-radius-sm)' }}
    >
      <Group gap={8} wrap="nowrap">
        <IconUserCircle size={20} color="var(--mantine-color-gray-7)" aria-hidden />
        <Text size="sm" c="dimmed" visibleFrom="sm" truncate maw={240}>
          {user.email}
        </Text>
        {/* A space in the text content, else the email and role run together as one word ("testAdministrator") in the visible text that checkers compare with the name. */}{' '}
        <Badge variant="light" color="gray" tt="none" visibleFrom="xs">
          {ROLE_LABELS[user.role]}
        </Badge>
        <IconChevronDown size={14} color="var(--mantine-color-gray-6)" aria-hidden />
      </Group>
    </UnstyledButton>
  );
}
