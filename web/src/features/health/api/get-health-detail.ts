import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { HealthDetail, HealthRange } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { HEALTH_REFETCH_MS, healthKeys } from './health-query-keys';

export const getHealthDetail = (dataSourceId: string, range: HealthRange) =>
  api.get<HealthDetail>(`/health/${encodeURIComponent(dataSourceId)}?range=${range}`);

export const getHealthDetailQueryOptions = (dataSourceId: string, range: HealthRange) =>
  queryOptions({ queryKey: healthKeys.detail(dataSourceId, range), queryFn: () => getHealthDetail(dataSourceId, range) });

/** One data source's health, chart and timeline; switching range keeps the old chart until the new one arrives. */
export const useHealthDetail = (dataSourceId: string, range: HealthRange) =>
  useQuery({ ...getHealthDetailQueryOptions(dataSourceId, range), refetchInterval: HEALTH_REFETCH_MS, placeholderData: keepPreviousData });
