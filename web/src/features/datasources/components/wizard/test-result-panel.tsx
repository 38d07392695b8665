import { Alert, Code, Group, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconPlugConnected, IconPlugConnectedX } from '@tabler/icons-react';
import { Breakable } from '@/components/breakable';
import type { ConnectionTestResult } from '@keyway/shared';
import { formatDateTime, formatDuration } from '@/lib/format';

const STEP_LABELS = { token: 'Token request', api: 'API call' } as const;

/** What Test Connection found: the token's facts (never the token), each step's status and time, or the failure with a hint. */
export function TestResultPanel({ result, stale }: { result: ConnectionTestResult; stale: boolean }) {
  const failure = result.failure;
  return (
    <Stack gap="sm" aria-live="polite">
      {result.ok ? (
        <Alert color="green" icon={<IconPlugConnected />} title="Connection successful">
          {stale ? 'Values changed since this test. Test again before saving.' : 'The token request and the API call both succeeded.'}
        </Alert>
      ) : (
        <Alert color="red" icon={<IconPlugConnectedX />} title="Connection failed" role="alert">
          <Stack gap={6}>
            <Text size="sm">{failure?.message}</Text>
            {(failure?.httpStatus || failure?.error) && (
              <Group gap="xs">
                {failure.httpStatus && <Code>HTTP {failure.httpStatus}</Code>}
                {failure.error && <Code>{failure.error}</Code>}
              </Group>
            )}
            {failure?.errorDescription && (
              <Text size="sm">
                Provider said: <Code>{failure.errorDescription}</Code>
              </Text>
            )}
            {failure?.hint && (
              <Text size="sm" fw={500}>
                What to do: <Text span fw={400}>{failure.hint}</Text>
              </Text>
            )}
          </Stack>
        </Alert>
      )}

      {result.token && (
        <Table variant="vertical" layout="fixed" withTableBorder fz="sm" aria-label="Token details">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={140}>Token type</Table.Th>
              <Table.Td>{result.token.tokenType}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Scope</Table.Th>
              <Table.Td>{result.token.scope || '—'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Instance URL</Table.Th>
              <Table.Td style={{ wordBreak: 'break-all' }}>{result.token.instanceUrl || '—'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Issued at</Table.Th>
              <Table.Td>{result.token.issuedAt ? formatDateTime(result.token.issuedAt) : '—'}</Table.Td>
            </Table.Tr>
            {result.token.expiresInSeconds !== undefined && (
              <Table.Tr>
                <Table.Th>Expires in</Table.Th>
                <Table.Td>{result.token.expiresInSeconds} s</Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      )}

      <Table.ScrollContainer minWidth={480}>
        <Table withTableBorder fz="sm" aria-label="Test steps">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Step</Table.Th>
              <Table.Th>Request</Table.Th>
              <Table.Th>HTTP status</Table.Th>
              <Table.Th>Time</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.steps.map((step) => (
              <Table.Tr key={step.name}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <ThemeIcon size="sm" radius="xl" variant="light" color={step.ok ? 'green' : 'red'}>
                      {step.ok ? <IconCircleCheck size={14} /> : <IconCircleX size={14} />}
                    </ThemeIcon>
                    {STEP_LABELS[step.name]}
                  </Group>
                </Table.Td>
                <Table.Td style={{ overflowWrap: 'break-word' }}>
                  <Code>{step.method}</Code> <Breakable kind="address" text={step.url} />
                </Table.Td>
                <Table.Td>{step.httpStatus ?? 'no answer'}</Table.Td>
                <Table.Td>{formatDuration(step.durationMs)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
