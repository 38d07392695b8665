import { useMutation } from '@tanstack/react-query';
import type { DataSource, DataSourceCreateInput, DataSourceUpdateInput } from '@keyway/shared';
import { api } from '@/lib/api-client';

// Lists, details, folder counts and health refresh after every change (lib/react-query.ts).

export const createDataSource = (input: DataSourceCreateInput) =>
  api.post<{ dataSource: DataSource }>('/datasources', input).then((r) => r.dataSource);

export const updateDataSource = (id: string, input: DataSourceUpdateInput) =>
  api.put<{ dataSource: DataSource }>(`/datasources/${encodeURIComponent(id)}`, input).then((r) => r.dataSource);

export const useCreateDataSource = () => useMutation({ mutationFn: createDataSource });

export const useUpdateDataSource = (id: string) => useMutation({ mutationFn: (input: DataSourceUpdateInput) => updateDataSource(id, input) });

export const useDeleteDataSource = () => useMutation({ mutationFn: (id: string) => api.delete(`/datasources/${encodeURIComponent(id)}`) });
