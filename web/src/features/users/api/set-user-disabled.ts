import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UserAccount } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { getUsersQueryOptions } from './get-users';

export const setUserDisabled = ({ id, disabled }: { id: string; disabled: boolean }) =>
  api.post<{ user: UserAccount }>(`/users/${encodeURIComponent(id)}/${disabled ? 'disable' : 'enable'}`).then((r) => r.user);

export function useSetUserDisabled() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setUserDisabled,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: getUsersQueryOptions().queryKey }),
  });
}
