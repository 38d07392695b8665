import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * API keys for programs that use /api/v1. Only a hash of each key is stored; `prefix` is the
 * visible start of the key, by which a presented key is looked up. Revoked keys stay, so the list
 * and the audit log can still name them.
 */
export const apiKeys: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('prefix', 'text', (c) => c.notNull().unique())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      // An email or the command line; no foreign key: a key outlives the account that made it.
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('last_used_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('api_keys').execute();
  },
};
