import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
/** A counter in every session cookie: raising it (sign-out) makes every earlier cookie of that user invalid. */
export const sessionVersion: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('users').addColumn('session_version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('users').dropColumn('session_version').execute();
  },
};
