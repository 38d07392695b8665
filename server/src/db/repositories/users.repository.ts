import { randomUUID } from 'node:crypto';
import type { Role } from '@keyway/shared';
import type { Db } from '../database';
import type { Selectable } from 'kysely';
import type { UsersTable } from '../schema';
import { cachedReads, tableWritesOf } from '../table-writes';

export type UserRow = Selectable<UsersTable>;

/**
 * How long a user row read to check a session may serve the next checks: a change made outside
 * this process (another console on the same PostgreSQL, the `keyway` command on the same SQLite
 * file) is seen within this time; a change made in this process, at once.
 */
const SESSION_USER_REUSE_MS = 1_000;

export function createUsersRepository(db: Db, now: () => number = () => performance.now()) {
  const writes = tableWritesOf(db);
  // Every signed-in request checks its user (exists, not disabled, same session version): at a few
  // hundred requests a second from a handful of people, the same row read again and again.
  const sessionUsers = writes && cachedReads<string, UserRow | undefined>(writes, { tables: ['users'], reuseMs: SESSION_USER_REUSE_MS, capacity: 10_000, now });
  const readUser = (id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

  /** Every change that alters what a person may do also ends their sessions (session_version + 1). */
  const updateAndRevoke = (id: string, values: Partial<Pick<UserRow, 'role' | 'disabled_at' | 'password_hash'>>) =>
    db
      .updateTable('users')
      .set((eb) => ({ ...values, session_version: eb(eb.ref('session_version'), '+', 1) }))
      .where('id', '=', id)
      .executeTakeFirst();

  return {
    async count(): Promise<number> {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Administrators who can still sign in: the console must always keep at least one. */
    async countActiveAdministrators(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    list(): Promise<UserRow[]> {
      return db.selectFrom('users').selectAll().orderBy('email').execute();
    },
    findByEmail(email: string): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    },
    findById(id: string): Promise<UserRow | undefined> {
      return readUser(id);
    },
    /** The user a session names, as read at most SESSION_USER_REUSE_MS ago and not changed here since. Frozen: requests share it. */
    findForSession(id: string): UserRow | undefined | Promise<UserRow | undefined> {
      return sessionUsers ? sessionUsers.get(id, () => readUser(id)) : readUser(id);
    },
    async insert(email: string, passwordHash: string, role: Role = 'admin'): Promise<UserRow> {
      const row = {
        id: randomUUID(),
        email,
        password_hash: passwordHash,
        role,
        created_at: new Date().toISOString(),
        disabled_at: null,
        last_sign_in_at: null,
      };
      await db.insertInto('users').values(row).execute();
      return { ...row, session_version: 1 };
    },
    async recordSignIn(id: string): Promise<void> {
      await db.updateTable('users').set({ last_sign_in_at: new Date().toISOString() }).where('id', '=', id).execute();
    },
    /** Ends every session of this user at once. */
    async bumpSessionVersion(id: string): Promise<void> {
      await updateAndRevoke(id, {});
    },
    async setRole(id: string, role: Role): Promise<void> {
      await updateAndRevoke(id, { role });
    },
    async setDisabled(id: string, disabled: boolean): Promise<void> {
      await updateAndRevoke(id, { disabled_at: disabled ? new Date().toISOString() : null });
    },
    async setPasswordHash(id: string, passwordHash: string): Promise<void> {
      await updateAndRevoke(id, { password_hash: passwordHash });
    },
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;
