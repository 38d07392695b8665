import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Folder } from '@keyway/shared';
import { api } from './api-client';
import { LIST_REFRESH_MS } from './react-query';

/**
 * The configuration folders: one query for every place that shows them (Data Sources, the wizard,
 * the Health filters), so a folder created or counted anywhere shows up everywhere.
 */
export const getFolders = () => api.get<{ folders: Folder[] }>('/folders').then((r) => r.folders);

export const getFoldersQueryOptions = () => queryOptions({ queryKey: ['folders'], queryFn: getFolders });

export const useFolders = () => useQuery({ ...getFoldersQueryOptions(), refetchInterval: LIST_REFRESH_MS });
