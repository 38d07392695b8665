import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { getSessionQueryOptions } from '@/lib/session';

export const signOut = () => api.post<void>('/auth/sign-out');

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSuccess: () => {
      // Nothing fetched under the old session may be shown to whoever signs in next. The session
      // query itself stays, with its observers (the session gate), and becomes "signed out".
      const sessionKey = getSessionQueryOptions().queryKey;
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
      queryClient.setQueryData(sessionKey, { user: null, setupRequired: false });
    },
  });
}
