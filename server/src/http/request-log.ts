import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { QUIET_LOG, requestLogLevel, requestMessage } from '../logger';

// When a response ends, req.url is relative to the router that answered; originalUrl is the path asked for.
const askedFor = (req: { originalUrl?: string; url?: string }) => req.originalUrl ?? req.url ?? '';

/** One line per request: method, path and status, never headers or bodies (they can carry secrets). */
export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    customLogLevel: (_req, res, err) => requestLogLevel(res.statusCode, Boolean(err), (res as Response).locals?.[QUIET_LOG] === true),
    customSuccessMessage: (req, res, responseTime) => requestMessage(req.method ?? '', askedFor(req), res.statusCode, responseTime),
    customErrorMessage: (req, res) => requestMessage(req.method ?? '', askedFor(req), res.statusCode),
    serializers: {
      req: (req: Pick<Request, 'method' | 'url'>) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
