import type { SealedSecret } from '../../crypto/secret-box';
import type { Db } from '../database';
import { sql } from 'kysely';

export interface StoredSecret extends SealedSecret {
  version: number;
  updatedAt: string;
}

/** Stores ciphertext only; sealing and opening happen in the service that owns the secret. */
export function createSecretsRepository(db: Db) {
  return {
    async find(ownerId: string, name: string): Promise<StoredSecret | undefined> {
      const row = await db
        .selectFrom('secrets')
        .select(['key_id', 'nonce', 'ciphertext', 'version', 'updated_at'])
        .where('owner_id', '=', ownerId)
        .where('name', '=', name)
        .executeTakeFirst();
      return row && { keyId: row.key_id, nonce: row.nonce, ciphertext: row.ciphertext, version: Number(row.version), updatedAt: row.updated_at };
    },
    async listNames(ownerId: string): Promise<string[]> {
      const rows = await db.selectFrom('secrets').select('name').where('owner_id', '=', ownerId).execute();
      return rows.map((row) => row.name);
    },
    /** The names of the secrets each owner holds, for many owners in one query. */
    async listNamesByOwner(ownerIds: readonly string[]): Promise<Map<string, string[]>> {
      const names = new Map<string, string[]>();
      // SQLite takes at most 32,766 parameters in one statement; a folder holds far fewer data sources, but stay clear of it.
      for (let start = 0; start < ownerIds.length; start += 500) {
        const chunk = ownerIds.slice(start, start + 500);
        const rows = await db.selectFrom('secrets').select(['owner_id', 'name']).where('owner_id', 'in', chunk).execute();
        for (const row of rows) names.set(row.owner_id, [...(names.get(row.owner_id) ?? []), row.name]);
      }
      return names;
    },
    /** Insert or replace, raising the version. Runs inside the caller's transaction when given one. */
    async put(ownerId: string, name: string, sealed: SealedSecret, trx: Db = db): Promise<void> {
      const now = new Date().toISOString();
      await trx
        .insertInto('secrets')
        .values({
          owner_id: ownerId,
          name,
          key_id: sealed.keyId,
          nonce: sealed.nonce,
          ciphertext: sealed.ciphertext,
          version: 1,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['owner_id', 'name']).doUpdateSet((eb) => ({
            key_id: eb.ref('excluded.key_id'),
            nonce: eb.ref('excluded.nonce'),
            ciphertext: eb.ref('excluded.ciphertext'),
            version: eb(eb.ref('secrets.version'), '+', 1),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
    async removeAll(ownerId: string, trx: Db = db): Promise<void> {
      await trx.deleteFrom('secrets').where('owner_id', '=', ownerId).execute();
    },
    /** Every owner whose id starts with `prefix` and whose secrets were all written before `before` (ISO time). */
    async removeStale(prefix: string, before: string, trx: Db = db): Promise<void> {
      await trx
        .deleteFrom('secrets')
        // substr, not LIKE: the prefix's "_" would be a wildcard, and both databases read substr alike.
        .where(sql<boolean>`substr(owner_id, 1, ${prefix.length}) = ${prefix}`)
        .where('updated_at', '<', before)
        .execute();
    },
    /** How many secrets named `name` owners whose id starts with `prefix` hold. */
    async countByOwnerPrefix(prefix: string, name: string): Promise<number> {
      const row = await db
        .selectFrom('secrets')
        .select((eb) => eb.fn.countAll<string | number>().as('count'))
        .where(sql<boolean>`substr(owner_id, 1, ${prefix.length}) = ${prefix}`)
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    async removeExcept(ownerId: string, keep: string[], trx: Db = db): Promise<void> {
      let query = trx.deleteFrom('secrets').where('owner_id', '=', ownerId);
      if (keep.length > 0) query = query.where('name', 'not in', keep);
      await query.execute();
    },
  };
}
export type SecretsRepository = ReturnType<typeof createSecretsRepository>;
