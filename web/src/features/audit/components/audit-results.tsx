import { Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconListSearch } from '@tabler/icons-react';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { SkeletonRows } from '@/components/skeleton-rows';
import type { useAuditEvents } from '../api/get-audit-events';
import { AuditEntryCards, AuditEntryTable } from './audit-entries';

/** What stands under the filters: a request to fix them, the error, a placeholder while loading, the empty state or the entries. */
export function AuditResults(props: { valid: boolean; filtering: boolean; events: ReturnType<typeof useAuditEvents> }) {
  const { valid, filtering, events } = props;
  const narrow = useMediaQuery('(max-width: 48em)');

  if (!valid) {
    return (
      <Text c="red.8" size="sm" role="alert">
        Fix the filters above to see entries.
      </Text>
    );
  }
  if (events.isError) return <ErrorState title="The audit log could not be loaded" error={events.error} onRetry={() => events.refetch()} />;
  if (events.isPending) return <SkeletonRows count={5} height={36} />;
  const list = events.data.events;
  if (list.length === 0) {
    return (
      <EmptyState icon={<IconListSearch size={30} />} title={filtering ? 'No entries match these filters' : 'Nothing recorded yet'}>
        {filtering ? 'Widen the dates or clear a filter.' : 'Sign-ins and every change made in the console appear here.'}
      </EmptyState>
    );
  }
  return narrow ? <AuditEntryCards events={list} /> : <AuditEntryTable events={list} />;
}
