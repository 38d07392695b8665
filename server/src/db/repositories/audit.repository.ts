import { randomUUID } from 'node:crypto';
import type { AuditAction, AuditEvent, AuditQuery } from '@keyway/shared';
import type { Selectable } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../database';
import type { AuditEventsTable } from '../schema';
import { containsIgnoringCase } from './like';

export type AuditRow = Selectable<AuditEventsTable>;

export interface AuditEntry {
  action: AuditAction;
  outcome?: 'success' | 'failure';
  actor?: { id: string; email: string } | null;
  target?: { type: string; id: string; label?: string | null } | null;
  ip?: string | null;
  /** Non-secret specifics only: field names, roles, error codes. */
  details?: Record<string, unknown>;
}

/**
 * One entry as the Audit log page and its export show it. Details that are not a JSON object are
 * logged at warn with the entry's id (through `log`, the request's logger) and shown as none: the
 * entry still shows its other columns.
 */
export function presentAuditEvent(row: AuditRow, log: Pick<Logger, 'warn'>): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actorEmail: row.actor_email,
    action: row.action,
    outcome: row.outcome,
    targetType: row.target_type,
    targetId: row.target_id,
    targetLabel: row.target_label,
    ip: row.ip,
    details: detailsOf(row, log),
  };
}

function detailsOf(row: AuditRow, log: Pick<Logger, 'warn'>): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(row.details);
  } catch (error) {
    log.warn({ err: error, auditEventId: row.id }, 'audit entry details are not JSON; shown without details');
    return {};
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  log.warn({ auditEventId: row.id }, 'audit entry details are not a JSON object; shown without details');
  return {};
}

type Filters = Omit<AuditQuery, 'page' | 'pageSize'>;

export function createAuditRepository(db: Db) {
  const filtered = (filters: Filters) => {
    let query = db.selectFrom('audit_events');
    if (filters.action) query = query.where('action', '=', filters.action);
    if (filters.outcome) query = query.where('outcome', '=', filters.outcome);
    if (filters.actor) query = query.where(containsIgnoringCase('actor_email', filters.actor));
    if (filters.from) query = query.where('at', '>=', `${filters.from}T00:00:00.000Z`);
    // "To" includes the whole day: everything before the next midnight.
    if (filters.to) query = query.where('at', '<', nextDay(filters.to));
    return query;
  };

  return {
    async record(entry: AuditEntry, at = new Date()): Promise<void> {
      await db
        .insertInto('audit_events')
        .values({
          id: randomUUID(),
          at: at.toISOString(),
          actor_id: entry.actor?.id ?? null,
          actor_email: entry.actor?.email ?? null,
          action: entry.action,
          outcome: entry.outcome ?? 'success',
          target_type: entry.target?.type ?? null,
          target_id: entry.target?.id ?? null,
          target_label: entry.target?.label ?? null,
          ip: entry.ip ?? null,
          details: JSON.stringify(entry.details ?? {}),
        })
        .execute();
    },

    async page(query: AuditQuery): Promise<{ rows: AuditRow[]; total: number }> {
      const [rows, count] = await Promise.all([
        filtered(query)
          .selectAll()
          .orderBy('at', 'desc')
          .orderBy('id', 'desc')
          .limit(query.pageSize)
          .offset((query.page - 1) * query.pageSize)
          .execute(),
        filtered(query)
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(count.n) };
    },

    /** Newest first, in batches, so an export of a long log never sits in memory whole. */
    async *stream(filters: Filters, batchSize = 500): AsyncGenerator<AuditRow> {
      let cursor: { at: string; id: string } | undefined;
      for (;;) {
        let query = filtered(filters).selectAll();
        if (cursor) {
          const { at, id } = cursor;
          query = query.where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('id', '<', id)])]));
        }
        const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(batchSize).execute();
        yield* rows;
        if (rows.length < batchSize) return;
        const last = rows[rows.length - 1]!;
        cursor = { at: last.at, id: last.id };
      }
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;

function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString();
}
