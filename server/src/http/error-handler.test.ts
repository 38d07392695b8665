import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import express from 'express';
import supertest from 'supertest';
import { busy } from '../errors';
import { createTestApp, signedInAgent } from '../test-support/test-app';
import { errorHandler } from './error-handler';

type Ctx = Awaited<ReturnType<typeof createTestApp>>;
let ctx: Ctx;
beforeEach(async () => {
  ctx = await createTestApp();
});
afterEach(async () => {
  await ctx.close();
});

const json = JSON.stringify({ email: 'a@example.test', password: 'not the password' });
/**
 * An anonymous sign-in with these exact bytes, as the tester sent it (supertest would serialise a
 * Buffer sent as JSON), on loopback: the body parser runs before any authentication.
 */
async function signIn(headers: Record<string, string>, body: string | Buffer): Promise<{ status: number; body: { error: { code: string } } }> {
  const server = ctx.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    return await new Promise((resolve, reject) => {
      const request = http.request(
        { host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/api/auth/sign-in', method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
        (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as { error: { code: string } } }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  } finally {
    server.close();
  }
}
const levels = () => ctx.logLines.map((line) => JSON.parse(line) as { level: number; msg: string; stack?: string; err?: unknown });

describe('bodies that are not what their headers say', () => {
  it.each([
    ['Content-Encoding: deflate on a plain body', { 'content-encoding': 'deflate' }, json, 400, 'invalid_body'],
    ['Content-Encoding: br on a plain body', { 'content-encoding': 'br' }, json, 400, 'invalid_body'],
    ['a truncated gzip body', { 'content-encoding': 'gzip' }, gzipSync(json).subarray(0, 12), 400, 'invalid_body'],
    ['a Content-Encoding nobody supports', { 'content-encoding': 'compress' }, json, 415, 'unsupported_encoding'],
    ['a charset other than UTF-8', { 'content-type': 'application/json; charset=latin1' }, json, 415, 'unsupported_charset'],
  ] as const)('attack: %s is a client error in the one shape, logged as a warning without a stack, never a 500', async (_name, headers, body, status, code) => {
    const res = await signIn(headers, body);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
    const entries = levels();
    expect(entries.filter((e) => e.level >= 50)).toEqual([]);
    const refused = entries.find((e) => e.msg === 'request body refused');
    expect(refused?.level).toBe(40);
    expect(refused?.err).toBeUndefined();
  });

  it('a well-formed gzip body is read as usual', async () => {
    const res = await signIn({ 'content-encoding': 'gzip' }, gzipSync(json));
    // Past the parser: refused by the CSRF check or the credentials, not by the body.
    expect(res.body.error.code).not.toMatch(/invalid_body|unsupported/);
  });
});

describe('paths that do not decode', () => {
  it.each(['/api/datasources/%zz', '/api/health/%E0%A4%A', '/api/users/%zz/role'])(
    'attack: %s is a 400 in the one shape, logged as a warning without a stack, never a 500',
    async (path) => {
      const admin = await signedInAgent(ctx.app, ctx.db);
      const res = path.endsWith('/role') ? await admin.put(path).send({ role: 'viewer' }) : await admin.get(path);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: { code: 'invalid_path', message: 'The address has a malformed %-escape.' } });
      const entries = levels();
      expect(entries.filter((e) => e.level >= 50)).toEqual([]);
      expect(entries.find((e) => e.msg === 'request path refused')?.level).toBe(40);
    },
  );
});

describe('errorHandler', () => {
  it('sends a busy answer with Retry-After, and its seconds in the body for programs', async () => {
    const app = express();
    app.get('/busy', () => {
      throw busy('Try again later.', 60);
    });
    app.use(errorHandler);
    const res = await supertest(app).get('/busy').expect(503);
    expect(res.headers['retry-after']).toBe('60');
    expect(res.body).toEqual({ error: { code: 'busy', message: 'Try again later.', details: { retryAfterSeconds: 60 } } });
  });
});
