import { useMutation } from '@tanstack/react-query';
import type { UserAccount } from '@keyway/shared';
import { api } from '@/lib/api-client';

export const resetPassword = ({ id, password }: { id: string; password: string }) =>
  api.put<{ user: UserAccount }>(`/users/${encodeURIComponent(id)}/password`, { password }).then((r) => r.user);

export const useResetPassword = () => useMutation({ mutationFn: resetPassword });
