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
  // The same one or two Host values come on every request; each is judged once. Bounded, since
  // a client can send any number of different ones.
  const answered = new Set<string>();
  const answers = (host: string) => {
    const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return host === publicHost || hostname === 'localhost' || ipaddr.isValid(hostname);
  };
  return (req, res, next) => {
    const host = (req.headers.host ?? '').toLowerCase();
    if (answered.has(host)) return next();
    if (answers(host)) {
      if (answered.size >= 64) answered.clear();
      answered.add(host);
      return next();
    }
    // The name asked for is not repeated back, so the answer is the same whatever was sent; the
    // operator finds it in the log, for setting PUBLIC_URL.
    req.log?.warn({ host: host.slice(0, 255) }, 'request for a host name the console does not answer to');
    const body: ApiErrorBody = {
      error: {
        code: 'unknown_host',
        message: 'This console does not answer to the name this request was sent to. If that name is the address administrators use, set PUBLIC_URL to it.',
      },
    };
    res.status(421).set('cache-control', 'no-store').json(body);
  };
}
