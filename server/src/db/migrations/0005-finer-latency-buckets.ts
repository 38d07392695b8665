import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The hourly histogram's buckets became finer after 0002 shipped: 5, 10 and 15 ms were added in
 * front of 25 ms, so 17 buckets (b0 ≤ 25 ms … b16 beyond 10 s) became 20 (b0 ≤ 5 ms … b19 beyond
 * 10 s). Every old bound is still a bound, so old counts convert exactly: old b(i) is new b(i+3),
 * and nothing old can be placed below 25 ms (new b0..b2 stay 0 for those hours).
 *
 * Until this migration existed, 0002 read the live bucket list, so a database made after the
 * change already has b0..b19 in today's meaning: it is left as it is. Which one a database holds
 * is read from its columns, not guessed.
 *
 * No `down`: the console never migrates down, and going back would have to merge what is below
 * 25 ms into one bucket again.
 */
const SHIPPED_BUCKETS = 17;
const ADDED_IN_FRONT = 3;

/* eslint-disable @typescript-eslint/no-explicit-any */
export const finerLatencyBuckets: Migration = {
  async up(db: Kysely<any>) {
    const tables = await db.introspection.getTables();
    // PostgreSQL's introspection lists the tables of every schema in the database, and another
    // schema's health_hourly (another console's, a test's) may have the other layout: only the
    // one in the current schema, which the statements below alter, says what to do.
    const schema = tables.some((table) => table.schema !== undefined)
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
    const hourly = tables.find((table) => table.name === 'health_hourly' && table.schema === schema);
    if (!hourly) throw new Error('health_hourly is missing: migration 0002 did not run');
    if (hourly.columns.some((column) => column.name === `b${SHIPPED_BUCKETS}`)) return;

    for (let i = SHIPPED_BUCKETS; i < SHIPPED_BUCKETS + ADDED_IN_FRONT; i++) {
      await db.schema.alterTable('health_hourly').addColumn(`b${i}`, 'integer', (c) => c.notNull().defaultTo(0)).execute();
    }
    // One UPDATE: SQL evaluates every right-hand side from the row as it was, so the shift does not
    // read what it has just written, in SQLite and PostgreSQL alike.
    const total = SHIPPED_BUCKETS + ADDED_IN_FRONT;
    const assignments = Array.from({ length: total }, (_, i) =>
      i < ADDED_IN_FRONT ? sql`${sql.ref(`b${i}`)} = 0` : sql`${sql.ref(`b${i}`)} = ${sql.ref(`b${i - ADDED_IN_FRONT}`)}`,
    );
    await sql`update health_hourly set ${sql.join(assignments)}`.execute(db);
  },
};
