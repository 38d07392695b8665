import { ApiErrorBodySchema, CSRF_HEADER, CSRF_HEADER_VALUE } from '@keyway/shared';

/** Every failed API call surfaces as this: components read `message` and `fieldErrors`, never raw responses. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

let onUnauthenticated: (() => void) | undefined;
/** The app registers what happens when a session ends under it (back to sign-in). */
export function setUnauthenticatedHandler(handler: () => void) {
  onUnauthenticated = handler;
}

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
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The console server could not be reached. Check that it is running.');
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as T;

  const parsed = ApiErrorBodySchema.safeParse(payload);
  const error = parsed.success
    ? new ApiError(response.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.details?.fieldErrors)
    : new ApiError(response.status, 'http_error', `The server answered HTTP ${response.status}.`);
  if (response.status === 401 && !path.startsWith('/auth/')) onUnauthenticated?.();
  throw error;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body?: unknown) => call<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
  delete: (path: string) => call<void>('DELETE', path),
};
