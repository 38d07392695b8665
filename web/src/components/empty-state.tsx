import { Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function EmptyState({ icon, title, children, action }: { icon: ReactNode; title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Stack align="center" gap="xs" py={48} px="md">
      <ThemeIcon size={56} radius="xl" variant="light">
        {icon}
      </ThemeIcon>
      <Title order={3} size="h4" ta="center">
        {title}
      </Title>
      <Text c="dimmed" ta="center" size="sm" maw={440}>
        {children}
      </Text>
      {action}
    </Stack>
  );
}
