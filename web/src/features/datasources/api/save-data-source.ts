import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DataSourceSchema, type DataSource, type DataSourceCreateInput, type DataSourceUpdateInput } from '@keyway/shared';
import { api, ApiError } from '@/lib/api-client';
import { getDataSourceQueryOptions } from './get-data-source';

// Lists, details, folder counts and health refresh after every change (lib/react-query.ts).

export const createDataSource = (input: DataSourceCreateInput) =>
  api.post<{ dataSource: DataSource }>('/datasources', input).then((r) => r.dataSource);

export const updateDataSource = (id: string, input: DataSourceUpdateInput) =>
  api.put<{ dataSource: DataSource }>(`/datasources/${encodeURIComponent(id)}`, input).then((r) => r.dataSource);

/**
 * The data source as it is now, when a save was refused because someone (another person, the
 * API) changed it after the form was opened: the server's 409 edit_conflict carries it. Null for
 * any other error.
 */
export function conflictingDataSource(error: unknown): DataSource | null {
  if (!(error instanceof ApiError) || error.code !== 'edit_conflict') return null;
  const current = DataSourceSchema.safeParse(error.details.current);
  return current.success ? current.data : null;
}

export const useCreateDataSource = () => useMutation({ mutationFn: createDataSource });

export const useUpdateDataSource = (id: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DataSourceUpdateInput) => updateDataSource(id, input),
    onError: (error) => {
      // The refusal says what the data source is now: every screen shows that at once, before the refetch.
      const current = conflictingDataSource(error);
      if (current) queryClient.setQueryData(getDataSourceQueryOptions(id).queryKey, current);
    },
  });
};

export const useDeleteDataSource = () => useMutation({ mutationFn: (id: string) => api.delete(`/datasources/${encodeURIComponent(id)}`) });
