import type { User } from '@keyway/shared';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../crypto/password';
import type { UserRow, UsersRepository } from '../../db/repositories/users.repository';
import { isUniqueViolation } from '../../db/database';
import { conflict } from '../../http/errors';

export function presentUser(row: UserRow): User {
  return { id: row.id, email: row.email, role: row.role };
}

export function createAuthService(users: UsersRepository) {
  return {
    async setupRequired(): Promise<boolean> {
      return (await users.count()) === 0;
    },

    /** Only while no account exists: afterwards administrators are added by administrators. */
    async createFirstAdministrator(email: string, password: string): Promise<UserRow> {
      if ((await users.count()) > 0) {
        throw conflict('An administrator already exists. Sign in instead.');
      }
      const hash = await hashPassword(password);
      try {
        return await users.insert(email, hash);
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict('An administrator already exists. Sign in instead.');
        throw error;
      }
    },

    /** null for any failure: the caller must not tell an unknown email from a wrong password. */
    async verifyCredentials(email: string, password: string): Promise<UserRow | null> {
      const user = await users.findByEmail(email);
      if (!user) {
        await burnPasswordCheck(password);
        return null;
      }
      return (await verifyPassword(password, user.password_hash)) ? user : null;
    },

    /** ADMIN_EMAIL / ADMIN_PASSWORD seed the first account; with any account present they are ignored. */
    async seedAdministrator(email: string, password: string): Promise<'created' | 'skipped'> {
      if ((await users.count()) > 0) return 'skipped';
      await users.insert(email.toLowerCase(), await hashPassword(password));
      return 'created';
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
