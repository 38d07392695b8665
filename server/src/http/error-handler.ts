import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ApiErrorBody } from '@keyway/shared';
import { AppError } from '../errors';

export const notFoundHandler: RequestHandler = (_req, res) => {
  const body: ApiErrorBody = { error: { code: 'not_found', message: 'No such API endpoint.' } };
  res.status(404).set('cache-control', 'no-store').json(body);
};

/** The console's pages answer only these; the API has its own routes and 404. */
const PAGE_METHODS = ['GET', 'HEAD'];

/**
 * Whatever nothing else answered, outside /api: a TRACE, PROPFIND or POST to a page, or any path
 * when no web app is built. In the one error shape, instead of Express's "Cannot TRACE /" page,
 * which names the framework.
 */
export const unansweredHandler: RequestHandler = (req, res) => {
  res.set('cache-control', 'no-store');
  if (!PAGE_METHODS.includes(req.method)) {
    const body: ApiErrorBody = { error: { code: 'method_not_allowed', message: `The console's pages answer ${PAGE_METHODS.join(' and ')} only.` } };
    res.status(405).set('allow', PAGE_METHODS.join(', ')).json(body);
    return;
  }
  const body: ApiErrorBody = { error: { code: 'not_found', message: 'There is no page at this address.' } };
  res.status(404).json(body);
};

/**
 * Any error as the AppError the client is told about, logging what needs logging: the console's
 * error shape and the machine API's problem details are both written from it.
 */
export function appErrorOf(err: unknown, req: Parameters<ErrorRequestHandler>[1]): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof URIError) {
    // The router could not decode a %-escape in the path (/api/datasources/%zz): the client's
    // mistake, not the server's.
    req.log?.warn({ status: 400 }, 'request path refused');
    return new AppError(400, 'invalid_path', 'The address has a malformed %-escape.');
  }
  if (isClientBodyError(err)) {
    // Bad input from the client, often anonymous (a body that is not what its headers say): a
    // warning without a stack, so nobody can fill the log with error entries by sending garbage.
    const appError = bodyError(err);
    req.log?.warn({ status: appError.status, type: err.type ?? null }, 'request body refused');
    return appError;
  }
  req.log?.error({ err }, 'unhandled error');
  return new AppError(500, 'internal_error', 'Something went wrong on the server. The error was logged.');
}

/** Writes every error in the one shape; anything unexpected becomes internal_error with no internals. */
export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const appError = appErrorOf(err, req);
  const body: ApiErrorBody = {
    error: { code: appError.code, message: appError.message, ...(appError.details ? { details: appError.details } : {}) },
  };
  if (appError.status === 503 && typeof appError.details?.retryAfterSeconds === 'number') res.set('retry-after', String(appError.details.retryAfterSeconds));
  // An error is about this request only: no cache may keep it.
  res.status(appError.status).set('cache-control', 'no-store').json(body);
};

/**
 * What the body parser refuses (http-errors with a 4xx status, exposed to the client): not JSON,
 * too large, a Content-Encoding or charset it does not read, or a compressed body that does not
 * decompress (zlib's error, which it passes on as a 400 without a `type`).
 */
interface ClientBodyError {
  status: number;
  expose: true;
  type?: string;
}

function isClientBodyError(err: unknown): err is ClientBodyError {
  if (typeof err !== 'object' || err === null) return false;
  const { status, expose } = err as { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
}

function bodyError(err: ClientBodyError): AppError {
  switch (err.type) {
    case 'entity.too.large':
      return new AppError(413, 'payload_too_large', 'The request is too large.');
    case 'entity.parse.failed':
      return new AppError(400, 'invalid_body', 'The request body is not valid JSON.');
    case 'encoding.unsupported':
      return new AppError(415, 'unsupported_encoding', 'The request body uses a Content-Encoding the console does not read: send it uncompressed, or as gzip, deflate or br.');
    case 'charset.unsupported':
      return new AppError(415, 'unsupported_charset', 'The request body uses a charset the console does not read: send UTF-8.');
    default:
      return err.status === 415
        ? new AppError(415, 'unsupported_encoding', 'The request body is in a form the console does not read.')
        : new AppError(400, 'invalid_body', 'The request body could not be read: it does not match its Content-Encoding, or it ended early.');
  }
}
