import { randomUUID } from 'node:crypto';
import type { Kysely, Migration } from 'kysely';

// Migrations take Kysely<any>: they must keep working after the Database type moves on.
/* eslint-disable @typescript-eslint/no-explicit-any */
export const initial: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('folders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('data_sources')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('folder_id', 'text', (c) => c.notNull().references('folders.id').onDelete('restrict'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('service_type', 'text', (c) => c.notNull())
      .addColumn('swagger_source', 'text', (c) => c.notNull())
      .addColumn('swagger_url', 'text', (c) => c.notNull())
      .addColumn('swagger_file_name', 'text', (c) => c.notNull())
      .addColumn('swagger_document', 'text', (c) => c.notNull())
      .addColumn('swagger_format', 'text', (c) => c.notNull())
      .addColumn('api_title', 'text', (c) => c.notNull())
      .addColumn('api_version', 'text', (c) => c.notNull())
      .addColumn('operation_count', 'integer', (c) => c.notNull())
      .addColumn('scheme', 'text', (c) => c.notNull())
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('base_path', 'text', (c) => c.notNull())
      .addColumn('auth_type', 'text', (c) => c.notNull())
      .addColumn('auth_config', 'text', (c) => c.notNull())
      .addColumn('last_test_ok', 'integer')
      .addColumn('last_tested_at', 'text')
      .addColumn('last_test_message', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('data_sources_folder_name_unique', ['folder_id', 'name'])
      .execute();

    await db.schema
      .createTable('secrets')
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('ciphertext', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('secrets_pk', ['owner_id', 'name'])
      .execute();

    await db
      .insertInto('folders')
      .values({ id: randomUUID(), name: 'global', title: 'Global', created_at: new Date().toISOString() })
      .execute();
  },

  async down(db: Kysely<any>) {
    for (const table of ['secrets', 'data_sources', 'folders', 'users']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
