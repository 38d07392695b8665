import { Button, Code, Group, Paper, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconKeyOff } from '@tabler/icons-react';
import { apiKeyStatus, type ApiKey } from '@keyway/shared';
import { Breakable } from '@/components/breakable';
import { RoleBadge } from '@/components/role-badge';
import { formatDateTime, formatRelative } from '@/lib/format';
import { ApiKeyStatusLabel } from './api-key-status';

interface ApiKeyListProps {
  apiKeys: ApiKey[];
  /** One card per key below the breakpoint; a table above it. */
  narrow: boolean;
  onRevoke: (apiKey: ApiKey) => void;
  /** Which key's revoke is on its way. */
  revoking?: string;
  /** The time statuses and "3 days ago" are counted from; now unless given (tests). */
  now?: number;
}

/** A time as "3 days ago" or "in 2 months" with the exact time in a tooltip; `none` when there is none. */
function When({ iso, none, now, size = 'sm' }: { iso: string | null; none: string; now?: number; size?: 'sm' | 'xs' }) {
  if (!iso) {
    return (
      <Text size={size} c="dimmed" span>
        {none}
      </Text>
    );
  }
  return (
    <Tooltip label={formatDateTime(iso)}>
      <Text size={size} span style={{ whiteSpace: 'nowrap' }}>
        {formatRelative(iso, now)}
      </Text>
    </Tooltip>
  );
}

function Prefix({ apiKey }: { apiKey: ApiKey }) {
  // The visible start of the key, which is how a program's key is recognised; never the key.
  return <Code style={{ whiteSpace: 'nowrap' }}>{apiKey.prefix}</Code>;
}

/** An email wraps at its break points; "keyway api-key (CLI)" stays whole, not split at its hyphen. */
function CreatedBy({ apiKey }: { apiKey: ApiKey }) {
  return apiKey.createdBy.includes('@') ? <Breakable text={apiKey.createdBy} /> : <span style={{ whiteSpace: 'nowrap' }}>{apiKey.createdBy}</span>;
}

// Names wrap whole words; one longer than the column is cut rather than widen it.
const WRAP = { overflowWrap: 'break-word', minWidth: 0 } as const;

/** The keys, newest first: what each is for, its visible prefix, its role, and whether and when it works. */
export function ApiKeyList({ apiKeys, narrow, onRevoke, revoking, now }: ApiKeyListProps) {
  const revoke = (apiKey: ApiKey) =>
    apiKeyStatus(apiKey, now) === 'active' ? (
      <Button
        variant="subtle"
        color="red"
        size="compact-sm"
        leftSection={<IconKeyOff size={16} />}
        onClick={() => onRevoke(apiKey)}
        loading={revoking === apiKey.id}
        aria-label={`Revoke ${apiKey.name} (${apiKey.prefix})`}
        // Its full width always: beside a long name on a phone's card it would otherwise be squeezed and clipped.
        style={{ flexShrink: 0 }}
      >
        Revoke
      </Button>
    ) : null;

  if (narrow) {
    return (
      <Stack gap="xs" role="list" aria-label="API keys">
        {apiKeys.map((apiKey) => (
          <Paper key={apiKey.id} withBorder p="sm" radius="md" role="listitem">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text size="sm" fw={600} style={WRAP}>
                {apiKey.name}
              </Text>
              {revoke(apiKey)}
            </Group>
            <Group gap="sm" mt={6}>
              <Prefix apiKey={apiKey} />
              <RoleBadge role={apiKey.role} />
              <ApiKeyStatusLabel status={apiKeyStatus(apiKey, now)} />
            </Group>
            {/* The table has column headers; a card says what each time is. */}
            <Stack gap={2} mt={6}>
              <Text size="sm" c="dimmed" style={WRAP}>
                Created <When iso={apiKey.createdAt} none="" now={now} /> by <CreatedBy apiKey={apiKey} />
              </Text>
              <Text size="sm" c="dimmed">
                {apiKey.revokedAt ? (
                  <>
                    Revoked <When iso={apiKey.revokedAt} none="" now={now} />
                  </>
                ) : (
                  <>
                    {apiKeyStatus(apiKey, now) === 'expired' ? 'Expired' : 'Expires'} <When iso={apiKey.expiresAt} none="never" now={now} />
                  </>
                )}
                {' · '}Last used <When iso={apiKey.lastUsedAt} none="never" now={now} />
              </Text>
            </Stack>
          </Paper>
        ))}
      </Stack>
    );
  }

  return (
    <Table.ScrollContainer minWidth={900}>
      <Table highlightOnHover verticalSpacing="sm" aria-label="API keys">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Prefix</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>Last used</Table.Th>
            <Table.Th w={110}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {apiKeys.map((apiKey) => (
            <Table.Tr key={apiKey.id}>
              <Table.Td maw={260}>
                <Text size="sm" fw={600} style={WRAP}>
                  {apiKey.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Prefix apiKey={apiKey} />
              </Table.Td>
              <Table.Td>
                <RoleBadge role={apiKey.role} />
              </Table.Td>
              <Table.Td>
                <ApiKeyStatusLabel status={apiKeyStatus(apiKey, now)} />
                {apiKey.revokedAt && (
                  <Text size="xs" c="dimmed">
                    <When iso={apiKey.revokedAt} none="" now={now} size="xs" />
                  </Text>
                )}
              </Table.Td>
              <Table.Td maw={220}>
                <When iso={apiKey.createdAt} none="" now={now} />
                <Text size="xs" c="dimmed" style={WRAP}>
                  by <CreatedBy apiKey={apiKey} />
                </Text>
              </Table.Td>
              <Table.Td>
                <When iso={apiKey.expiresAt} none="Never" now={now} />
              </Table.Td>
              <Table.Td>
                <When iso={apiKey.lastUsedAt} none="Never" now={now} />
              </Table.Td>
              <Table.Td>{revoke(apiKey)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
