import { randomBytes, randomUUID } from 'node:crypto';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHealthQueries } from '../../routes/health/health.service';
import { percentile } from '../../health/latency';
import { migrateToLatest, openDatabase, type Db } from '../database';
import { migrationProvider } from '../migrations';
import { dataSourceRow } from '../../test-support/data-source-row';
import type { Database } from '../schema';
import { createHealthRepository } from './health.repository';

/** The percentiles are ranked in hand-written SQL, so both databases run it (KEYWAY_SKIP_POSTGRES=1 skips PostgreSQL, as in database.test.ts). */
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const backends = [
  {
    name: 'SQLite',
    skip: false,
    async open() {
      const db = openDatabase({});
      await migrateToLatest(db);
      return { db, close: () => db.destroy() };
    },
  },
  {
    name: 'PostgreSQL',
    skip: process.env.KEYWAY_SKIP_POSTGRES === '1',
    async open() {
      const schema = `keyway_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5_000 });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}`, max: 4 });
      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
      const { error } = await new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema }).migrateToLatest();
      if (error) throw error;
      return {
        db,
        async close() {
          await db.destroy();
          await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await admin.end();
        },
      };
    },
  },
];

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();

let db: Db;
let health: ReturnType<typeof createHealthRepository>;

async function dataSource(): Promise<string> {
  const id = randomUUID();
  const folderId = randomUUID();
  const now = new Date(NOW).toISOString();
  await db.insertInto('folders').values({ id: folderId, name: folderId, title: 'F', created_at: now }).execute();
  await db.insertInto('data_sources').values(dataSourceRow({ id, folder_id: folderId, created_at: now, updated_at: now })).execute();
  await health.ensure(id, 300);
  return id;
}

/** A check the way the monitor records it: raw row, hourly histogram and state together. */
async function check(id: string, minutesAgo: number, totalMs: number, answered = true) {
  await health.recordCheck({
    check: {
      data_source_id: id,
      started_at: at(minutesAgo),
      outcome: answered ? 'enabled' : 'failing',
      http_status: answered ? 200 : null,
      oauth_error: null,
      token_ms: null,
      api_ms: null,
      total_ms: totalMs,
      message: answered ? 'OK' : 'Connection refused',
    },
    state: answered ? 'enabled' : 'failing',
    reason: '',
    lastErrorJson: null,
  });
}

describe.each(backends)('health figures on $name', (backend) => {
  let close: () => Promise<void>;
  beforeAll(async () => {
    if (backend.skip) return;
    ({ db, close } = await backend.open());
    health = createHealthRepository(db);
  });
  afterAll(() => close?.());

  describe.skipIf(backend.skip)('checkStats', () => {
    it('ranks in SQL exactly as percentile() does, for any number of checks', async () => {
      for (const n of [1, 2, 3, 19, 20, 21, 100]) {
        const id = await dataSource();
        // Unsorted times, so that a wrong rank shows.
        const times = Array.from({ length: n }, (_, i) => ((i * 37) % 101) + i);
        for (const [i, ms] of times.entries()) await check(id, i % 600, ms);
        const stats = (await health.checkStats([id], at(24 * 60))).get(id);
        expect(stats, `n = ${n}`).toEqual({ checks: n, p50: percentile(times, 0.5), p95: percentile(times, 0.95), slowest: Math.max(...times) });
      }
    });

    it('counts checks without an answer for uptime but not for check time, and only since the given time', async () => {
      const id = await dataSource();
      await check(id, 10, 20);
      await check(id, 20, 31);
      await check(id, 30, 2, false);
      await check(id, 25 * 60, 900); // older than the window
      expect((await health.checkStats([id], at(24 * 60))).get(id)).toEqual({ checks: 3, p50: 20, p95: 31, slowest: 31 });
      expect((await health.checkStats([], at(60))).size).toBe(0);
    });
  });

  describe.skipIf(backend.skip)('the health service', () => {
    it('gives the chart exact 24 h percentiles from raw checks and the tile those of the checks its sparkline draws; hourly ones are bounds', async () => {
      const id = await dataSource();
      // 20 checks between 11 and 31 ms: the hourly histogram would say "≤ 50 ms" for the slowest.
      for (let i = 0; i < 20; i++) await check(id, i * 30, 12 + i);
      await check(id, 5, 3, false);
      const queries = createHealthQueries(health, undefined, () => NOW);

      const day = await queries.detail(id, '24h');
      expect(day.latencyExact).toBe(true);
      expect(day.stats).toEqual({ checks: 21, p50Ms: 21, p95Ms: 30, slowestMs: 31 });
      // The tile: the sparkline's last 20 checks (one without an answer), not bucket bounds either.
      const drawn = day.row.recentLatencyMs.flatMap((ms) => (ms === null ? [] : [ms]));
      expect(day.row.recentLatencyMs).toHaveLength(20);
      expect(drawn).toHaveLength(19);
      expect(day.row.p50Ms).toBe(percentile(drawn, 0.5));
      expect(day.row.p95Ms).toBe(percentile(drawn, 0.95));
      expect(day.row.p95Ms).toBeLessThanOrEqual(31);
      expect(day.row.uptime24h).toBeCloseTo(20 / 21);
      const plotted = day.latency.flatMap((p) => (p.p95Ms === null ? [] : [p.p95Ms]));
      expect(Math.max(...plotted)).toBe(31);

      const week = await queries.detail(id, '7d');
      expect(week.latencyExact).toBe(false);
      expect(week.stats).toEqual({ checks: 21, p50Ms: 25, p95Ms: 50, slowestMs: 50 });
    });
  });
});
