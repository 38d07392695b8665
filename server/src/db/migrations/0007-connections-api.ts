import { type Kysely, type Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The connections API (Flow Service's contract): every data source gets a version, raised by
 * every change from the console or the API, that its etag is made from; who made and last
 * changed it; and, for connections made through a connection spec, which spec and the params
 * that spec keeps beyond the data source's own columns (Salesforce's includeDeletedObjects).
 */
export const connectionsApi: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('data_sources').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.alterTable('data_sources').addColumn('created_by', 'text').execute();
    await db.schema.alterTable('data_sources').addColumn('updated_by', 'text').execute();
    await db.schema.alterTable('data_sources').addColumn('connection_spec', 'text').execute();
    await db.schema.alterTable('data_sources').addColumn('spec_params', 'text', (c) => c.notNull().defaultTo('{}')).execute();
    // The API lists connections across folders by creation time (its default order).
    await db.schema.createIndex('data_sources_created_at').on('data_sources').columns(['created_at', 'id']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('data_sources_created_at').execute();
    for (const column of ['spec_params', 'connection_spec', 'updated_by', 'created_by', 'version']) {
      await db.schema.alterTable('data_sources').dropColumn(column).execute();
    }
  },
};
