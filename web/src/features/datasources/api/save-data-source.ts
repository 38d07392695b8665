import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DataSource, DataSourceCreateInput, DataSourceUpdateInput } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { getFoldersQueryOptions } from './get-folders';

export const createDataSource = (input: DataSourceCreateInput) =>
  api.post<{ dataSource: DataSource }>('/datasources', input).then((r) => r.dataSource);

export const updateDataSource = (id: string, input: DataSourceUpdateInput) =>
  api.put<{ dataSource: DataSource }>(`/datasources/${encodeURIComponent(id)}`, input).then((r) => r.dataSource);

/** Lists, details and folder counts all change when a data source is saved. */
function useInvalidateDataSources() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['datasources'] }),
      queryClient.invalidateQueries({ queryKey: getFoldersQueryOptions().queryKey }),
    ]);
}

export function useCreateDataSource() {
  const invalidate = useInvalidateDataSources();
  return useMutation({ mutationFn: createDataSource, onSuccess: invalidate });
}

export function useUpdateDataSource(id: string) {
  const invalidate = useInvalidateDataSources();
  return useMutation({ mutationFn: (input: DataSourceUpdateInput) => updateDataSource(id, input), onSuccess: invalidate });
}

export function useDeleteDataSource() {
  const invalidate = useInvalidateDataSources();
  return useMutation({ mutationFn: (id: string) => api.delete(`/datasources/${encodeURIComponent(id)}`), onSuccess: invalidate });
}
