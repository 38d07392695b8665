import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SessionState } from '@keyway/shared';
import { api } from '@/lib/api-client';

export const getSession = () => api.get<SessionState>('/auth/session');

export const getSessionQueryOptions = () => queryOptions({ queryKey: ['session'], queryFn: getSession, staleTime: 60_000 });

export const useSession = () => useQuery(getSessionQueryOptions());
