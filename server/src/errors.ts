import type { ApiErrorBody } from '@keyway/shared';

/**
 * An error meant for the client: a stable code, an HTTP status and a message fit for a person.
 * It sits below every layer that throws it (health, audit, http, routes), so none of them needs the Express layer for it.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ApiErrorBody['error']['details'],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const validationError = (message: string, fieldErrors?: Record<string, string[]>) =>
  new AppError(400, 'validation_error', message, fieldErrors ? { fieldErrors } : undefined);
export const unauthenticated = (message = 'Sign in to continue.') => new AppError(401, 'unauthenticated', message);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} was not found.`);
export const conflict = (message: string, fieldErrors?: Record<string, string[]>) =>
  new AppError(409, 'conflict', message, fieldErrors ? { fieldErrors } : undefined);
export const unprocessable = (code: string, message: string, fieldErrors?: Record<string, string[]>) =>
  new AppError(422, code, message, fieldErrors ? { fieldErrors } : undefined);
/** The server cannot take this now; `retryAfterSeconds` is in the body, and the error handlers send it as Retry-After. */
export const busy = (message: string, retryAfterSeconds: number) => new AppError(503, 'busy', message, { retryAfterSeconds });
/** Too many requests; `retryAfterSeconds` is in the body for programs, and the caller sets the Retry-After header with it. */
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new AppError(429, 'too_many_requests', message, { retryAfterSeconds });
