import type { ErrorRequestHandler, Request } from 'express';
import { AppError } from '../errors';
import type { Logger } from 'pino';
import type { AuditEntry, AuditRepository } from '../db/repositories/audit.repository';

/**
 * Records who did what, when and from where. The actor and address come from the request, so a
 * route states only what happened. An entry that cannot be stored is logged as an error and does
 * not undo the action it describes, which has already happened.
 */
export function createAuditLog(repository: AuditRepository, logger: Logger) {
  return {
    async record(req: Request | undefined, entry: AuditEntry): Promise<void> {
      const actor = entry.actor !== undefined ? entry.actor : req?.user ? { id: req.user.id, email: req.user.email } : null;
      try {
        await repository.record({ ...entry, actor, ip: entry.ip ?? req?.ip ?? null });
      } catch (error) {
        logger.error({ err: error, action: entry.action }, 'audit entry could not be stored');
      }
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;

/** A signed-in person refused by their role is worth knowing about: the refusal goes to the audit log. */
export function auditRefusals(audit: AuditLog): ErrorRequestHandler {
  return async (error: unknown, req, _res, next) => {
    if (error instanceof AppError && error.status === 403 && error.code === 'forbidden' && req.user) {
      await audit.record(req, { action: 'access.denied', outcome: 'failure', details: { request: `${req.method} ${req.baseUrl}${req.path}` } });
    }
    next(error);
  };
}
