import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
/** Roles beyond Administrator, disabled accounts, and the audit log. */
export const rolesAndAudit: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
    await db.schema.alterTable('users').addColumn('last_sign_in_at', 'text').execute();

    await db.schema
      .createTable('audit_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      // No foreign key: the log outlives the accounts and records it names.
      .addColumn('actor_id', 'text')
      .addColumn('actor_email', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('target_type', 'text')
      .addColumn('target_id', 'text')
      .addColumn('target_label', 'text')
      .addColumn('ip', 'text')
      .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema.createIndex('audit_events_at').on('audit_events').columns(['at', 'id']).execute();
    await db.schema.createIndex('audit_events_action_at').on('audit_events').columns(['action', 'at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('audit_events').execute();
    await db.schema.alterTable('users').dropColumn('last_sign_in_at').execute();
    await db.schema.alterTable('users').dropColumn('disabled_at').execute();
  },
};
