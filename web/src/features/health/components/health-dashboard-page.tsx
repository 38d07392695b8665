import { Anchor, Button, Group, Pagination, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconDatabaseOff, IconFilterOff, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { GLOBAL_FOLDER_NAME, HealthStateSchema, showHiddenCharacters, type HealthState } from '@keyway/shared';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { plural } from '@/lib/format';
import { paths } from '@/lib/paths';
import { useCan } from '@/lib/session';
import { useFolders } from '@/lib/folders';
import { useHealthList } from '../api/get-health-list';
import { HEALTH_REFETCH_MS } from '../api/health-query-keys';
import { STATE_LOOKS, STATE_ORDER } from '@/components/health-state';
import { HealthTile, HealthTileSkeleton } from './health-tile';
import { SummaryCards } from './summary-cards';

const PAGE_SIZE = 24;
const ALL = 'all';

/** Filters live in the address (?folder=&state=&q=&page=), so reload, back and shared links keep them. */
function useDashboardFilters() {
  const [params, setParams] = useSearchParams();
  const parsedState = HealthStateSchema.safeParse(params.get('state'));
  const filters = {
    folderId: params.get('folder') ?? undefined,
    state: parsedState.success ? parsedState.data : undefined,
    search: params.get('q')?.trim() || undefined,
    page: Math.max(1, Math.floor(Number(params.get('page'))) || 1),
    pageSize: PAGE_SIZE,
  };
  /** Changing any filter goes back to page 1. */
  const update = (changes: Partial<Record<'folder' | 'state' | 'q' | 'page', string | undefined>>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (!('page' in changes)) next.delete('page');
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: !('page' in changes) },
    );
  return { filters, update };
}

export function HealthDashboardPage() {
  const { filters, update } = useDashboardFilters();
  const [searchInput, setSearchInput] = useState(filters.search ?? '');
  const commitSearch = useDebouncedCallback((value: string) => update({ q: value.trim() || undefined }), 300);
  const folders = useFolders();
  const canCreate = useCan('datasources.write');
  const health = useHealthList(filters);
  const now = health.dataUpdatedAt;

  const filtered = Boolean(filters.state || filters.search);
  /** With nothing to show and nothing filtered, the page is only the invitation to create a data source. */
  const nothingYet = health.data?.summary.total === 0 && !filters.folderId && !filtered;
  const folder = folders.data?.find((f) => f.id === filters.folderId);
  const createIn = folder?.name ?? GLOBAL_FOLDER_NAME;
  const pages = health.data ? Math.max(1, Math.ceil(health.data.total / health.data.pageSize)) : 1;

  const clearFilters = () => {
    setSearchInput('');
    update({ state: undefined, q: undefined });
  };

  let body: React.ReactNode;
  if (health.isError && !health.data) {
    body = <ErrorState title="Health could not be loaded" error={health.error} onRetry={() => health.refetch()} order={2} />;
  } else if (!health.data) {
    body = (
      <div role="status" aria-busy="true">
        <VisuallyHidden>Loading data sources</VisuallyHidden>
        <SimpleGrid type="container" cols={{ base: 1, '560px': 2, '880px': 3, '1280px': 4 }} spacing="md">
          {Array.from({ length: 6 }, (_, i) => (
            <HealthTileSkeleton key={i} />
          ))}
        </SimpleGrid>
      </div>
    );
  } else if (health.data.summary.total === 0) {
    body = (
      <Paper withBorder radius="md">
        <EmptyState
          order={2}
          icon={<IconDatabaseOff size={30} />}
          title={folder ? `No data sources in ${showHiddenCharacters(folder.title)} yet` : 'No data sources yet'}
          action={
            <Group mt="xs" justify="center">
              {canCreate && (
                <Button component={Link} to={paths.createDataSource(createIn)} leftSection={<IconPlus size={18} />}>
                  Create a data source
                </Button>
              )}
              <Button component={Link} to={paths.dataSources(folder?.name)} variant="default">
                Go to Data Sources
              </Button>
            </Group>
          }
        >
          Once a data source is created, the console checks it on a schedule: it gets an access token and calls the API, and shows here whether the
          connection works.
        </EmptyState>
      </Paper>
    );
  } else if (health.data.rows.length === 0 && health.data.total > 0) {
    // The page is past the end, e.g. after data sources were deleted.
    body = (
      <Paper withBorder radius="md">
        <EmptyState
          order={2}
          icon={<IconFilterOff size={30} />}
          title={`Nothing on page ${filters.page}`}
          action={
            <Button mt="xs" variant="default" onClick={() => update({ page: undefined })}>
              Go to the first page
            </Button>
          }
        >
          {plural(health.data.total, 'data source')} {health.data.total === 1 ? 'matches' : 'match'}, on fewer pages.
        </EmptyState>
      </Paper>
    );
  } else if (health.data.rows.length === 0) {
    body = (
      <Paper withBorder radius="md">
        <EmptyState
          order={2}
          icon={<IconFilterOff size={30} />}
          title="No data sources match these filters"
          action={
            <Button mt="xs" variant="default" onClick={clearFilters}>
              Clear filters
            </Button>
          }
        >
          {`No data source ${[
            filters.search ? `with "${filters.search}" in its title` : '',
            filters.state ? `in the state "${STATE_LOOKS[filters.state].word}"` : '',
            folder ? `in the folder ${showHiddenCharacters(folder.title)}` : '',
          ]
            .filter(Boolean)
            .join(', ')}.`}
        </EmptyState>
      </Paper>
    );
  } else {
    body = (
      <Stack gap="md">
        <section aria-label="Data source health" aria-busy={health.isPlaceholderData}>
          <SimpleGrid
            type="container"
            cols={{ base: 1, '560px': 2, '880px': 3, '1280px': 4 }}
            spacing="md"
            style={{ opacity: health.isPlaceholderData ? 0.6 : 1, transition: 'opacity 150ms' }}
          >
            {health.data.rows.map((row) => (
              <HealthTile key={row.dataSourceId} row={row} now={now} />
            ))}
          </SimpleGrid>
        </section>
        {health.data.total > health.data.pageSize && (
          <Group justify="space-between" wrap="wrap">
            <Text size="sm" c="dimmed">
              {(health.data.page - 1) * health.data.pageSize + 1}–{Math.min(health.data.page * health.data.pageSize, health.data.total)} of{' '}
              {health.data.total}
            </Text>
            <nav aria-label="Pages">
              <Pagination
                total={pages}
                value={Math.min(filters.page, pages)}
                onChange={(page) => update({ page: page === 1 ? undefined : String(page) })}
                getItemProps={(page) => ({ 'aria-label': `Page ${page}` })}
                getControlProps={(control) => ({ 'aria-label': `${control.charAt(0).toUpperCase()}${control.slice(1)} page` })}
              />
            </nav>
          </Group>
        )}
      </Stack>
    );
  }

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

      <Group gap="sm" align="flex-end" wrap="wrap" display={nothingYet ? 'none' : undefined}>
        <TextInput
          label="Search"
          placeholder="Data source title"
          leftSection={<IconSearch size={16} />}
          value={searchInput}
          onChange={(event) => {
            setSearchInput(event.currentTarget.value);
            commitSearch(event.currentTarget.value);
          }}
          maxLength={100}
          type="search"
          style={{ flex: '1 1 220px' }}
        />
        <Select
          label="Folder"
          data={[{ value: ALL, label: 'All folders' }, ...(folders.data ?? []).map((f) => ({ value: f.id, label: showHiddenCharacters(f.title) }))]}
          value={filters.folderId ?? ALL}
          onChange={(value) => update({ folder: value && value !== ALL ? value : undefined })}
          allowDeselect={false}
          disabled={folders.isError}
          style={{ flex: '1 1 150px' }}
          maw={{ sm: 260 }}
        />
        <Select
          label="State"
          data={[{ value: ALL, label: 'All states' }, ...STATE_ORDER.map((s) => ({ value: s, label: STATE_LOOKS[s].word }))]}
          value={filters.state ?? ALL}
          onChange={(value) => update({ state: value && value !== ALL ? (value as HealthState) : undefined })}
          allowDeselect={false}
          style={{ flex: '1 1 150px' }}
          maw={{ sm: 220 }}
        />
        {filtered && (
          <Anchor component="button" type="button" size="sm" onClick={clearFilters} mb={8}>
            Clear filters
          </Anchor>
        )}
      </Group>

      {body}
    </Stack>
  );
}
