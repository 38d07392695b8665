import { queryOptions, useQuery } from '@tanstack/react-query';
import type { DataSource } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { LIST_REFRESH_MS } from '@/lib/react-query';

export const getDataSources = (folderId: string) =>
  api.get<{ dataSources: DataSource[] }>(`/datasources?folderId=${encodeURIComponent(folderId)}`).then((r) => r.dataSources);

export const getDataSourcesQueryOptions = (folderId: string) =>
  queryOptions({ queryKey: ['datasources', 'list', folderId], queryFn: () => getDataSources(folderId) });

export const useDataSources = (folderId: string | undefined) =>
  useQuery({ ...getDataSourcesQueryOptions(folderId ?? ''), enabled: Boolean(folderId), refetchInterval: LIST_REFRESH_MS });
