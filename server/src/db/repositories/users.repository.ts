import { randomUUID } from 'node:crypto';
import type { Db } from '../database';
import type { Selectable } from 'kysely';
import type { UsersTable } from '../schema';

export type UserRow = Selectable<UsersTable>;

export function createUsersRepository(db: Db) {
  return {
    async count(): Promise<number> {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    findByEmail(email: string): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    },
    findById(id: string): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async insert(email: string, passwordHash: string): Promise<UserRow> {
      const row = { id: randomUUID(), email, password_hash: passwordHash, role: 'admin' as const, created_at: new Date().toISOString() };
      await db.insertInto('users').values(row).execute();
      return { ...row, session_version: 1 };
    },
    /** Ends every session of this user at once. */
    async bumpSessionVersion(id: string): Promise<void> {
      await db
        .updateTable('users')
        .set((eb) => ({ session_version: eb(eb.ref('session_version'), '+', 1) }))
        .where('id', '=', id)
        .execute();
    },
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;
