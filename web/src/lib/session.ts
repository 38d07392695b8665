import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { can, type Permission, type SessionState } from '@keyway/shared';
import { api } from './api-client';

export const getSession = () => api.get<SessionState>('/auth/session');

export const getSessionQueryOptions = () => queryOptions({ queryKey: ['session'], queryFn: getSession, staleTime: 60_000, meta: { refreshAfterChanges: false } });

export const useSession = () => useQuery(getSessionQueryOptions());

/**
 * A new session (signed in, or signed out): whatever was cached under the previous one, perhaps
 * another person's, goes. The session query itself stays, with its observers (the session gate),
 * and takes the new state; clearing it too would leave the gate watching a query that is gone.
 */
export function replaceSession(queryClient: QueryClient, state: SessionState) {
  const sessionKey = getSessionQueryOptions().queryKey;
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
  queryClient.setQueryData(sessionKey, state);
}

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
