import type { HealthRange, HealthState } from '@keyway/shared';

/** Filters of the dashboard as the API takes them; undefined means "any". */
export interface HealthListFilters {
  folderId?: string;
  state?: HealthState;
  search?: string;
  page: number;
  pageSize: number;
}

/** Every health query sits under ['health'], so one invalidation refreshes the dashboard and the detail page. */
export const healthKeys = {
  all: ['health'] as const,
  lists: () => [...healthKeys.all, 'list'] as const,
  list: (filters: HealthListFilters) => [...healthKeys.lists(), filters] as const,
  details: (dataSourceId: string) => [...healthKeys.all, 'detail', dataSourceId] as const,
  detail: (dataSourceId: string, range: HealthRange) => [...healthKeys.details(dataSourceId), range] as const,
};

/** How often the health pages ask again while open: they update without a reload. */
export const HEALTH_REFETCH_MS = 5_000;
