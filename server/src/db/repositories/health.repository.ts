import { randomUUID } from 'node:crypto';
import type { Db } from '../database';
import type { DataSourceHealthTable, HealthChecksTable, HealthHourlyTable, HealthStateColumn } from '../schema';
import { addToHistogram, emptyHistogram, hourOf, parseHistogram } from '../../health/latency';

export type HealthRowRecord = DataSourceHealthTable & { title: string; folder_id: string; folder_title: string };

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
    if (filters.search) {
      // lower() on both sides is case-insensitive in SQLite and PostgreSQL alike; LIKE's wildcards
      // are dropped from the term because the two databases escape them differently.
      const pattern = `%${filters.search.toLowerCase().replace(/[\\%_]/g, '')}%`;
      query = query.where((eb) => eb(eb.fn('lower', ['d.title']), 'like', eb.val(pattern)));
    }
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
        filtered(filters).orderBy('d.title').orderBy('d.id').limit(pageSize).offset((page - 1) * pageSize).execute(),
        filtered(filters)
          .clearSelect()
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(count.n) };
    },

    /** One small query per data source: each reads only its newest rows through the (id, time) index. */
    async recentChecks(dataSourceIds: string[], limit: number): Promise<Map<string, HealthChecksTable[]>> {
      const entries = await Promise.all(
        dataSourceIds.map(async (id) => {
          const rows = await db.selectFrom('health_checks').selectAll().where('data_source_id', '=', id).orderBy('started_at', 'desc').limit(limit).execute();
          return [id, rows] as const;
        }),
      );
      return new Map(entries);
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

    hourlySince(dataSourceIds: string[], sinceHour: string): Promise<HealthHourlyTable[]> {
      if (dataSourceIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('health_hourly')
        .selectAll()
        .where('data_source_id', 'in', dataSourceIds)
        .where('hour', '>=', sinceHour)
        .orderBy('hour')
        .execute();
    },

    events(dataSourceId: string, limit: number) {
      return db.selectFrom('health_events').selectAll().where('data_source_id', '=', dataSourceId).orderBy('at', 'desc').limit(limit).execute();
    },

    /** The check, its hour's aggregate and the new state, together or not at all. */
    async recordCheck(input: RecordCheckInput): Promise<{ changedFrom: HealthStateColumn | null }> {
      const { check } = input;
      return db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom('data_source_health').selectAll().where('data_source_id', '=', check.data_source_id).executeTakeFirst();
        if (!current) return { changedFrom: null };
        await trx.insertInto('health_checks').values({ id: randomUUID(), ...check }).execute();

        const hour = hourOf(check.started_at);
        const existing = await trx
          .selectFrom('health_hourly')
          .selectAll()
          .where('data_source_id', '=', check.data_source_id)
          .where('hour', '=', hour)
          .executeTakeFirst();
        const histogram = addToHistogram(existing ? parseHistogram(existing.latency_histogram) : emptyHistogram(), check.total_ms);
        const counts = {
          checks: Number(existing?.checks ?? 0) + 1,
          healthy: Number(existing?.healthy ?? 0) + (check.outcome === 'enabled' ? 1 : 0),
          degraded: Number(existing?.degraded ?? 0) + (check.outcome === 'degraded' ? 1 : 0),
          failing: Number(existing?.failing ?? 0) + (check.outcome === 'failing' ? 1 : 0),
          latency_histogram: JSON.stringify(histogram),
        };
        if (existing) {
          await trx.updateTable('health_hourly').set(counts).where('data_source_id', '=', check.data_source_id).where('hour', '=', hour).execute();
        } else {
          await trx.insertInto('health_hourly').values({ data_source_id: check.data_source_id, hour, ...counts }).execute();
        }

        // A paused data source stays paused even if a check that was already running finishes.
        const nextState = current.state === 'disabled' ? 'disabled' : input.state;
        const changed = nextState !== current.state;
        const healthy = check.outcome === 'enabled';
        await trx
          .updateTable('data_source_health')
          .set({
            state: nextState,
            state_reason: current.state === 'disabled' ? current.state_reason : input.reason,
            ...(changed ? { state_changed_at: check.started_at } : {}),
            last_check_at: check.started_at,
            ...(healthy ? { last_success_at: check.started_at } : {}),
            last_error: input.lastErrorJson,
            consecutive_failures: healthy ? 0 : Number(current.consecutive_failures) + 1,
          })
          .where('data_source_id', '=', check.data_source_id)
          .execute();
        if (changed) {
          await trx
            .insertInto('health_events')
            .values({ id: randomUUID(), data_source_id: check.data_source_id, at: check.started_at, from_state: current.state, to_state: nextState, reason: input.reason })
            .execute();
        }
        return { changedFrom: changed ? current.state : null };
      });
    },

    /** Pause / resume: a state change by an administrator, recorded like any other. */
    async setState(dataSourceId: string, state: HealthStateColumn, reason: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom('data_source_health').select('state').where('data_source_id', '=', dataSourceId).executeTakeFirst();
        if (!current || current.state === state) return;
        const at = new Date().toISOString();
        await trx
          .updateTable('data_source_health')
          .set({ state, state_reason: reason, state_changed_at: at, consecutive_failures: 0 })
          .where('data_source_id', '=', dataSourceId)
          .execute();
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
