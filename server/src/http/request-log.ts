import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { QUIET_LOG, requestLogLevel, requestMessage } from '../logger';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** This request's logger: every line it writes names the request's method and path. */
      log: Logger;
    }
  }
}

/**
 * One line per request: method, path, status and time taken, never headers or bodies (they can
 * carry secrets). Written straight to pino rather than through pino-http, which made a child
 * logger and its serializers for every request, about 50 µs each whether or not anything was
 * written: here the child is made only when a handler logs through `req.log`.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    // The path asked for: by the time the response ends, req.url is relative to the router that answered.
    const method = req.method;
    const url = req.originalUrl;
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: false,
      get: () => (child ??= logger.child({ req: { method, url } })),
    });
    let logged = false;
    const done = (aborted: boolean) => {
      if (logged) return;
      logged = true;
      const level = aborted ? 'warn' : requestLogLevel(res.statusCode, false, res.locals[QUIET_LOG] === true);
      if (!logger.isLevelEnabled(level)) return;
      const responseTime = Math.round(performance.now() - started);
      const message = aborted ? `${requestMessage(method, url, res.statusCode)} aborted by the client after ${responseTime} ms` : requestMessage(method, url, res.statusCode, responseTime);
      req.log[level]({ res: { statusCode: res.statusCode }, responseTime }, message);
    };
    res.once('finish', () => done(false));
    // A connection closed before the response was complete: the client gave up, or the network did.
    res.once('close', () => done(!res.writableFinished));
    next();
  };
}
