import { Stack } from '@mantine/core';
import type { Folder } from '@keyway/shared';
import { ErrorState } from '@/components/error-state';
import type { useHealthList } from '../api/get-health-list';
import type { HealthListFilters } from '../api/health-query-keys';
import type { DashboardFilterChanges } from '../hooks/use-dashboard-filters';
import { NoDataSourcesYet, NoMatches, PastLastPage } from './health-empty-states';
import { HealthPagination } from './health-pagination';
import { HealthTileGrid, HealthTileGridSkeleton } from './health-tile-grid';

/** What stands under the filters: the error, placeholders while loading, one of the empty states, or the tiles and their pages. */
export function HealthResults(props: {
  health: ReturnType<typeof useHealthList>;
  filters: HealthListFilters;
  update: (changes: DashboardFilterChanges) => void;
  folder: Folder | undefined;
  canCreate: boolean;
  onClear: () => void;
}) {
  const { health, filters, update, folder, canCreate, onClear } = props;

  if (health.isError && !health.data) {
    return <ErrorState title="Health could not be loaded" error={health.error} onRetry={() => health.refetch()} order={2} />;
  }
  if (!health.data) return <HealthTileGridSkeleton />;
  const { summary, rows, total, page, pageSize } = health.data;
  if (summary.total === 0) return <NoDataSourcesYet folder={folder} canCreate={canCreate} />;
  if (rows.length === 0 && total > 0) return <PastLastPage page={filters.page} total={total} onFirstPage={() => update({ page: undefined })} />;
  if (rows.length === 0) return <NoMatches filters={filters} folder={folder} onClear={onClear} />;
  return (
    <Stack gap="md">
      <HealthTileGrid rows={rows} now={health.dataUpdatedAt} stale={health.isPlaceholderData} />
      <HealthPagination
        page={page}
        pageSize={pageSize}
        total={total}
        requestedPage={filters.page}
        onChange={(next) => update({ page: next === 1 ? undefined : String(next) })}
      />
    </Stack>
  );
}
