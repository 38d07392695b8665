import { describe, expect, it, vi } from 'vitest';
import { dataSourceRow } from '../../test-support/data-source-row';
import { postgresBackend, sqliteBackend } from '../../test-support/test-databases';
import type { Db } from '../database';
import { createHealthRepository, type RecordCheckInput } from './health.repository';

const check = (dataSourceId: string, startedAt: string, outcome: RecordCheckInput['check']['outcome'], totalMs: number): RecordCheckInput => ({
  check: {
    data_source_id: dataSourceId,
    started_at: startedAt,
    outcome,
    http_status: outcome === 'failing' ? null : 200,
    oauth_error: null,
    token_ms: totalMs,
    api_ms: 0,
    total_ms: totalMs,
    message: `${outcome} at ${startedAt}`,
  },
  state: outcome,
  reason: `${outcome} at ${startedAt}`,
  lastErrorJson: outcome === 'enabled' ? null : '{"step":"token"}',
});

/** A data source's first check fails and its second, in the next hour, succeeds; another's is slow. */
const CHECKS = [
  check('ds-a', '2026-12-01T10:59:00.000Z', 'failing', 12),
  check('ds-b', '2026-12-01T10:59:30.000Z', 'degraded', 4_000),
  check('ds-a', '2026-12-01T11:00:00.000Z', 'enabled', 40),
];

async function withDataSources(db: Db) {
  const folder = await db.selectFrom('folders').select('id').where('name', '=', 'global').executeTakeFirstOrThrow();
  const health = createHealthRepository(db);
  for (const id of ['ds-a', 'ds-b']) {
    await db.insertInto('data_sources').values(dataSourceRow({ id, folder_id: folder.id })).execute();
    await health.ensure(id, 60);
  }
  return health;
}

/** Everything the checks wrote, without the random ids. */
async function storedBy(db: Db) {
  return {
    health: await db
      .selectFrom('data_source_health')
      .select(['data_source_id', 'state', 'state_reason', 'state_changed_at', 'last_check_at', 'last_success_at', 'last_error', 'consecutive_failures', 'recent_latency'])
      .orderBy('data_source_id')
      .execute(),
    checks: await db.selectFrom('health_checks').selectAll().orderBy('started_at').execute().then((rows) => rows.map(({ id: _id, ...row }) => row)),
    hourly: await db.selectFrom('health_hourly').selectAll().orderBy('data_source_id').orderBy('hour').execute(),
    events: await db.selectFrom('health_events').selectAll().orderBy('at').execute().then((rows) => rows.map(({ id: _id, ...row }) => row)),
  };
}

for (const backend of [sqliteBackend, postgresBackend]) {
  describe.skipIf(Boolean(backend.skip))(`health repository on ${backend.name}`, () => {
    it('stores a batch of checks in one transaction exactly as it stores them one at a time', async () => {
      const one = await backend.open();
      const batched = await backend.open();
      try {
        const health = await withDataSources(one.db);
        for (const input of CHECKS) await health.recordCheck(input);

        const batchHealth = await withDataSources(batched.db);
        const transaction = vi.spyOn(batched.db, 'transaction');
        const results = await batchHealth.recordChecks(CHECKS);
        expect(transaction).toHaveBeenCalledTimes(1);
        expect(results).toEqual([{ changedFrom: 'initializing' }, { changedFrom: 'initializing' }, { changedFrom: 'failing' }]);

        const stored = await storedBy(batched.db);
        expect(stored).toEqual(await storedBy(one.db));
        // The batch's second check of ds-a saw its first: it ended a run of failures, after an event for each move.
        expect(stored.health[0]).toMatchObject({ data_source_id: 'ds-a', state: 'enabled', consecutive_failures: 0, last_error: null, recent_latency: '[null,40]' });
        expect(stored.events.map((event) => [event.data_source_id, event.from_state, event.to_state])).toEqual([
          ['ds-a', 'initializing', 'failing'],
          ['ds-b', 'initializing', 'degraded'],
          ['ds-a', 'failing', 'enabled'],
        ]);
      } finally {
        await one.close();
        await batched.close();
      }
    });

    it('stores none of a batch when one of its checks cannot be stored', async () => {
      const opened = await backend.open();
      try {
        const health = await withDataSources(opened.db);
        // A check without an outcome breaks a NOT NULL constraint, after ds-a's check was written.
        const broken = { ...CHECKS[1]!, check: { ...CHECKS[1]!.check, outcome: null as never } };
        await expect(health.recordChecks([CHECKS[0]!, broken])).rejects.toThrow(/null/i);
        const stored = await storedBy(opened.db);
        expect(stored).toMatchObject({ checks: [], hourly: [], events: [] });
        expect(stored.health.map((row) => row.state)).toEqual(['initializing', 'initializing']);
      } finally {
        await opened.close();
      }
    });
  });
}
