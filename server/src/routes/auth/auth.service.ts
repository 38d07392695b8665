import type { User } from '@keyway/shared';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../crypto/password';
import type { UserRow, UsersRepository } from '../../db/repositories/users.repository';
import { isUniqueViolation } from '../../db/database';
import { serialQueue } from '../../db/serially';
import { conflict } from '../../errors';

export function presentUser(row: UserRow): User {
  return { id: row.id, email: row.email, role: row.role };
}

export type CredentialCheck = { ok: true; user: UserRow } | { ok: false; reason: 'invalid' | 'disabled'; user?: UserRow };

export function createAuthService(users: UsersRepository) {
  // First-run setup is check-then-insert; one at a time, two racing "Create administrator"
  // requests cannot both find the database empty.
  const serially = serialQueue();

  return {
    async setupRequired(): Promise<boolean> {
      return (await users.count()) === 0;
    },

    /** Only while no account exists: afterwards administrators are added by administrators. */
    async createFirstAdministrator(email: string, password: string): Promise<UserRow> {
      const hash = await hashPassword(password);
      return serially(async () => {
        if ((await users.count()) > 0) {
          throw conflict('An administrator already exists. Sign in instead.');
        }
        try {
          return await users.insert(email, hash, 'admin');
        } catch (error) {
          if (isUniqueViolation(error)) throw conflict('An administrator already exists. Sign in instead.');
          throw error;
        }
      });
    },

    /**
     * An unknown email and a wrong password are the same answer, in the same time. Only someone
     * who knows the password learns that the account is disabled.
     */
    async verifyCredentials(email: string, password: string): Promise<CredentialCheck> {
      const user = await users.findByEmail(email);
      if (!user) {
        await burnPasswordCheck(password);
        return { ok: false, reason: 'invalid' };
      }
      if (!(await verifyPassword(password, user.password_hash))) return { ok: false, reason: 'invalid', user };
      if (user.disabled_at) return { ok: false, reason: 'disabled', user };
      return { ok: true, user };
    },

    /** ADMIN_EMAIL / ADMIN_PASSWORD seed the first account; with any account present they are ignored. */
    async seedAdministrator(email: string, password: string): Promise<'created' | 'skipped'> {
      const hash = await hashPassword(password);
      return serially(async () => {
        if ((await users.count()) > 0) return 'skipped';
        await users.insert(email.toLowerCase(), hash, 'admin');
        return 'created';
      });
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
