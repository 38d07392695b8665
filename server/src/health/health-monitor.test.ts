import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenCache } from '../connectivity/token-cache';
import { migrateToLatest, openDatabase, type Db } from '../db/database';
import { createHealthRepository } from '../db/repositories/health.repository';
import { AppError } from '../errors';
import { createLogger } from '../logger';
import type { OutboundClient } from '../outbound/outbound-client';
import { dataSourceRow } from '../test-support/data-source-row';
import { HealthMonitor, type HealthMonitorOptions } from './health-monitor';

const SEC = 1_000;
const ID = 'ds-1';

interface LogLine {
  level: number;
  msg: string;
  dataSourceId?: string;
  where?: string;
  reason?: string;
  err?: { message: string };
}
const WARN = 40;
const ERROR = 50;

/**
 * A monitor over an in-memory database with one data source, whose connection cannot be opened:
 * every check is recorded as failing without touching the network. Log lines are kept as JSON.
 */
async function monitorWith(options: Partial<HealthMonitorOptions> = {}, ids: string[] = [ID]) {
  const db: Db = openDatabase({});
  await migrateToLatest(db);
  const folder = await db.selectFrom('folders').select('id').where('name', '=', 'global').executeTakeFirstOrThrow();
  for (const id of ids) await db.insertInto('data_sources').values(dataSourceRow({ id, folder_id: folder.id })).execute();
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString('utf8')) as LogLine);
      callback();
    },
  });
  const health = createHealthRepository(db);
  const monitor = new HealthMonitor({
    health,
    connectionOf: async () => {
      throw new AppError(422, 'secret_unreadable', 'The saved secret cannot be opened.');
    },
    outbound: {} as OutboundClient,
    tokens: new TokenCache({ defaultLifetimeSeconds: 900, skewSeconds: 60 }),
    logger: createLogger('debug', sink),
    defaultIntervalSeconds: 30,
    degradedLatencyMs: 3_000,
    concurrency: 2,
    retentionDays: 7,
    aggregateRetentionDays: 90,
    ...options,
  });
  for (const id of ids) await health.ensure(id, 30);
  return { db, health, monitor, lines };
}

const checksOf = (db: Db) => db.selectFrom('health_checks').select('id').where('data_source_id', '=', ID).execute();

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('HealthMonitor', () => {
  it('logs a callback that throws inside the scheduler as an error with the data source id, and keeps checking', async () => {
    vi.useFakeTimers();
    const { db, monitor, lines } = await monitorWith({
      onCheckStart: () => {
        throw new Error('drift meter broken');
      },
    });
    await monitor.start();
    await vi.advanceTimersByTimeAsync(61 * SEC);
    const stopping = monitor.stop();
    await vi.runAllTimersAsync();
    await stopping;

    const faults = lines.filter((line) => line.msg === 'health scheduler callback onStart threw');
    expect(faults.length).toBeGreaterThanOrEqual(2);
    for (const line of faults) expect(line).toMatchObject({ level: ERROR, dataSourceId: ID, where: 'onStart', err: { message: 'drift meter broken' } });
    expect((await checksOf(db)).length).toBe(faults.length);
    await db.destroy();
  });

  it('says at warn, with the data source id, when the check after a save could not run; the save itself stands', async () => {
    const { db, monitor, lines } = await monitorWith();
    vi.spyOn(monitor['scheduler'], 'runNow').mockRejectedValueOnce(new Error('scheduler broken'));
    await expect(monitor.saved(ID)).resolves.toBeUndefined();
    await vi.waitFor(() => expect(lines.some((line) => line.level === WARN)).toBe(true));
    expect(lines.filter((line) => line.level >= WARN)).toEqual([
      expect.objectContaining({ level: WARN, dataSourceId: ID, msg: 'the health check after a save did not run', err: expect.objectContaining({ message: 'scheduler broken' }) }),
    ]);
    await monitor.stop();
    await db.destroy();
  });

  it('records a check over stored recent check times it cannot read, and says so at warn with the data source id', async () => {
    const { db, health, monitor, lines } = await monitorWith();
    await db.updateTable('data_source_health').set({ recent_latency: '[3,' }).where('data_source_id', '=', ID).execute();
    await monitor.checkNow(ID);

    expect(JSON.parse((await health.find(ID))!.recent_latency)).toHaveLength(1);
    expect(lines.filter((line) => line.level >= WARN)).toEqual([
      expect.objectContaining({ level: WARN, dataSourceId: ID, msg: 'stored recent check times were unreadable; the sparkline keeps what could be read', reason: expect.stringMatching(/^not JSON/) }),
    ]);
    await monitor.stop();
    await db.destroy();
  });
});

describe('HealthMonitor result writes', () => {
  const IDS = ['ds-1', 'ds-2', 'ds-3'];
  /** Long enough that only a full batch, a person's check or a stop writes anything: no test here waits on a clock. */
  const NEVER_MS = 3_600_000;

  it('stores scheduled results that finish together in one transaction, each as it would be on its own', async () => {
    const { db, health, monitor } = await monitorWith({ resultWrites: { windowMs: NEVER_MS, maxBatch: IDS.length } }, IDS);
    const transaction = vi.spyOn(db, 'transaction');
    await Promise.all(IDS.map((id) => monitor.runCheck(id, 'scheduled')));

    expect(transaction).toHaveBeenCalledTimes(1);
    for (const id of IDS) {
      expect(await health.find(id)).toMatchObject({ state: 'failing', state_reason: 'The saved secret cannot be opened.', consecutive_failures: 1 });
      expect(await health.events(id, 10)).toEqual([expect.objectContaining({ from_state: 'initializing', to_state: 'failing' })]);
    }
    expect(monitor.stats().writes).toEqual({ items: 3, transactions: 1 });
    await monitor.stop();
    await db.destroy();
  });

  it('does not let half the check slots wait out the window: with 4 slots, 2 waiting results are stored at once', async () => {
    const { db, monitor } = await monitorWith({ concurrency: 4, resultWrites: { windowMs: NEVER_MS } }, IDS);
    await Promise.all(['ds-1', 'ds-2'].map((id) => monitor.runCheck(id, 'scheduled')));
    expect(monitor.stats().writes).toEqual({ items: 2, transactions: 1 });
    await monitor.stop();
    await db.destroy();
  });

  it('stores a check a person asked for before answering, with the scheduled results queued before it', async () => {
    const { db, health, monitor } = await monitorWith({ resultWrites: { windowMs: NEVER_MS, maxBatch: 100 } }, IDS);
    const transaction = vi.spyOn(db, 'transaction');
    const scheduled = monitor.runCheck('ds-1', 'scheduled');
    await vi.waitFor(() => expect(monitor['writes']['queue']).toHaveLength(1));
    expect((await health.find('ds-1'))!.last_check_at).toBeNull();

    await monitor.checkNow('ds-2');
    expect((await health.find('ds-2'))!.state).toBe('failing');
    expect((await health.find('ds-1'))!.state).toBe('failing');
    await scheduled;
    expect(transaction).toHaveBeenCalledTimes(1);
    await monitor.stop();
    await db.destroy();
  });

  it('stores the results measured before a Pause before the Pause itself', async () => {
    const { db, health, monitor } = await monitorWith({ resultWrites: { windowMs: NEVER_MS, maxBatch: 100 } }, IDS);
    const scheduled = monitor.runCheck('ds-1', 'scheduled');
    await vi.waitFor(() => expect(monitor['writes']['queue']).toHaveLength(1));
    await monitor.pause('ds-1');
    await scheduled;

    expect(await health.find('ds-1')).toMatchObject({ state: 'disabled', consecutive_failures: 0 });
    const events = await health.events('ds-1', 10);
    expect(events.map((event) => [event.from_state, event.to_state])).toEqual([
      ['failing', 'disabled'],
      ['initializing', 'failing'],
    ]);
    await monitor.stop();
    await db.destroy();
  });

  it('stores queued results when it stops, and when shutdown abandons the checks still running', async () => {
    for (const end of ['stop', 'abandon'] as const) {
      const { db, health, monitor } = await monitorWith({ resultWrites: { windowMs: NEVER_MS, maxBatch: 100 } }, IDS);
      const scheduled = monitor.runCheck('ds-1', 'scheduled');
      await vi.waitFor(() => expect(monitor['writes']['queue']).toHaveLength(1));
      await (end === 'stop' ? monitor.stop() : monitor.abandon());
      expect((await health.find('ds-1'))!.state).toBe('failing');
      await scheduled;
      await db.destroy();
    }
  });

  it('stores each result on its own when their batch fails, and says so at warn with the data source ids', async () => {
    const { db, health, monitor, lines } = await monitorWith({ resultWrites: { windowMs: NEVER_MS, maxBatch: IDS.length } }, IDS);
    vi.spyOn(health, 'recordChecks').mockRejectedValueOnce(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    await Promise.all(IDS.map((id) => monitor.runCheck(id, 'scheduled')));

    for (const id of IDS) expect((await health.find(id))!.state).toBe('failing');
    expect(monitor.stats().writes).toEqual({ items: 3, transactions: 4 });
    expect(lines.filter((line) => line.level >= WARN)).toEqual([
      expect.objectContaining({
        level: WARN,
        msg: 'health results could not be stored together; storing them one at a time',
        results: 3,
        dataSourceIds: IDS,
        err: expect.objectContaining({ message: 'database is locked' }),
      }),
    ]);
    await monitor.stop();
    await db.destroy();
  });
});
