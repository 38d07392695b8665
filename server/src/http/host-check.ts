import type { RequestHandler } from 'express';
import ipaddr from 'ipaddr.js';
import type { ApiErrorBody } from '@keyway/shared';

/**
 * DNS rebinding defence: a page on attacker.example can make its name resolve to 127.0.0.1 and
 * then talk to the console as "same origin". Such requests carry the attacker's name in Host, so
 * only IP literals, localhost and the configured PUBLIC_URL's host are served.
 */
export function hostCheck(publicUrl?: string): RequestHandler {
  const publicHost = publicUrl ? new URL(publicUrl).host.toLowerCase() : undefined;
  return (req, res, next) => {
    const host = (req.get('host') ?? '').toLowerCase();
    const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    if (host === publicHost || hostname === 'localhost' || ipaddr.isValid(hostname)) return next();
    const body: ApiErrorBody = {
      error: {
        code: 'unknown_host',
        message: `This console does not answer to the name "${host.slice(0, 100)}". If that is the address administrators use, set PUBLIC_URL to it.`,
      },
    };
    res.status(421).json(body);
  };
}
