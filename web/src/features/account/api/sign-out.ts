import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { replaceSession } from '@/lib/session';

export const signOut = () => api.post<void>('/auth/sign-out');

export function useSignOut() {
  return useMutation({
    mutationFn: signOut,
    // The console, and every answer it holds, goes with the session (lib/session.ts).
    onSuccess: () => replaceSession({ user: null, setupRequired: false }),
  });
}
