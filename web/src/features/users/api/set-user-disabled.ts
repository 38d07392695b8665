import { useMutation } from '@tanstack/react-query';
import type { UserAccount } from '@keyway/shared';
import { api } from '@/lib/api-client';

export const setUserDisabled = ({ id, disabled }: { id: string; disabled: boolean }) =>
  api.post<{ user: UserAccount }>(`/users/${encodeURIComponent(id)}/${disabled ? 'disable' : 'enable'}`).then((r) => r.user);

export const useSetUserDisabled = () => useMutation({ mutationFn: setUserDisabled });
