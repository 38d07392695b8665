import { queryOptions, useQuery } from '@tanstack/react-query';
import type { UserAccount } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { LIST_REFRESH_MS } from '@/lib/react-query';

export const getUsers = () => api.get<{ users: UserAccount[] }>('/users').then((r) => r.users);

export const getUsersQueryOptions = () => queryOptions({ queryKey: ['users'], queryFn: getUsers });

export const useUsers = () => useQuery({ ...getUsersQueryOptions(), refetchInterval: LIST_REFRESH_MS });
