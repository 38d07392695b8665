import { queryOptions, useQuery } from '@tanstack/react-query';
import type { DataSource } from '@keyway/shared';
import { api } from '@/lib/api-client';

export const getDataSource = (id: string) => api.get<{ dataSource: DataSource }>(`/datasources/${encodeURIComponent(id)}`).then((r) => r.dataSource);

export const getDataSourceQueryOptions = (id: string) =>
  queryOptions({ queryKey: ['datasources', 'detail', id], queryFn: () => getDataSource(id) });

export const useDataSource = (id: string) => useQuery(getDataSourceQueryOptions(id));
