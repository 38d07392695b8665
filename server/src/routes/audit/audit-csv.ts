import { AUDIT_ACTIONS, type AuditEvent } from '@keyway/shared';

export const AUDIT_CSV_COLUMNS = ['Time (UTC)', 'Actor', 'Action', 'Outcome', 'Target type', 'Target', 'Target id', 'IP address', 'Details'];

/**
 * One CSV cell (RFC 4180): always quoted, quotes doubled. A value a spreadsheet would run as a
 * formula (=, +, -, @, tab, carriage return first) gets a leading apostrophe: audit entries hold
 * text that others typed, such as data source titles.
 */
export function csvCell(value: string | null | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvRow(cells: (string | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function auditCsvRow(event: AuditEvent): string {
  return csvRow([
    event.at,
    event.actorEmail ?? '',
    AUDIT_ACTIONS[event.action],
    event.outcome,
    event.targetType,
    event.targetLabel,
    event.targetId,
    event.ip,
    Object.keys(event.details).length > 0 ? JSON.stringify(event.details) : '',
  ]);
}
