import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, setUnauthenticatedHandler } from './api-client';

/** The next call to fetch answers with this body and status; the stub also records what was asked. */
function answer(body: string | null, init: ResponseInit & { contentType?: string } = {}) {
  const headers = init.contentType ? { 'content-type': init.contentType } : undefined;
  const fetchStub = vi.fn(async () => new Response(body, { status: init.status ?? 200, headers }));
  vi.stubGlobal('fetch', fetchStub);
  return fetchStub;
}

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  const { status, code, message, fieldErrors } = error as ApiError;
  return { status, code, message, fieldErrors };
};

afterEach(() => {
  vi.unstubAllGlobals();
  setUnauthenticatedHandler(() => {});
});

describe('api client', () => {
  it('returns the parsed body of a 2xx answer', async () => {
    const fetchStub = answer(JSON.stringify({ folders: [{ id: 'f1' }] }), { contentType: 'application/json' });
    await expect(api.get('/folders')).resolves.toEqual({ folders: [{ id: 'f1' }] });
    expect(fetchStub).toHaveBeenCalledWith('/api/folders', expect.objectContaining({ method: 'GET' }));
  });

  it('returns nothing for 204 No Content', async () => {
    answer(null, { status: 204 });
    await expect(api.delete('/data-sources/ds1')).resolves.toBeUndefined();
  });

  // A proxy's error page or a cut-off body must not pass for data: the caller would read fields of undefined.
  it.each([
    ['an HTML page from a proxy', '<!doctype html><title>Bad gateway</title>', 'text/html'],
    ['a truncated JSON body', '{"folders":[{"id":"f1"', 'application/json'],
    ['an empty body that is not a 204', '', 'application/json'],
  ])('turns a 2xx with %s into an invalid_response error', async (_case, body, contentType) => {
    answer(body, { status: 200, contentType });
    expect(await failure(api.get('/folders'))).toEqual({
      status: 200,
      code: 'invalid_response',
      message: "The server's answer could not be read.",
      fieldErrors: {},
    });
  });

  it('reads the error body of a non-2xx answer', async () => {
    const body = { error: { code: 'validation_failed', message: 'Check the fields.', details: { fieldErrors: { title: ['Required'] } } } };
    answer(JSON.stringify(body), { status: 400, contentType: 'application/json' });
    expect(await failure(api.post('/folders', {}))).toEqual({
      status: 400,
      code: 'validation_failed',
      message: 'Check the fields.',
      fieldErrors: { title: ['Required'] },
    });
  });

  it('keeps the rest of an error\'s details for the endpoint\'s own API file to read', async () => {
    const body = { error: { code: 'edit_conflict', message: 'Changed by someone else.', details: { current: { id: 'ds1', version: 2 } } } };
    answer(JSON.stringify(body), { status: 409, contentType: 'application/json' });
    const error = await api.put('/datasources/ds1', {}).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ status: 409, code: 'edit_conflict', fieldErrors: {}, details: { current: { id: 'ds1', version: 2 } } });
  });

  it('says only the status of a non-2xx answer whose body cannot be read', async () => {
    answer('<html>Bad gateway</html>', { status: 502, contentType: 'text/html' });
    expect(await failure(api.get('/folders'))).toEqual({ status: 502, code: 'http_error', message: 'The server answered HTTP 502.', fieldErrors: {} });
  });

  it('says the server could not be reached when fetch itself fails', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    expect((await failure(api.get('/folders'))).code).toBe('network_error');
  });

  it('tells the app a session ended on a 401 outside /auth/, and not on an unreadable 2xx', async () => {
    const ended = vi.fn();
    setUnauthenticatedHandler(ended);
    answer(JSON.stringify({ error: { code: 'unauthenticated', message: 'Your session ended.' } }), { status: 401 });
    await failure(api.get('/folders'));
    expect(ended).toHaveBeenCalledExactlyOnceWith('Your session ended.');

    answer('<html></html>', { status: 200, contentType: 'text/html' });
    await failure(api.get('/folders'));
    expect(ended).toHaveBeenCalledOnce();
  });
});
