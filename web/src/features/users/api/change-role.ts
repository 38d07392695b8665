import { useMutation } from '@tanstack/react-query';
import type { Role, UserAccount } from '@keyway/shared';
import { api } from '@/lib/api-client';

export const changeRole = ({ id, role }: { id: string; role: Role }) =>
  api.put<{ user: UserAccount }>(`/users/${encodeURIComponent(id)}/role`, { role }).then((r) => r.user);

export const useChangeRole = () => useMutation({ mutationFn: changeRole });
