import type { Selectable } from 'kysely';
import type { Db } from '../database';
import type { ApiKeysTable } from '../schema';

export type ApiKeyRow = Selectable<ApiKeysTable>;

export function createApiKeysRepository(db: Db) {
  return {
    /** Newest first, revoked and expired ones too: the list says which. */
    list(): Promise<ApiKeyRow[]> {
      return db.selectFrom('api_keys').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
    },
    findById(id: string): Promise<ApiKeyRow | undefined> {
      return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    },
    findByPrefix(prefix: string): Promise<ApiKeyRow | undefined> {
      return db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).executeTakeFirst();
    },
    async insert(row: ApiKeyRow): Promise<void> {
      await db.insertInto('api_keys').values(row).execute();
    },
    /** Revokes a key that is not revoked yet; false when it already was (or does not exist). */
    async revoke(id: string, at: string): Promise<boolean> {
      const result = await db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    /**
     * Moves last_used_at to `at` unless it is already later than `notBefore`: requests that race
     * past the caller's own check still write once. True when this call wrote.
     */
    async touch(id: string, at: string, notBefore: string): Promise<boolean> {
      const result = await db
        .updateTable('api_keys')
        .set({ last_used_at: at })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', notBefore)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>;
