import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Role, UserAccount } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { getUsersQueryOptions } from './get-users';

export const changeRole = ({ id, role }: { id: string; role: Role }) =>
  api.put<{ user: UserAccount }>(`/users/${encodeURIComponent(id)}/role`, { role }).then((r) => r.user);

export function useChangeRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeRole,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: getUsersQueryOptions().queryKey }),
  });
}
