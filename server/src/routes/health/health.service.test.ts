import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { HealthListQuerySchema } from '@keyway/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHealthService } from './health.service';
import { percentile } from '../../db/latency';
import type { Db } from '../../db/database';
import { dataSourceRow } from '../../test-support/data-source-row';
import { postgresBackend, sqliteBackend } from '../../test-support/test-databases';
import { createHealthRepository } from '../../db/repositories/health.repository';
import { createLogger } from '../../logger';

/** The service's figures on both databases the console runs on (KEYWAY_SKIP_POSTGRES=1 skips PostgreSQL). */
const backends = [sqliteBackend, postgresBackend];

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();

/** A logger whose lines the test reads back, parsed. */
function logLines() {
  const lines: Array<{ level: number; msg: string; dataSourceId?: string; reason?: string }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString('utf8')) as (typeof lines)[number]);
      callback();
    },
  });
  return { lines, log: createLogger('debug', sink) };
}
const WARN = 40;

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

  describe.skipIf(backend.skip)('the health service', () => {
    it('counts checks without an answer in a range but not for check time, and only checks since the range began', async () => {
      const id = await dataSource();
      await check(id, 10, 20);
      await check(id, 20, 31);
      await check(id, 30, 2, false);
      await check(id, 25 * 60, 900); // older than the 24 h range
      const day = await createHealthService(health, undefined, () => NOW).detail(id, '24h', logLines().log);
      expect(day.stats).toEqual({ checks: 3, p50Ms: 20, p95Ms: 31, slowestMs: 31 });
    });

    it('gives the chart exact 24 h percentiles from raw checks and the tile those of the checks its sparkline draws; hourly ones are bounds', async () => {
      const id = await dataSource();
      // 20 checks between 11 and 31 ms: the hourly histogram would say "≤ 50 ms" for the slowest.
      for (let i = 0; i < 20; i++) await check(id, i * 30, 12 + i);
      await check(id, 5, 3, false);
      const service = createHealthService(health, undefined, () => NOW);
      const { log, lines } = logLines();

      const day = await service.detail(id, '24h', log);
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

      const week = await service.detail(id, '7d', log);
      expect(week.latencyExact).toBe(false);
      expect(week.stats).toEqual({ checks: 21, p50Ms: 25, p95Ms: 50, slowestMs: 50 });
      expect(lines.filter((line) => line.level >= WARN)).toEqual([]);
    });

    it('presents a row whose stored last error or recent check times cannot be read, and says so at warn with its id', async () => {
      const id = await dataSource();
      await check(id, 10, 20);
      await db.updateTable('data_source_health').set({ last_error: '{"step":"tok', recent_latency: '[12,"x",null]' }).where('data_source_id', '=', id).execute();
      const service = createHealthService(health, undefined, () => NOW);
      const { log, lines } = logLines();

      const row = await service.row(id, log);
      expect(row.lastError).toBeNull();
      expect(row.recentLatencyMs).toEqual([12, null]);
      expect(lines.filter((line) => line.level >= WARN)).toEqual([
        expect.objectContaining({ level: WARN, dataSourceId: id, msg: 'stored recent check times are unreadable; the sparkline shows what could be read', reason: '1 of 3 entries are neither numbers nor null' }),
        expect.objectContaining({ level: WARN, dataSourceId: id, msg: 'stored last health error is not JSON; shown as none' }),
      ]);

      await db.updateTable('data_source_health').set({ last_error: '"just text"', recent_latency: 'oops' }).where('data_source_id', '=', id).execute();
      lines.length = 0;
      const listed = await service.list(HealthListQuerySchema.parse({ search: id }), log);
      expect(listed.rows.map((r) => [r.lastError, r.recentLatencyMs])).toEqual([[null, []]]);
      expect(lines.map((line) => [line.dataSourceId, line.msg])).toEqual([
        [id, 'stored recent check times are unreadable; the sparkline shows what could be read'],
        [id, 'stored last health error is not a JSON object; shown as none'],
      ]);
    });

    it('records a check over stored recent check times it cannot read, keeps what it can and says why', async () => {
      const id = await dataSource();
      await db.updateTable('data_source_health').set({ recent_latency: 'not json' }).where('data_source_id', '=', id).execute();
      const recorded = await health.recordCheck({
        check: { data_source_id: id, started_at: at(1), outcome: 'enabled', http_status: 200, oauth_error: null, token_ms: null, api_ms: null, total_ms: 7, message: 'OK' },
        state: 'enabled',
        reason: '',
        lastErrorJson: null,
      });
      expect(recorded.unreadableLatencies).toMatch(/^not JSON/);
      expect((await health.find(id))!.recent_latency).toBe('[7]');
      const again = await health.recordCheck({
        check: { data_source_id: id, started_at: at(0), outcome: 'enabled', http_status: 200, oauth_error: null, token_ms: null, api_ms: null, total_ms: 8, message: 'OK' },
        state: 'enabled',
        reason: '',
        lastErrorJson: null,
      });
      expect(again).not.toHaveProperty('unreadableLatencies');
    });
  });
});
