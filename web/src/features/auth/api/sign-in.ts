import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SignInInput, User } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { getSessionQueryOptions } from '@/lib/session';

export const signIn = (input: SignInInput) => api.post<{ user: User }>('/auth/sign-in', input);

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: ({ user }) => {
      // Whatever was cached under the previous session (perhaps another person's) goes. The
      // session query stays, with its observers, and takes the new user.
      const sessionKey = getSessionQueryOptions().queryKey;
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
      queryClient.setQueryData(getSessionQueryOptions().queryKey, { user, setupRequired: false });
    },
  });
}
