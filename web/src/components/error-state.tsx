import { Button, Center, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { errorMessage } from '@/lib/form-errors';

/** `order` is the title's heading level: 1 where the error replaces the whole page. */
export function ErrorState({ title, error, onRetry, order = 3 }: { title: string; error: unknown; onRetry?: () => void; order?: 1 | 2 | 3 }) {
  return (
    <Center py="xl" px="md">
      <Stack align="center" gap="xs" maw={420}>
        <ThemeIcon size={48} radius="xl" color="red" variant="light" aria-hidden>
          <IconPlugConnectedX size={28} />
        </ThemeIcon>
        <Title order={order} size="h4" ta="center">
          {title}
        </Title>
        <Text c="dimmed" ta="center" size="sm">
          {errorMessage(error)}
        </Text>
        {onRetry && (
          <Button variant="light" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Center>
  );
}
