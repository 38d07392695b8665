import { useMutation } from '@tanstack/react-query';
import type { Folder, FolderCreateInput } from '@keyway/shared';
import { api } from '@/lib/api-client';

export const createFolder = (input: FolderCreateInput) => api.post<{ folder: Folder }>('/folders', input).then((r) => r.folder);

export const useCreateFolder = () => useMutation({ mutationFn: createFolder });
