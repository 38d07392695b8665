import { Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  icon: ReactNode;
  title: string;
  children: ReactNode;
  action?: ReactNode;
  /** The title's heading level: 1 where the empty state is the whole page, else below its section's heading. */
  order?: 1 | 2 | 3 | 4;
}

export function EmptyState({ icon, title, children, action, order = 3 }: EmptyStateProps) {
  return (
    <Stack align="center" gap="xs" py={48} px="md">
      <ThemeIcon size={56} radius="xl" variant="light" aria-hidden>
        {icon}
      </ThemeIcon>
      <Title order={order} size="h4" ta="center">
        {title}
      </Title>
      <Text c="dimmed" ta="center" size="sm" maw={440}>
        {children}
      </Text>
      {action}
    </Stack>
  );
}
