import { queryOptions, useQuery } from '@tanstack/react-query';
import { can, type Permission, type SessionState } from '@keyway/shared';
import { api } from './api-client';

export const getSession = () => api.get<SessionState>('/auth/session');

export const getSessionQueryOptions = () => queryOptions({ queryKey: ['session'], queryFn: getSession, staleTime: 60_000 });

export const useSession = () => useQuery(getSessionQueryOptions());

/**
 * Whether the signed-in person's role grants a permission, from the same table the server
 * enforces. It only decides what to show: the server refuses the rest regardless.
 */
export function useCan(permission: Permission): boolean {
  const session = useSession();
  return can(session.data?.user?.role, permission);
}

let notice: string | undefined;
/** Why the last session ended (an idle timeout, say), for the sign-in page to say once. */
export function setSessionNotice(message: string | undefined) {
  notice = message;
}
export function takeSessionNotice(): string | undefined {
  const message = notice;
  notice = undefined;
  return message;
}
