import type { RequestHandler } from 'express';
import { can, ROLE_LABELS, type Permission } from '@keyway/shared';
import { forbidden, unauthenticated } from '../errors';

/** What a permission lets one do, in the words of a refusal ("does not allow you to …"). */
export const DENIED: Record<Permission, string> = {
  read: 'view the console',
  'datasources.write': 'change folders or data sources',
  'datasources.test': 'test connections or run checks',
  'health.operate': 'pause, resume or schedule health checks',
  'users.manage': 'manage users',
  'api_keys.manage': 'manage API keys',
  'audit.read': 'read the audit log',
};

/** Lets the request through only if the signed-in person's role grants the permission. */
// Generic in the route's parameters, so a route's handler still sees them typed (req.params.id: string).
export function allow<P = Record<string, string>>(permission: Permission): RequestHandler<P> {
  return (req, _res, next) => {
    if (!req.user) return next(unauthenticated());
    if (can(req.user.role, permission)) return next();
    req.log.warn({ userId: req.user.id, role: req.user.role, permission }, 'request refused by role');
    next(forbidden(`Your role (${ROLE_LABELS[req.user.role]}) does not allow you to ${DENIED[permission]}. Ask an administrator.`));
  };
}
