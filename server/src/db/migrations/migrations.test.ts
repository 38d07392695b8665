import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../logger';
import { createHealthService } from '../../routes/health/health.service';
import { dataSourceRow } from '../../test-support/data-source-row';
import { postgresBackend, sqliteBackend, type OpenedDatabase } from '../../test-support/test-databases';
import type { Db } from '../database';
import { createHealthRepository } from '../repositories/health.repository';

const BEFORE_FINER_BUCKETS = '0004-roles-and-audit';
const HOUR = '2026-11-20T10:00:00.000Z';
const AFTER = Date.parse('2026-11-21T10:00:00.000Z');

/** The histogram columns of this database's health_hourly: on PostgreSQL, the one in the current schema, not another test's. */
async function histogramColumns(db: Db): Promise<string[]> {
  const tables = await db.introspection.getTables();
  const schema = tables.some((t) => t.schema !== undefined) ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const table = tables.find((t) => t.name === 'health_hourly' && t.schema === schema)!;
  return table.columns.map((c) => c.name).filter((name) => /^b\d+$/.test(name));
}

async function aDataSourceWithHealth(db: Db): Promise<string> {
  const folder = await db.selectFrom('folders').select('id').where('name', '=', 'global').executeTakeFirstOrThrow();
  await db.insertInto('data_sources').values(dataSourceRow({ id: 'ds-old', folder_id: folder.id })).execute();
  await createHealthRepository(db).ensure('ds-old', 300);
  return 'ds-old';
}

/** The 30-day figures come from the hourly histogram alone (the raw checks of that hour are long gone). */
async function monthStats(db: Db, id: string) {
  return (await createHealthService(createHealthRepository(db), undefined, () => AFTER).detail(id, '30d', createLogger('silent'))).stats;
}

// Every test of a skipped backend is reported as skipped, one by one, never hidden in one placeholder.
for (const backend of [sqliteBackend, postgresBackend]) {
  describe.skipIf(Boolean(backend.skip))(`migrations on ${backend.name}`, () => {
    let opened: OpenedDatabase | undefined;
    afterEach(async () => {
      await opened?.close();
      opened = undefined;
    });

    it('upgrades a database made with the 17 buckets 0002 shipped with, and its history keeps its meaning', async () => {
      opened = await backend.open({ upTo: BEFORE_FINER_BUCKETS });
      const { db } = opened;
      expect(await histogramColumns(db)).toHaveLength(17);
      const id = await aDataSourceWithHealth(db);
      // An hour as the old console stored it: 6 checks ≤ 25 ms (old b0), 3 ≤ 150 ms (old b4), 1 ≤ 750 ms (old b8).
      await sql`insert into health_hourly (data_source_id, hour, checks, healthy, degraded, failing, b0, b4, b8) values (${id}, ${HOUR}, 10, 10, 0, 0, 6, 3, 1)`.execute(db);

      const ran = await opened.migrateToLatest();
      expect(ran.map((r) => [r.migrationName, r.status])).toContainEqual(['0005-finer-latency-buckets', 'Success']);
      expect(await histogramColumns(db)).toHaveLength(20);
      // The same hour in today's buckets: the fast checks are ≤ 25 ms still, not ≤ 5 ms.
      expect(await monthStats(db, id)).toEqual({ checks: 10, p50Ms: 25, p95Ms: 750, slowestMs: 750 });
      const row = await db.selectFrom('health_hourly').selectAll().executeTakeFirstOrThrow();
      expect([row.b0, row.b1, row.b2, row.b3, row.b7, row.b11].map(Number)).toEqual([0, 0, 0, 6, 3, 1]);

      // A check recorded after the upgrade lands in the new finest bucket, beside the converted ones.
      await createHealthRepository(db).recordCheck({
        check: { data_source_id: id, started_at: '2026-11-20T10:30:00.000Z', outcome: 'enabled', http_status: 200, oauth_error: null, token_ms: 1, api_ms: 2, total_ms: 3, message: 'OK' },
        state: 'enabled',
        reason: 'OK',
        lastErrorJson: null,
      });
      expect(await monthStats(db, id)).toMatchObject({ checks: 11, p50Ms: 25 });
      expect(Number((await db.selectFrom('health_hourly').select('b0').executeTakeFirstOrThrow()).b0)).toBe(1);
    });

    // Only PostgreSQL has schemas: on SQLite there is nothing to mix up.
    if (backend === postgresBackend) {
      it('reads the layout of its own schema, whatever another schema of the database holds', async () => {
        opened = await backend.open({ upTo: BEFORE_FINER_BUCKETS });
        const { db } = opened;
        // Another console's up-to-date table, in a schema that PostgreSQL's introspection lists first.
        const decoy = sql.id(`a_keyway_decoy_${Math.random().toString(16).slice(2, 10)}`);
        await sql`create schema ${decoy}`.execute(db);
        try {
          await sql`create table ${decoy}.health_hourly (b17 integer)`.execute(db);
          await opened.migrateToLatest();
          expect(await histogramColumns(db)).toHaveLength(20);
        } finally {
          await sql`drop schema ${decoy} cascade`.execute(db);
        }
      });
    }

    it('leaves alone a database whose 0002 already made the 20 buckets, and its figures', async () => {
      opened = await backend.open({ upTo: BEFORE_FINER_BUCKETS });
      const { db } = opened;
      // What 0002 built while it read the live bucket list: b17..b19 were there from the start.
      for (const column of ['b17', 'b18', 'b19']) await db.schema.alterTable('health_hourly').addColumn(column, 'integer', (c) => c.notNull().defaultTo(0)).execute();
      const id = await aDataSourceWithHealth(db);
      await sql`insert into health_hourly (data_source_id, hour, checks, healthy, degraded, failing, b0, b6) values (${id}, ${HOUR}, 4, 4, 0, 0, 3, 1)`.execute(db);

      await opened.migrateToLatest();
      expect(await histogramColumns(db)).toHaveLength(20);
      expect(await monthStats(db, id)).toEqual({ checks: 4, p50Ms: 5, p95Ms: 100, slowestMs: 100 });
    });
  });
}
