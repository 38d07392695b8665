import { BACKGROUND_HEADER, CSRF_HEADER, CSRF_HEADER_VALUE, readApiErrorBody } from '@keyway/shared';
import { personIsIdle } from './activity';

/** Every failed API call surfaces as this: components read `message` and `fieldErrors`, never raw responses. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
    /** The rest of the error's `details`, unread: a feature's API file reads what its endpoint sends there. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

let onUnauthenticated: ((message: string) => void) | undefined;
/** The app registers what happens when a session ends under it (back to sign-in, saying why). */
export function setUnauthenticatedHandler(handler: (message: string) => void) {
  onUnauthenticated = handler;
}

/** Stands for a body that was not JSON, apart from every value a JSON body can hold. */
const UNREADABLE = Symbol('unreadable body');

async function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' ? {} : { [CSRF_HEADER]: CSRF_HEADER_VALUE }),
        // A refresh nobody asked for must not keep an unattended session alive (idle timeout).
        ...(personIsIdle() ? { [BACKGROUND_HEADER]: '1' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The console server could not be reached. Check that it is running.');
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => UNREADABLE);
  if (response.ok) {
    // A 2xx that is not JSON (a proxy's HTML page, a body cut short) is not data: passed on as undefined,
    // it would surface later as a TypeError far from its cause, or as a save that seemed to work.
    if (payload === UNREADABLE) throw new ApiError(response.status, 'invalid_response', "The server's answer could not be read.");
    return payload as T;
  }

  const failure = readApiErrorBody(payload)?.error;
  const error = failure
    ? new ApiError(response.status, failure.code, failure.message, failure.details?.fieldErrors, failure.details)
    : new ApiError(response.status, 'http_error', `The server answered HTTP ${response.status}.`);
  if (response.status === 401 && !path.startsWith('/auth/')) onUnauthenticated?.(error.message);
  throw error;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body?: unknown) => call<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
  delete: (path: string) => call<void>('DELETE', path),
};
