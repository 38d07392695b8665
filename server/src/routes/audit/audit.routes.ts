import { Router, type Response } from 'express';
import { AuditQuerySchema, type AuditPage } from '@keyway/shared';
import type { AuditRepository } from '../../db/repositories/audit.repository';
import { presentAuditEvent } from '../../db/repositories/audit.repository';
import { allow } from '../../http/authorization';
import { parseWith } from '../../http/validate';
import { AUDIT_CSV_COLUMNS, auditCsvRow, csvRow } from './audit-csv';

/** The Audit log page and its CSV export: administrators only. */
export function auditRoutes(repository: AuditRepository): Router {
  const router = Router();
  router.use(allow('audit.read'));

  router.get('/', async (req, res) => {
    const query = parseWith(AuditQuerySchema, req.query);
    const { rows, total } = await repository.page(query);
    const body: AuditPage = { events: rows.map((row) => presentAuditEvent(row, req.log)), total, page: query.page, pageSize: query.pageSize };
    res.json(body);
  });

  // Streamed in batches: a year of entries never sits in memory whole.
  router.get('/export.csv', async (req, res) => {
    const filters = parseWith(AuditQuerySchema, req.query);
    const day = new Date().toISOString().slice(0, 10);
    res.set({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="keyway-audit-${day}.csv"`,
    });
    // A byte-order mark, so spreadsheet programs read the UTF-8 correctly.
    res.write(`\uFEFF${csvRow(AUDIT_CSV_COLUMNS)}`);
    for await (const row of repository.stream(filters)) {
      // A reader that went away stops the export; a slow one is waited for.
      if (res.destroyed) return;
      if (!res.write(auditCsvRow(presentAuditEvent(row, req.log))) && !(await drained(res))) return;
    }
    res.end();
  });

  return router;
}

/** true once the response can take more, false if it closed first; leaves no listener behind. */
function drained(res: Response): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}
