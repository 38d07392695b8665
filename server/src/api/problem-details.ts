import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Problem } from '@keyway/shared';
import { AppError } from '../errors';
import { appErrorOf } from '../http/error-handler';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by a route whose errors name the console's fields: where each is in the API's request. */
      pointerOf?: (field: string) => string;
    }
  }
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** HTTP's own words for each status the API answers with, the problem's `title` (RFC 9457 §3.1.3). */
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** A problem's type: a URN per code, stable for clients to switch on (RFC 9457 §3.1.1 allows any URI). */
export const problemType = (code: string) => `urn:keyway:problem:${code}`;

/**
 * RFC 9457 problem details from the console's own AppError: the same factories make both, so a
 * refusal reads alike in the browser and to a machine. Field errors, dotted paths in the
 * console's model, become JSON Pointers into the request through `pointerOf`.
 */
export function toProblem(error: AppError, pointerOf: (field: string) => string = dottedToPointer): Problem {
  const problem: Problem = {
    type: problemType(error.code),
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    code: error.code,
  };
  const details = error.details as { fieldErrors?: Record<string, string[]>; errors?: Problem['errors'] } | undefined;
  const errors = [
    ...(details?.errors ?? []),
    ...Object.entries(details?.fieldErrors ?? {}).flatMap(([field, messages]) => messages.map((detail) => ({ pointer: pointerOf(field), detail }))),
  ];
  if (errors.length > 0) problem.errors = errors;
  return problem;
}

/** "auth.clientSecret" → "/auth/clientSecret"; RFC 6901 escapes "~" and "/" in a segment. */
export function dottedToPointer(field: string): string {
  if (field === '') return '';
  return `/${field.split('.').map(escapePointerSegment).join('/')}`;
}

export const escapePointerSegment = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** A 400 that lists every problem by where it is in the request. */
export const invalidRequest = (detail: string, errors: NonNullable<Problem['errors']>) => new AppError(400, 'validation_error', detail, { errors });

export function sendProblem(res: Parameters<RequestHandler>[1], problem: Problem): void {
  res.status(problem.status).set('cache-control', 'no-store').type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/** The API's error handler: every refusal, expected or not, as problem details; nothing internal leaks. */
export const problemDetailsHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  sendProblem(res, toProblem(appErrorOf(err, req), res.locals.pointerOf));
};

/** No such endpoint under /api/v1, in the API's own shape. */
export const apiNotFound: RequestHandler = (req, res) => {
  sendProblem(res, toProblem(new AppError(404, 'not_found', `There is no ${req.method} ${req.baseUrl}${req.path} in this API. GET /api/v1/openapi.json lists what there is.`)));
};
