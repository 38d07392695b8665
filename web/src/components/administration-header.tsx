import { Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The head of an Administration page: where it is, its title, what it is for, and its main action. */
export function AdministrationHeader({ title, description, action }: { title: string; description: ReactNode; action: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end">
      <div>
        <Text size="sm" c="dimmed">
          Administration
        </Text>
        <Title order={1} size="h2">
          {title}
        </Title>
        <Text size="sm" c="dimmed" maw={640}>
          {description}
        </Text>
      </div>
      {action}
    </Group>
  );
}
