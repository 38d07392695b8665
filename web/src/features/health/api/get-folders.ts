import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Folder } from '@keyway/shared';
import { api } from '@/lib/api-client';

/** The folder filter's choices. Same key as the Data Sources page, so a folder created there shows up here. */
export const getFolders = () => api.get<{ folders: Folder[] }>('/folders').then((r) => r.folders);

export const getFoldersQueryOptions = () => queryOptions({ queryKey: ['folders'], queryFn: getFolders });

export const useFolders = () => useQuery(getFoldersQueryOptions());
