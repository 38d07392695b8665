import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '@/lib/document-title';
import { Logo } from './logo';

/** The centred card that sign-in and first-run setup share: the page's main landmark, with its title as the h1. */
export function AuthCard({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  useDocumentTitle(title);
  return (
    <Center component="main" mih="100vh" p="md" bg="gray.0">
      <Stack w="100%" maw={420} gap="lg">
        <Group justify="center">
          <Logo size="lg" />
        </Group>
        <Paper withBorder shadow="sm" radius="md" p="xl">
          <Stack gap="md">
            <div>
              <Title order={1} size="h3">
                {title}
              </Title>
              <Text c="dimmed" size="sm" mt={4}>
                {description}
              </Text>
            </div>
            {children}
          </Stack>
        </Paper>
      </Stack>
    </Center>
  );
}
