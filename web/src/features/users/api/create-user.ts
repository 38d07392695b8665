import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UserAccount, UserCreateInput } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { getUsersQueryOptions } from './get-users';

export const createUser = (input: UserCreateInput) => api.post<{ user: UserAccount }>('/users', input).then((r) => r.user);

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: getUsersQueryOptions().queryKey }),
  });
}
