import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { replaceSession } from '@/lib/session';

export const signOut = () => api.post<void>('/auth/sign-out');

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    // Nothing fetched under the old session may be shown to whoever signs in next.
    onSuccess: () => replaceSession(queryClient, { user: null, setupRequired: false }),
  });
}
