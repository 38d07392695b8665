import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SignInInput, User } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { replaceSession } from '@/lib/session';

export const signIn = (input: SignInInput) => api.post<{ user: User }>('/auth/sign-in', input);

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: ({ user }) => replaceSession(queryClient, { user, setupRequired: false }),
  });
}
