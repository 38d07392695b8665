import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { getSessionQueryOptions } from '@/lib/session';

export const signOut = () => api.post<void>('/auth/sign-out');

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSuccess: () => {
      // Nothing fetched under the old session may be shown to whoever signs in next.
      queryClient.clear();
      queryClient.setQueryData(getSessionQueryOptions().queryKey, { user: null, setupRequired: false });
    },
  });
}
