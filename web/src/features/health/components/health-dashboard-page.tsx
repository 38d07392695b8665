import { Group, Stack, Text, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { plural } from '@/lib/format';
import { useCan } from '@/lib/session';
import { useFolders } from '@/lib/folders';
import { useHealthList } from '../api/get-health-list';
import { HEALTH_REFETCH_MS } from '../api/health-query-keys';
import { useDashboardFilters } from '../hooks/use-dashboard-filters';
import { HealthFilterBar } from './health-filter-bar';
import { HealthResults } from './health-results';
import { SummaryCards } from './summary-cards';

export function HealthDashboardPage() {
  const { filters, update } = useDashboardFilters();
  const [searchInput, setSearchInput] = useState(filters.search ?? '');
  const commitSearch = useDebouncedCallback((value: string) => update({ q: value.trim() || undefined }), 300);
  const folders = useFolders();
  const canCreate = useCan('datasources.write');
  const health = useHealthList(filters);

  const filtered = Boolean(filters.state || filters.search);
  /** With nothing to show and nothing filtered, the page is only the invitation to create a data source. */
  const nothingYet = health.data?.summary.total === 0 && !filters.folderId && !filtered;
  const folder = folders.data?.find((f) => f.id === filters.folderId);

  const clearFilters = () => {
    setSearchInput('');
    update({ state: undefined, q: undefined });
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="xs">
        <div>
          <Title order={1} size="h2">
            Health
          </Title>
          <Text c="dimmed" size="sm">
            Whether each data source can get a token and reach its API, checked on a schedule.
          </Text>
        </div>
        <Text size="xs" c="dimmed" aria-live="off">
          Updates every {plural(HEALTH_REFETCH_MS / 1000, 'second')}
          {health.dataUpdatedAt ? ` · last ${new Date(health.dataUpdatedAt).toLocaleTimeString()}` : ''}
        </Text>
      </Group>

      {!nothingYet && !(health.isError && !health.data) && <SummaryCards summary={health.data?.summary} selected={filters.state} onSelect={(state) => update({ state })} />}

      <HealthFilterBar
        filters={filters}
        update={update}
        searchText={searchInput}
        onSearchText={(value) => {
          setSearchInput(value);
          commitSearch(value);
        }}
        onClear={clearFilters}
        folders={folders.data}
        foldersFailed={folders.isError}
        hidden={nothingYet}
      />

      <HealthResults health={health} filters={filters} update={update} folder={folder} canCreate={canCreate} onClear={clearFilters} />
    </Stack>
  );
}
