import { useMutation } from '@tanstack/react-query';
import type { UserAccount, UserCreateInput } from '@keyway/shared';
import { api } from '@/lib/api-client';

export const createUser = (input: UserCreateInput) => api.post<{ user: UserAccount }>('/users', input).then((r) => r.user);

export const useCreateUser = () => useMutation({ mutationFn: createUser });
