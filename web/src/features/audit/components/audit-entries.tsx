import { Badge, Group, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import { AUDIT_ACTIONS, type AuditEvent } from '@keyway/shared';
import { Breakable } from '@/components/breakable';
import { formatDateTime, formatRelative } from '@/lib/format';
import { AuditDetails, describeDetails } from './audit-details';
import { AuditTarget, hasTarget } from './audit-target';

/** A Badge clips its label with an ellipsis when its column or row is short of room: this one takes the room it needs. */
function Outcome({ event }: { event: AuditEvent }) {
  return event.outcome === 'success' ? (
    <Badge color="green" variant="light" tt="none" miw="max-content">
      Succeeded
    </Badge>
  ) : (
    <Badge color="red" variant="light" tt="none" miw="max-content">
      Failed
    </Badge>
  );
}

// Emails and titles wrap at their break points; a piece wider than a narrow card is still cut rather than overflow.
const WRAP = { overflowWrap: 'break-word' } as const;

function When({ iso }: { iso: string }) {
  return (
    <Tooltip label={formatRelative(iso)}>
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {formatDateTime(iso)}
      </Text>
    </Tooltip>
  );
}

/** On a narrow screen, one card per entry: what happened and its outcome first, then who, when and from where. */
export function AuditEntryCards({ events }: { events: AuditEvent[] }) {
  return (
    <Stack gap="xs" role="list" aria-label="Audit entries">
      {events.map((event) => (
        <Paper key={event.id} withBorder p="sm" radius="md" role="listitem">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text size="sm" fw={600}>
              {AUDIT_ACTIONS[event.action]}
            </Text>
            <Outcome event={event} />
          </Group>
          {hasTarget(event) && <AuditTarget event={event} />}
          {describeDetails(event) && <AuditDetails event={event} />}
          <Text size="xs" c="dimmed" mt={4} style={WRAP}>
            {formatDateTime(event.at)} · {event.actorEmail ? <Breakable text={event.actorEmail} /> : 'No signed-in person'}
            {event.ip ? ` · ${event.ip}` : ''}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}

export function AuditEntryTable({ events }: { events: AuditEvent[] }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="xs" striped aria-label="Audit entries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>Person</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Target</Table.Th>
            <Table.Th>Outcome</Table.Th>
            <Table.Th>Details</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>IP address</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Table.Tr key={event.id}>
              <Table.Td>
                <When iso={event.at} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={event.actorEmail ? undefined : 'dimmed'} style={WRAP}>
                  {event.actorEmail ? <Breakable text={event.actorEmail} /> : 'No signed-in person'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {AUDIT_ACTIONS[event.action]}
                </Text>
              </Table.Td>
              <Table.Td maw={220}>
                <AuditTarget event={event} />
              </Table.Td>
              <Table.Td>
                <Outcome event={event} />
              </Table.Td>
              <Table.Td maw={280}>
                <AuditDetails event={event} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {event.ip ?? '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
