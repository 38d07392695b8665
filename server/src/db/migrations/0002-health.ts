import type { Kysely, Migration } from 'kysely';

/**
 * A migration is frozen text: it must build what it built the day it shipped, so it names its
 * columns itself rather than reading the code's current constants. The hourly histogram shipped
 * with 17 buckets (b0..b16, upper bounds 25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500,
 * 2000, 3000, 5000, 7500, 10000 ms and beyond); 0005 turns that into today's layout.
 */
const HISTOGRAM_COLUMNS_AS_SHIPPED = ['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8', 'b9', 'b10', 'b11', 'b12', 'b13', 'b14', 'b15', 'b16'];

/* eslint-disable @typescript-eslint/no-explicit-any */
export const health: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('data_source_health')
      .addColumn('data_source_id', 'text', (c) => c.primaryKey().references('data_sources.id').onDelete('cascade'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('state_reason', 'text', (c) => c.notNull())
      .addColumn('state_changed_at', 'text', (c) => c.notNull())
      .addColumn('interval_seconds', 'integer', (c) => c.notNull())
      .addColumn('last_check_at', 'text')
      .addColumn('last_success_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('consecutive_failures', 'integer', (c) => c.notNull())
      // The sparkline's points (JSON array of the last checks' times), so the dashboard reads no raw checks.
      .addColumn('recent_latency', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();

    // Raw checks: kept for the retention period only (HEALTH_RETENTION_DAYS).
    await db.schema
      .createTable('health_checks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('data_source_id', 'text', (c) => c.notNull().references('data_sources.id').onDelete('cascade'))
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('http_status', 'integer')
      .addColumn('oauth_error', 'text')
      .addColumn('token_ms', 'integer')
      .addColumn('api_ms', 'integer')
      .addColumn('total_ms', 'integer', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('health_checks_ds_time').on('health_checks').columns(['data_source_id', 'started_at']).execute();
    await db.schema.createIndex('health_checks_time').on('health_checks').column('started_at').execute();

    // One row per data source and hour, kept long after the raw checks are gone.
    // Latency histogram as columns, so SQL can add hours up.
    let hourly = db.schema
      .createTable('health_hourly')
      .addColumn('data_source_id', 'text', (c) => c.notNull().references('data_sources.id').onDelete('cascade'))
      .addColumn('hour', 'text', (c) => c.notNull())
      .addColumn('checks', 'integer', (c) => c.notNull())
      .addColumn('healthy', 'integer', (c) => c.notNull())
      .addColumn('degraded', 'integer', (c) => c.notNull())
      .addColumn('failing', 'integer', (c) => c.notNull());
    for (const column of HISTOGRAM_COLUMNS_AS_SHIPPED) hourly = hourly.addColumn(column, 'integer', (c) => c.notNull().defaultTo(0));
    await hourly.addPrimaryKeyConstraint('health_hourly_pk', ['data_source_id', 'hour']).execute();
    // Retention deletes by time across all data sources.
    await db.schema.createIndex('health_hourly_hour').on('health_hourly').column('hour').execute();

    await db.schema
      .createTable('health_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('data_source_id', 'text', (c) => c.notNull().references('data_sources.id').onDelete('cascade'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('from_state', 'text')
      .addColumn('to_state', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('health_events_ds_time').on('health_events').columns(['data_source_id', 'at']).execute();
    await db.schema.createIndex('health_events_time').on('health_events').column('at').execute();

    // Data sources created before health checks existed start as "not checked yet".
    const now = new Date().toISOString();
    const existing = await db.selectFrom('data_sources').select('id').execute();
    for (const { id } of existing) {
      await db
        .insertInto('data_source_health')
        .values({ data_source_id: id, state: 'initializing', state_reason: 'Not checked yet', state_changed_at: now, interval_seconds: 300, consecutive_failures: 0 })
        .execute();
    }
  },

  async down(db: Kysely<any>) {
    for (const table of ['health_events', 'health_hourly', 'health_checks', 'data_source_health']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
