import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@keyway/shared';
import { parseEnv } from '../config/env';
import { createLogger } from '../logger';
import { startServer } from '../server';
import { createTestApp } from '../test-support/test-app';
import { writeBuiltWebApp } from '../test-support/web-dist';
import { HSTS_MAX_AGE_SECONDS } from './content-security-policy';
import { createHttpServer } from './http-server';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** The console on 127.0.0.1 with its built web app, as `pnpm start` serves it. */
async function listening(options: Parameters<typeof createTestApp>[0] = {}) {
  const dist = writeBuiltWebApp();
  const ctx = await createTestApp({ webDist: dist.dir, ...options });
  const server = createHttpServer(ctx.app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
      return new Promise((resolve, reject) => {
        const request = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
        });
        request.on('error', reject);
        request.end(body);
      });
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await ctx.close();
      dist.remove();
    },
  };
}

/** What the tester found missing on some answers: every answer here must carry all of it. */
function expectHardened(answer: Answer) {
  expect(answer.headers['content-security-policy']).toMatch(/default-src 'none'/);
  expect(answer.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['x-frame-options']).toBe('DENY');
  expect(answer.headers['cache-control']).toBe('no-store');
  expect(answer.headers['x-powered-by']).toBeUndefined();
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(JSON.parse(answer.text) as object)).toEqual(['error']);
  expect(answer.text).not.toMatch(/Cannot|Express|<html|<pre/i);
}

describe('every answer carries the security headers and the one error shape', () => {
  let running: Awaited<ReturnType<typeof listening>>;
  beforeAll(async () => {
    running = await listening();
  });
  afterAll(async () => {
    await running.close();
  });

  it('attack: a request for an unknown host gets 421 with every security header, and the name it sent is not repeated back', async () => {
    const answer = await running.send('GET', '/api/auth/session', { host: 'rebind.attacker.example' });
    expect(answer.status).toBe(421);
    expectHardened(answer);
    expect(answer.text).not.toContain('attacker');
    expect((await running.send('GET', '/', { host: 'rebind.attacker.example' })).status).toBe(421);
  });

  it.each([
    ['TRACE', '/', 405],
    ['PROPFIND', '/', 405],
    ['DELETE', '/tools/cloud-services/data-sources', 405],
    // Under /api, a method that changes things needs the console's own request first (CSRF), and a
    // path needs a session before anyone learns whether it exists.
    ['TRACE', '/api/healthz', 403],
    ['PROPFIND', '/api/folders', 403],
    ['GET', '/api/no-such-endpoint', 401],
  ])('attack: %s %s answers %i in the one error shape, with no framework banner', async (method, path, status) => {
    const answer = await running.send(method, path);
    expect(answer.status).toBe(status);
    expectHardened(answer);
    if (status === 405) expect(answer.headers.allow).toBe('GET, HEAD');
  });

  it('attack: body-parser refusals (not JSON, too large) are not cacheable and carry every security header', async () => {
    const post = (body: string) =>
      running.send('POST', '/api/auth/sign-in', { 'content-type': 'application/json', origin: `http://127.0.0.1:${running.port}`, [CSRF_HEADER]: CSRF_HEADER_VALUE }, body);
    const notJson = await post('{"email":');
    expect(notJson.status).toBe(400);
    expectHardened(notJson);
    const tooLarge = await post(JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(100 * 1024) }));
    expect(tooLarge.status).toBe(413);
    expectHardened(tooLarge);
  });

  it('keeps the pages themselves and the API working under the same headers', async () => {
    const page = await running.send('GET', '/tools/cloud-services/data-sources');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect((await running.send('GET', '/api/healthz')).headers['cache-control']).toBe('no-store');
    expect((await running.send('HEAD', '/')).status).toBe(200);
  });
});

describe('the console server', () => {
  it('attack: what the HTTP parser refuses (an unknown method, oversized headers, no Host) is answered in the one shape with the headers, not a bare 400', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-parser-'));
    const running = await startServer(parseEnv({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, WEB_DIST: path.join(dataDir, 'none'), LOG_LEVEL: 'silent' }), createLogger('silent'));
    const { port } = running.server.address() as AddressInfo;
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
        let text = '';
        socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        socket.on('end', () => resolve(text)).on('error', reject);
      });
    const parse = (text: string): Answer => {
      const [head, body = ''] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head!.split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      return { status: Number(statusLine!.split(' ')[1]), headers, text: body };
    };
    try {
      const unknownMethod = parse(await raw('BREW / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
      expect(unknownMethod.status).toBe(400);
      expectHardened(unknownMethod);
      const hugeHeaders = parse(await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`));
      expect(hugeHeaders.status).toBe(431);
      expectHardened(hugeHeaders);
      // HTTP/1.1 without Host: Node would answer a bare 400 itself; the host check answers instead.
      const noHost = parse(await raw('GET /api/healthz HTTP/1.1\r\nConnection: close\r\n\r\n'));
      expect(noHost.status).toBe(421);
      expectHardened(noHost);
    } finally {
      await running.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

});

describe('Strict-Transport-Security', () => {
  it('attack: over https through a trusted proxy every answer for the console carries HSTS for a year, with includeSubDomains unless switched off; over http, or for another name, none', async () => {
    const withSubdomains = await listening({ trustProxy: 1 });
    const withoutSubdomains = await listening({ trustProxy: 1, hstsIncludeSubDomains: false });
    try {
      for (const [method, path] of [
        ['GET', '/'],
        ['GET', '/api/auth/session'],
        ['TRACE', '/'],
        ['GET', '/api/no-such-endpoint'],
      ] as const) {
        const overHttps = await withSubdomains.send(method, path, { 'x-forwarded-proto': 'https' });
        expect(overHttps.headers['strict-transport-security'], `${method} ${path}`).toBe(`max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`);
        expect((await withoutSubdomains.send(method, path, { 'x-forwarded-proto': 'https' })).headers['strict-transport-security']).toBe(
          `max-age=${HSTS_MAX_AGE_SECONDS}`,
        );
        expect((await withSubdomains.send(method, path)).headers['strict-transport-security']).toBeUndefined();
      }
      // Not for a name the console does not answer to: it must not pin someone else's domain to https.
      expect((await withSubdomains.send('GET', '/', { host: 'rebind.attacker.example', 'x-forwarded-proto': 'https' })).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await withSubdomains.close();
      await withoutSubdomains.close();
    }
  });
});
