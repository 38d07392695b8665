import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger';
import { presentAuditEvent, type AuditRow } from './audit.repository';

function logLines() {
  const lines: Array<{ level: number; msg: string; auditEventId?: string }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString('utf8')) as (typeof lines)[number]);
      callback();
    },
  });
  return { lines, log: createLogger('debug', sink) };
}

const row = (details: string): AuditRow => ({
  id: 'audit-1',
  at: '2026-11-30T12:00:00.000Z',
  actor_id: 'u-1',
  actor_email: 'admin@example.test',
  action: 'health.pause',
  outcome: 'success',
  target_type: 'data_source',
  target_id: 'ds-1',
  target_label: 'Held',
  ip: '127.0.0.1',
  details,
});

describe('presentAuditEvent', () => {
  it('shows stored details as they are, without a log line', () => {
    const { lines, log } = logLines();
    expect(presentAuditEvent(row('{"from":60,"to":300}'), log).details).toEqual({ from: 60, to: 300 });
    expect(lines).toEqual([]);
  });

  it.each([
    ['{"from":', 'audit entry details are not JSON; shown without details'],
    ['null', 'audit entry details are not a JSON object; shown without details'],
    ['[1,2]', 'audit entry details are not a JSON object; shown without details'],
  ])('still presents an entry whose details %s cannot be read, and says so at warn with its id', (details, msg) => {
    const { lines, log } = logLines();
    const event = presentAuditEvent(row(details), log);
    expect(event).toMatchObject({ id: 'audit-1', action: 'health.pause', targetLabel: 'Held', details: {} });
    expect(lines).toEqual([expect.objectContaining({ level: 40, auditEventId: 'audit-1', msg })]);
  });
});
