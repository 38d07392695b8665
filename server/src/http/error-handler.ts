import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ApiErrorBody } from '@keyway/shared';
import { AppError } from './errors';

export const notFoundHandler: RequestHandler = (_req, res) => {
  const body: ApiErrorBody = { error: { code: 'not_found', message: 'No such API endpoint.' } };
  res.status(404).json(body);
};

/** Writes every error in the one shape; anything unexpected becomes internal_error with no internals. */
export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  let appError: AppError;
  if (err instanceof AppError) {
    appError = err;
  } else if (isBodyParserError(err)) {
    appError =
      err.type === 'entity.too.large'
        ? new AppError(413, 'payload_too_large', 'The request is too large.')
        : new AppError(400, 'invalid_body', 'The request body is not valid JSON.');
  } else {
    req.log?.error({ err }, 'unhandled error');
    appError = new AppError(500, 'internal_error', 'Something went wrong on the server. The error was logged.');
  }
  const body: ApiErrorBody = {
    error: { code: appError.code, message: appError.message, ...(appError.details ? { details: appError.details } : {}) },
  };
  res.status(appError.status).json(body);
};

function isBodyParserError(err: unknown): err is { type: string } {
  return typeof err === 'object' && err !== null && typeof (err as { type?: unknown }).type === 'string' && 'status' in err;
}
