import type { SignInInput, User } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { replaceSession } from '@/lib/session';

/** Signs in; the answer becomes the session, and the session gate shows the console. */
export const signIn = (input: SignInInput) =>
  api.post<{ user: User }>('/auth/sign-in', input).then(({ user }) => replaceSession({ user, setupRequired: false }));
