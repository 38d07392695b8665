import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Folder } from '@keyway/shared';
import { api } from '@/lib/api-client';

export const getFolders = () => api.get<{ folders: Folder[] }>('/folders').then((r) => r.folders);

export const getFoldersQueryOptions = () => queryOptions({ queryKey: ['folders'], queryFn: getFolders });

export const useFolders = () => useQuery(getFoldersQueryOptions());
