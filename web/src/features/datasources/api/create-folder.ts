import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Folder, FolderCreateInput } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { getFoldersQueryOptions } from './get-folders';

export const createFolder = (input: FolderCreateInput) => api.post<{ folder: Folder }>('/folders', input).then((r) => r.folder);

export function useCreateFolder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createFolder,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: getFoldersQueryOptions().queryKey }),
  });
}
