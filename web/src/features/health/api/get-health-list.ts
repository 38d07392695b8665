import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { HealthListResponse } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { HEALTH_REFETCH_MS, healthKeys, type HealthListFilters } from './health-query-keys';

export const getHealthList = (filters: HealthListFilters) => {
  const params = new URLSearchParams();
  if (filters.folderId) params.set('folderId', filters.folderId);
  if (filters.state) params.set('state', filters.state);
  if (filters.search) params.set('search', filters.search);
  params.set('page', String(filters.page));
  params.set('pageSize', String(filters.pageSize));
  return api.get<HealthListResponse>(`/health?${params.toString()}`);
};

export const getHealthListQueryOptions = (filters: HealthListFilters) =>
  queryOptions({ queryKey: healthKeys.list(filters), queryFn: () => getHealthList(filters) });

/** The dashboard's page of tiles and the counts above them, refreshed every few seconds. */
export const useHealthList = (filters: HealthListFilters) =>
  useQuery({ ...getHealthListQueryOptions(filters), refetchInterval: HEALTH_REFETCH_MS, placeholderData: keepPreviousData });
