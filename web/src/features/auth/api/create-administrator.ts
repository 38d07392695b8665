import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateAdministratorInput, User } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { getSessionQueryOptions } from '@/lib/session';

export const createAdministrator = (input: CreateAdministratorInput) => api.post<{ user: User }>('/auth/setup', input);

export function useCreateAdministrator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createAdministrator,
    onSuccess: ({ user }) => queryClient.setQueryData(getSessionQueryOptions().queryKey, { user, setupRequired: false }),
  });
}
