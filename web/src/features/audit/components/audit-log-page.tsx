import { Badge, Button, Group, Pagination, Paper, Select, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedCallback, useMediaQuery } from '@mantine/hooks';
import { IconDownload, IconFilterOff, IconListSearch } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { AUDIT_ACTIONS, AuditQuerySchema, type AuditEvent } from '@keyway/shared';
import { Breakable } from '@/components/breakable';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { SkeletonRows } from '@/components/skeleton-rows';
import { formatDateTime, formatRelative } from '@/lib/format';
import { AUDIT_PAGE_SIZE, auditSearchParams, useAuditEvents, type AuditFilters } from '../api/get-audit-events';
import { AuditDetails, describeDetails } from './audit-details';
import { AuditTarget, hasTarget } from './audit-target';

const ACTION_OPTIONS = Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label }));
const OUTCOME_OPTIONS = [
  { value: 'success', label: 'Succeeded' },
  { value: 'failure', label: 'Failed' },
];
const FILTER_KEYS = ['action', 'actor', 'outcome', 'from', 'to'] as const;
const PAGE_CONTROL_LABELS = { first: 'First page', previous: 'Previous page', next: 'Next page', last: 'Last page' } as const;

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

/** Administration > Audit log: who did what, when and from where; filters live in the address, and Export takes the same filters. */
export function AuditLogPage() {
  const [params, setParams] = useSearchParams();
  const narrow = useMediaQuery('(max-width: 48em)');
  const raw = Object.fromEntries(FILTER_KEYS.map((key) => [key, params.get(key) ?? undefined]).filter(([, v]) => v));
  const parsed = AuditQuerySchema.safeParse({ ...raw, page: params.get('page') ?? 1 });
  const fieldErrors = parsed.success ? {} : parsed.error.flatten().fieldErrors;
  const filters: AuditFilters = parsed.success ? parsed.data : { page: 1 };
  const events = useAuditEvents(filters);
  const [actorText, setActorText] = useState(params.get('actor') ?? '');

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };
  const commitActor = useDebouncedCallback((value: string) => update({ actor: value.trim() || undefined }), 300);
  const filtering = FILTER_KEYS.some((key) => params.get(key));
  const exportHref = `/api/audit/export.csv?${auditSearchParams(filters).toString()}`;

  let body: ReactNode;
  if (!parsed.success) {
    body = (
      <Text c="red.8" size="sm" role="alert">
        Fix the filters above to see entries.
      </Text>
    );
  } else if (events.isError) {
    body = <ErrorState title="The audit log could not be loaded" error={events.error} onRetry={() => events.refetch()} />;
  } else if (events.isPending) {
    body = <SkeletonRows count={5} height={36} />;
  } else if (events.data.events.length === 0) {
    body = (
      <EmptyState icon={<IconListSearch size={30} />} title={filtering ? 'No entries match these filters' : 'Nothing recorded yet'}>
        {filtering ? 'Widen the dates or clear a filter.' : 'Sign-ins and every change made in the console appear here.'}
      </EmptyState>
    );
  } else if (narrow) {
    body = (
      <Stack gap="xs" role="list" aria-label="Audit entries">
        {events.data.events.map((event) => (
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
  } else {
    body = (
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
            {events.data.events.map((event) => (
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

  const total = events.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));

  return (
    <Stack gap="lg" maw={1280}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Text size="sm" c="dimmed">
            Administration
          </Text>
          <Title order={1} size="h2">
            Audit log
          </Title>
          <Text size="sm" c="dimmed" maw={640}>
            Every sign-in, failed sign-in and change, with who made it and from which address. Secret values are never recorded.
          </Text>
        </div>
        <Button component="a" href={exportHref} download variant="default" leftSection={<IconDownload size={18} />} disabled={!parsed.success}>
          Export CSV
        </Button>
      </Group>

      <Paper withBorder radius="md" p="md">
        <Group gap="sm" align="flex-start" mb="md" wrap="wrap">
          <Select
            label="Action"
            placeholder="Any action"
            data={ACTION_OPTIONS}
            value={params.get('action')}
            onChange={(value) => update({ action: value ?? undefined })}
            clearable
            searchable
            w={{ base: '100%', sm: 230 }}
            error={fieldErrors.action?.[0]}
          />
          <TextInput
            label="Person"
            placeholder="e.g. maria or example.com"
            value={actorText}
            onChange={(event) => {
              setActorText(event.currentTarget.value);
              commitActor(event.currentTarget.value);
            }}
            w={{ base: '100%', sm: 220 }}
          />
          <Select
            label="Outcome"
            placeholder="Any outcome"
            data={OUTCOME_OPTIONS}
            value={params.get('outcome')}
            onChange={(value) => update({ outcome: value ?? undefined })}
            clearable
            w={{ base: '100%', sm: 150 }}
          />
          <TextInput
            label="From"
            type="date"
            value={params.get('from') ?? ''}
            onChange={(event) => update({ from: event.currentTarget.value || undefined })}
            w={{ base: '47%', sm: 160 }}
            error={fieldErrors.from?.[0]}
          />
          <TextInput
            label="To"
            type="date"
            value={params.get('to') ?? ''}
            onChange={(event) => update({ to: event.currentTarget.value || undefined })}
            w={{ base: '47%', sm: 160 }}
            error={fieldErrors.to?.[0]}
          />
          {filtering && (
            <Button
              variant="subtle"
              mt={25}
              leftSection={<IconFilterOff size={16} />}
              onClick={() => {
                setActorText('');
                setParams(new URLSearchParams(), { replace: true });
              }}
            >
              Clear filters
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed" mb="xs">
          {parsed.success && events.data ? `${total} entr${total === 1 ? 'y' : 'ies'} · times in your time zone; dates filter by UTC day` : ' '}
        </Text>
        {body}
        {pages > 1 && (
          // A named navigation region: a name on Pagination's own <div> would be ignored (it has no role).
          <Group component="nav" aria-label="Audit log pages" justify="center" mt="md">
            <Pagination
              total={pages}
              value={filters.page}
              onChange={(page) => update({ page: String(page) })}
              // Mantine's arrows are bare icons: without these names a screen reader hears only "button".
              getControlProps={(control) => ({ 'aria-label': PAGE_CONTROL_LABELS[control] })}
            />
          </Group>
        )}
      </Paper>
    </Stack>
  );
}
