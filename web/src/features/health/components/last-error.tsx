import { Box, Group, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconBulb } from '@tabler/icons-react';
import type { HealthError } from '@keyway/shared';

const STEP_WORDS: Record<HealthError['step'], string> = {
  token: 'Getting an access token failed',
  api: 'Calling the API failed',
};

/**
 * The last error in plain words, the provider's own code verbatim beside it, and what to do about
 * it. `muted` when the data source has recovered since.
 */
export function LastError({ error, muted = false, compact = false }: { error: HealthError; muted?: boolean; compact?: boolean }) {
  const tone = muted ? 'gray' : 'red';
  const details = [error.error, error.httpStatus ? `HTTP ${error.httpStatus}` : ''].filter(Boolean).join(' · ');
  return (
    <Box
      p="sm"
      bg={`var(--mantine-color-${tone}-0)`}
      bd={`1px solid var(--mantine-color-${tone}-2)`}
      style={{ borderRadius: 'var(--mantine-radius-md)' }}
    >
      <Stack gap={6}>
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconAlertCircle size={18} color={`var(--mantine-color-${tone}-7)`} style={{ flexShrink: 0, marginTop: 1 }} aria-hidden />
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={650} c={`${tone}.9`}>
              {muted ? `Last error: ${STEP_WORDS[error.step].charAt(0).toLowerCase()}${STEP_WORDS[error.step].slice(1)}` : STEP_WORDS[error.step]}
            </Text>
            <Text size="sm" lineClamp={compact ? 3 : undefined} style={{ overflowWrap: 'anywhere' }}>
              {error.message}
            </Text>
            {details && (
              <Text size="xs" c="dimmed" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                {details}
              </Text>
            )}
          </div>
        </Group>
        {error.hint && (
          <Group gap={6} wrap="nowrap" align="flex-start">
            <IconBulb size={18} color="var(--mantine-color-yellow-8)" style={{ flexShrink: 0, marginTop: 1 }} aria-hidden />
            <Text size="sm" lineClamp={compact ? 4 : undefined}>
              <Text span fw={650} size="sm">
                What to do:{' '}
              </Text>
              {error.hint}
            </Text>
          </Group>
        )}
      </Stack>
    </Box>
  );
}
