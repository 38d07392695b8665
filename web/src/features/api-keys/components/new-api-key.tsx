import { Alert, Button, Code, CopyButton, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { ROLE_LABELS, type ApiKeyCreated } from '@keyway/shared';

/**
 * The new key, shown this once: Keyway keeps only its hash, so the dialog says so before anything
 * else and offers a copy button beside the key. The key wraps anywhere (it has no words), so it
 * fits a phone's width whole, and it is selectable for those who copy by hand.
 */
export function NewApiKey({ created, onDone }: { created: ApiKeyCreated; onDone: () => void }) {
  const { apiKey, key } = created;
  return (
    <Stack gap="sm">
      <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Copy the key now: it is shown only this once">
        Keyway keeps only a hash of it and cannot show it again. If it is lost, revoke it and create another.
      </Alert>
      <Text size="sm">
        <Text span fw={600}>
          {apiKey.name}
        </Text>{' '}
        ({ROLE_LABELS[apiKey.role]}
        {apiKey.expiresAt ? '' : ', never expires'})
      </Text>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="new-api-key-label">
          API key
        </Text>
        <Code block aria-labelledby="new-api-key-label" data-testid="new-api-key" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', userSelect: 'all' }}>
          {key}
        </Code>
      </Stack>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <CopyButton value={key} timeout={4000}>
          {({ copied, copy }) => (
            <>
              <Button variant={copied ? 'light' : 'filled'} color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy}>
                {copied ? 'Copied' : 'Copy key'}
              </Button>
              <VisuallyHidden aria-live="polite">{copied ? 'The key is on the clipboard.' : ''}</VisuallyHidden>
            </>
          )}
        </CopyButton>
        <Button variant="default" onClick={onDone}>
          Done
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Programs send it in every request to <Code>/api/v1</Code> as <Code>Authorization: Bearer {apiKey.prefix}_…</Code>. The list shows it by its start,{' '}
        <Code>{apiKey.prefix}</Code>.
      </Text>
    </Stack>
  );
}
