import { randomUUID } from 'node:crypto';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { Db } from '../database';
import type { Database, DataSourceHealthTable, HealthChecksTable, HealthHourlyTable, HealthStateColumn } from '../schema';
import { bucketIndex, HISTOGRAM_COLUMNS, hourOf } from '../latency';
import { containsIgnoringCase } from './like';

export type HealthRowRecord = Selectable<DataSourceHealthTable> & { title: string; folder_id: string; folder_title: string };

/** How many recent check times a data source keeps for its sparkline. */
export const SPARKLINE_POINTS = 20;

/** Sums over a window of hours, per data source: uptime and the latency histogram. */
export interface WindowTotals {
  data_source_id: string;
  checks: number;
  healthy: number;
  histogram: number[];
}

export interface ListFilters {
  folderId?: string;
  state?: HealthStateColumn;
  search?: string;
}

export interface RecordCheckInput {
  check: Omit<HealthChecksTable, 'id'>;
  /** The state after this check, and why; an event is written when it differs from the current one. */
  state: HealthStateColumn;
  reason: string;
  lastErrorJson: string | null;
}

export function createHealthRepository(db: Db) {
  const withDataSource = () =>
    db
      .selectFrom('data_source_health as h')
      .innerJoin('data_sources as d', 'd.id', 'h.data_source_id')
      .innerJoin('folders as f', 'f.id', 'd.folder_id')
      .selectAll('h')
      .select(['d.title as title', 'd.folder_id as folder_id', 'f.title as folder_title']);

  function filtered(filters: ListFilters) {
    let query = withDataSource();
    if (filters.folderId) query = query.where('d.folder_id', '=', filters.folderId);
    if (filters.state) query = query.where('h.state', '=', filters.state);
    if (filters.search) query = query.where(containsIgnoringCase('d.title', filters.search));
    return query;
  }

  return {
    async ensure(dataSourceId: string, intervalSeconds: number): Promise<void> {
      await db
        .insertInto('data_source_health')
        .values({
          data_source_id: dataSourceId,
          state: 'initializing',
          state_reason: 'Not checked yet',
          state_changed_at: new Date().toISOString(),
          interval_seconds: intervalSeconds,
          consecutive_failures: 0,
        })
        .onConflict((oc) => oc.column('data_source_id').doNothing())
        .execute();
    },

    /** Every data source gets a health row, even one whose save was interrupted before its row was written. */
    async ensureAll(intervalSeconds: number): Promise<void> {
      const missing = await db
        .selectFrom('data_sources as d')
        .leftJoin('data_source_health as h', 'h.data_source_id', 'd.id')
        .select('d.id')
        .where('h.data_source_id', 'is', null)
        .execute();
      for (const { id } of missing) await this.ensure(id, intervalSeconds);
    },

    find(dataSourceId: string): Promise<HealthRowRecord | undefined> {
      return withDataSource().where('h.data_source_id', '=', dataSourceId).executeTakeFirst();
    },

    schedule(): Promise<Array<Pick<DataSourceHealthTable, 'data_source_id' | 'interval_seconds' | 'state'>>> {
      return db.selectFrom('data_source_health').select(['data_source_id', 'interval_seconds', 'state']).execute();
    },

    async summary(folderId?: string): Promise<Record<HealthStateColumn, number>> {
      let query = db
        .selectFrom('data_source_health as h')
        .innerJoin('data_sources as d', 'd.id', 'h.data_source_id')
        .select(['h.state as state'])
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .groupBy('h.state');
      if (folderId) query = query.where('d.folder_id', '=', folderId);
      const counts: Record<HealthStateColumn, number> = { initializing: 0, enabled: 0, degraded: 0, failing: 0, disabled: 0 };
      for (const row of await query.execute()) counts[row.state] = Number(row.n);
      return counts;
    },

    async page(filters: ListFilters, page: number, pageSize: number): Promise<{ rows: HealthRowRecord[]; total: number }> {
      const [rows, count] = await Promise.all([
        // What needs attention first: failing, degraded, not checked yet, healthy, paused; then by title.
        filtered(filters)
          .orderBy(sql`case h.state when 'failing' then 0 when 'degraded' then 1 when 'initializing' then 2 when 'enabled' then 3 else 4 end`)
          .orderBy('d.title')
          .orderBy('d.id')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        filtered(filters)
          .clearSelect()
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(count.n) };
    },

    /** A data source's newest checks, through the (id, time) index. */
    recentChecks(dataSourceId: string, limit: number): Promise<HealthChecksTable[]> {
      return db.selectFrom('health_checks').selectAll().where('data_source_id', '=', dataSourceId).orderBy('started_at', 'desc').limit(limit).execute();
    },

    checksSince(dataSourceId: string, since: string): Promise<HealthChecksTable[]> {
      return db
        .selectFrom('health_checks')
        .selectAll()
        .where('data_source_id', '=', dataSourceId)
        .where('started_at', '>=', since)
        .orderBy('started_at')
        .execute();
    },

    hourlySince(dataSourceId: string, sinceHour: string): Promise<Array<Selectable<HealthHourlyTable>>> {
      return db.selectFrom('health_hourly').selectAll().where('data_source_id', '=', dataSourceId).where('hour', '>=', sinceHour).orderBy('hour').execute();
    },

    /** Per data source, the hours since `sinceHour` added up in SQL: one row each, however long the window. */
    async windowTotals(dataSourceIds: string[], sinceHour: string): Promise<Map<string, WindowTotals>> {
      if (dataSourceIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('health_hourly')
        .select('data_source_id')
        .select((eb) => [
          eb.fn.sum<number | string>('checks').as('checks'),
          eb.fn.sum<number | string>('healthy').as('healthy'),
          ...HISTOGRAM_COLUMNS.map((column) => eb.fn.sum<number | string>(column).as(column)),
        ])
        .where('data_source_id', 'in', dataSourceIds)
        .where('hour', '>=', sinceHour)
        .groupBy('data_source_id')
        .execute();
      return new Map(
        rows.map((row) => {
          const record = row as unknown as Record<string, string | number>;
          return [
            row.data_source_id,
            { data_source_id: row.data_source_id, checks: Number(row.checks), healthy: Number(row.healthy), histogram: HISTOGRAM_COLUMNS.map((c) => Number(record[c] ?? 0)) },
          ];
        }),
      );
    },

    events(dataSourceId: string, limit: number) {
      return db.selectFrom('health_events').selectAll().where('data_source_id', '=', dataSourceId).orderBy('at', 'desc').limit(limit).execute();
    },

    /**
     * The check, its hour's aggregate and the new state, together or not at all. `unreadableLatencies`
     * says why the stored recent check times could not all be read (what could is kept), for the
     * caller to log: this layer has no logger.
     */
    async recordCheck(input: RecordCheckInput): Promise<RecordCheckResult> {
      const [result] = await this.recordChecks([input]);
      return result!;
    },

    /**
     * Several checks in one transaction, one after the other as recordCheck would store them (a
     * data source's second check in the batch sees its first): one commit, one fsync, for all.
     */
    recordChecks(inputs: readonly RecordCheckInput[]): Promise<RecordCheckResult[]> {
      return db.transaction().execute(async (trx) => {
        const results: RecordCheckResult[] = [];
        for (const input of inputs) results.push(await recordIn(trx, input));
        return results;
      });
    },

    /** Pause / resume: a state change by an administrator, recorded like any other. */
    async setState(dataSourceId: string, state: HealthStateColumn, reason: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom('data_source_health').select('state').where('data_source_id', '=', dataSourceId).executeTakeFirst();
        if (!current || current.state === state) return;
        const at = new Date().toISOString();
        const result = await trx
          .updateTable('data_source_health')
          .set({ state, state_reason: reason, state_changed_at: at, consecutive_failures: 0 })
          .where('data_source_id', '=', dataSourceId)
          .where('state', '=', current.state)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return;
        await trx
          .insertInto('health_events')
          .values({ id: randomUUID(), data_source_id: dataSourceId, at, from_state: current.state, to_state: state, reason })
          .execute();
      });
    },

    async setInterval(dataSourceId: string, intervalSeconds: number): Promise<void> {
      await db.updateTable('data_source_health').set({ interval_seconds: intervalSeconds }).where('data_source_id', '=', dataSourceId).execute();
    },

    /** Retention: raw checks go after `rawBefore`, hourly rows and events after `aggregatesBefore`. */
    async prune(rawBefore: string, aggregatesBefore: string): Promise<{ checks: number }> {
      const deleted = await db.deleteFrom('health_checks').where('started_at', '<', rawBefore).executeTakeFirst();
      await db.deleteFrom('health_hourly').where('hour', '<', aggregatesBefore).execute();
      await db.deleteFrom('health_events').where('at', '<', aggregatesBefore).execute();
      return { checks: Number(deleted.numDeletedRows) };
    },
  };
}
export type HealthRepository = ReturnType<typeof createHealthRepository>;

export interface RecordCheckResult {
  changedFrom: HealthStateColumn | null;
  unreadableLatencies?: string;
}

/** One check, inside the caller's transaction. */
async function recordIn(trx: Transaction<Database>, input: RecordCheckInput): Promise<RecordCheckResult> {
  const { check } = input;
  const current = await trx.selectFrom('data_source_health').selectAll().where('data_source_id', '=', check.data_source_id).executeTakeFirst();
  if (!current) return { changedFrom: null };
  await trx.insertInto('health_checks').values({ id: randomUUID(), ...check }).execute();

  // One upsert that adds this check to its hour: no read-modify-write, one statement.
  // Latency counts only checks that got an answer: an instant "connection refused" is not a fast API.
  const bucket = check.http_status === null ? undefined : HISTOGRAM_COLUMNS[bucketIndex(check.total_ms)]!;
  const outcomeCounts = {
    healthy: check.outcome === 'enabled' ? 1 : 0,
    degraded: check.outcome === 'degraded' ? 1 : 0,
    failing: check.outcome === 'failing' ? 1 : 0,
  };
  await trx
    .insertInto('health_hourly')
    .values({ data_source_id: check.data_source_id, hour: hourOf(check.started_at), checks: 1, ...outcomeCounts, ...(bucket ? { [bucket]: 1 } : {}) })
    .onConflict((oc) =>
      oc.columns(['data_source_id', 'hour']).doUpdateSet((eb) => ({
        checks: eb(eb.ref('health_hourly.checks'), '+', 1),
        healthy: eb(eb.ref('health_hourly.healthy'), '+', outcomeCounts.healthy),
        degraded: eb(eb.ref('health_hourly.degraded'), '+', outcomeCounts.degraded),
        failing: eb(eb.ref('health_hourly.failing'), '+', outcomeCounts.failing),
        ...(bucket ? { [bucket]: eb(eb.ref(`health_hourly.${bucket}` as const), '+', 1) } : {}),
      })),
    )
    .execute();

  const stored = parseLatencies(current.recent_latency);
  const recent = [...stored.latencies, check.http_status === null && check.outcome !== 'enabled' ? null : check.total_ms];
  const healthy = check.outcome === 'enabled';
  await trx
    .updateTable('data_source_health')
    .set({
      last_check_at: check.started_at,
      ...(healthy ? { last_success_at: check.started_at } : {}),
      last_error: input.lastErrorJson,
      consecutive_failures: healthy ? 0 : Number(current.consecutive_failures) + 1,
      recent_latency: JSON.stringify(recent.slice(-SPARKLINE_POINTS)),
    })
    .where('data_source_id', '=', check.data_source_id)
    .execute();
  // The state moves only if nobody else moved it since it was read (a Pause or Resume while
  // this check ran wins), and a paused data source stays paused.
  let changed = false;
  if (current.state !== 'disabled') {
    const result = await trx
      .updateTable('data_source_health')
      .set({ state: input.state, state_reason: input.reason, ...(input.state !== current.state ? { state_changed_at: check.started_at } : {}) })
      .where('data_source_id', '=', check.data_source_id)
      .where('state', '=', current.state)
      .executeTakeFirst();
    changed = Number(result.numUpdatedRows) > 0 && input.state !== current.state;
  }
  if (changed) {
    await trx
      .insertInto('health_events')
      .values({ id: randomUUID(), data_source_id: check.data_source_id, at: check.started_at, from_state: current.state, to_state: input.state, reason: input.reason })
      .execute();
  }
  return { changedFrom: changed ? current.state : null, ...(stored.unreadable ? { unreadableLatencies: stored.unreadable } : {}) };
}

/**
 * A data source's stored recent check times (a JSON array of numbers and nulls). What cannot be
 * read is left out, and `unreadable` says why, for the caller to log with the data source's id.
 */
export function parseLatencies(json: string): { latencies: Array<number | null>; unreadable?: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { latencies: [], unreadable: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!Array.isArray(value)) return { latencies: [], unreadable: 'not a JSON array' };
  const latencies = value.filter((v): v is number | null => v === null || typeof v === 'number');
  const dropped = value.length - latencies.length;
  return dropped === 0 ? { latencies } : { latencies, unreadable: `${dropped} of ${value.length} entries are neither numbers nor null` };
}
