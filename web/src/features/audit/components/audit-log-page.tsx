import { AdministrationHeader } from '@/components/administration-header';
import { Button, Paper, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { auditSearchParams, useAuditEvents } from '../api/get-audit-events';
import { useAuditFilters } from '../hooks/use-audit-filters';
import { AuditFilterBar } from './audit-filter-bar';
import { AuditPagination } from './audit-pagination';
import { AuditResults } from './audit-results';

/** Administration > Audit log: who did what, when and from where; filters live in the address, and Export takes the same filters. */
export function AuditLogPage() {
  const search = useAuditFilters();
  const { valid, filters, filtering, update } = search;
  const events = useAuditEvents(filters);
  const exportHref = `/api/audit/export.csv?${auditSearchParams(filters).toString()}`;
  const total = events.data?.total ?? 0;

  return (
    <Stack gap="lg" maw={1280}>
      <AdministrationHeader
        title="Audit log"
        description="Every sign-in, failed sign-in and change, with who made it and from which address. Secret values are never recorded."
        action={
          <Button component="a" href={exportHref} download variant="default" leftSection={<IconDownload size={18} />} disabled={!valid}>
            Export CSV
          </Button>
        }
      />

      <Paper withBorder radius="md" p="md">
        <AuditFilterBar search={search} />
        <Text size="xs" c="dimmed" mb="xs">
          {valid && events.data ? `${total} entr${total === 1 ? 'y' : 'ies'} · times in your time zone; dates filter by UTC day` : ' '}
        </Text>
        <AuditResults valid={valid} filtering={filtering} events={events} />
        <AuditPagination total={total} page={filters.page} onChange={(page) => update({ page: String(page) })} />
      </Paper>
    </Stack>
  );
}
