import type { CreateAdministratorInput, User } from '@keyway/shared';
import { api } from '@/lib/api-client';
import { replaceSession } from '@/lib/session';

/** Creates the first account, signed in at once: the session gate shows the console. */
export const createAdministrator = (input: CreateAdministratorInput) =>
  api.post<{ user: User }>('/auth/setup', input).then(({ user }) => replaceSession({ user, setupRequired: false }));
