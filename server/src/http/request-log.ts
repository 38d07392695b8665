import express, { type RequestHandler } from 'express';
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

const LOGGER = Symbol('the app logger');
const CHILD = Symbol("this request's logger");
const ASKED_FOR = Symbol('the method and path asked for');

interface LoggedRequest {
  [LOGGER]?: Logger;
  [CHILD]?: Logger;
  [ASKED_FOR]?: { method: string; url: string };
}

// One getter on Express's request prototype, not a property defined on every request: defining
// an accessor on the object itself cost ~10 us a request (V8 gives the object a slower shape).
// The child logger is made the first time a handler logs.
Object.defineProperty(express.request, 'log', {
  configurable: true,
  get(this: LoggedRequest): Logger | undefined {
    const logger = this[LOGGER];
    return logger && (this[CHILD] ??= logger.child({ req: this[ASKED_FOR] }));
  },
});

/**
 * One line per request: method, path, status and time taken, never headers or bodies (they can
 * carry secrets). Written straight to pino rather than through pino-http, which made a child
 * logger and its serializers for every request, about 50 us each whether or not anything was
 * written.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    // The path asked for: by the time the response ends, req.url is relative to the router that answered.
    const askedFor = { method: req.method, url: req.originalUrl };
    const logged = req as unknown as LoggedRequest;
    logged[LOGGER] = logger;
    logged[ASKED_FOR] = askedFor;
    // 'close' follows 'finish' when the response was sent, and comes alone when the connection
    // closed before it was (the client gave up, the network failed, or a stream broke off): one
    // listener tells both.
    res.once('close', () => {
      const aborted = !res.writableFinished;
      const level = aborted ? 'warn' : requestLogLevel(res.statusCode, false, res.locals[QUIET_LOG] === true);
      if (!logger.isLevelEnabled(level)) return;
      const responseTime = Math.round(performance.now() - started);
      const message = aborted
        ? `${askedFor.method} ${askedFor.url} closed after ${responseTime} ms, before the answer was complete`
        : requestMessage(askedFor.method, askedFor.url, res.statusCode, responseTime);
      req.log[level]({ res: { statusCode: res.statusCode }, responseTime }, message);
    });
    next();
  };
}
