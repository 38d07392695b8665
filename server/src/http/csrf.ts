import type { RequestHandler } from 'express';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@keyway/shared';
import { forbidden } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * State-changing requests must come from the console's own pages: the Origin header must be
 * this server's origin, and a custom header must be present (a cross-site form cannot send
 * one, and a cross-site fetch would need a CORS preflight this server never grants).
 */
export function csrfProtection(): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (req.get(CSRF_HEADER) !== CSRF_HEADER_VALUE) {
      return next(forbidden('This request was refused because it did not come from the console (missing request header).'));
    }
    const origin = req.get('origin');
    const ownOrigin = `${req.protocol}://${req.get('host')}`;
    if (!origin || origin !== ownOrigin) {
      return next(forbidden('This request was refused because it came from another site.'));
    }
    next();
  };
}
