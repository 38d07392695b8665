import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../test-support/test-app';
import { writeBuiltWebApp } from '../test-support/web-dist';
import { chooseEncoding, IMMUTABLE_CACHE_CONTROL } from './web-app';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const SCRIPT = `export const answer = ${JSON.stringify('forty-two '.repeat(200))};\n`;
const STYLE = 'body{margin:0}';

describe('the built web app\'s hashed assets', () => {
  let dist: ReturnType<typeof writeBuiltWebApp>;
  let close: () => Promise<void>;
  /** The path as written, on a raw connection: no client library tidies `..` or %-escapes away. */
  let get: (path: string, headers?: Record<string, string>, method?: string) => Promise<Answer>;

  beforeAll(async () => {
    dist = writeBuiltWebApp();
    // As web/precompress-plugin.ts writes them: a chunk with both compressed copies, a stylesheet
    // too small to be worth any.
    const assets = path.join(dist.dir, 'assets');
    fs.writeFileSync(path.join(assets, 'console-Ab1_cD2e.js'), SCRIPT);
    fs.writeFileSync(path.join(assets, 'console-Ab1_cD2e.js.br'), brotliCompressSync(SCRIPT));
    fs.writeFileSync(path.join(assets, 'console-Ab1_cD2e.js.gz'), gzipSync(SCRIPT));
    fs.writeFileSync(path.join(assets, 'index-Zz9_yY8x.css'), STYLE);
    const ctx = await createTestApp({ webDist: dist.dir });
    const server = ctx.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    get = (requestPath, headers = {}, method = 'GET') =>
      new Promise((resolve, reject) => {
        const request = http.request({ host: '127.0.0.1', port, method, path: requestPath, headers, agent: false }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        });
        request.on('error', reject);
        request.end();
      });
    close = async () => {
      await new Promise((resolve) => server.close(resolve));
      await ctx.close();
    };
  });

  afterAll(async () => {
    await close();
    dist.remove();
  });

  it('serves a hashed file for a year, immutable, as the script it is', async () => {
    const answer = await get('/assets/console-Ab1_cD2e.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends brotli when the browser takes it, gzip when it takes only gzip, the file itself otherwise; always saying it varies', async () => {
    const br = await get('/assets/console-Ab1_cD2e.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(SCRIPT.length);
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT);

    const gz = await get('/assets/console-Ab1_cD2e.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT);

    for (const acceptEncoding of [undefined, 'identity', 'deflate', 'br;q=0, gzip;q=0']) {
      const plain = await get('/assets/console-Ab1_cD2e.js', acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding });
      expect(plain.headers['content-encoding'], acceptEncoding).toBeUndefined();
      expect(plain.body.toString(), acceptEncoding).toBe(SCRIPT);
      expect(Number(plain.headers['content-length']), acceptEncoding).toBe(SCRIPT.length);
    }

    for (const answer of [br, gz]) {
      expect(answer.headers.vary).toMatch(/accept-encoding/i);
      expect(answer.headers['cache-control']).toBe(IMMUTABLE_CACHE_CONTROL);
      expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    }
  });

  it('answers HEAD with the headers of the GET and no body', async () => {
    const head = await get('/assets/console-Ab1_cD2e.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers['content-length']).toBe(String(brotliCompressSync(SCRIPT).length));
    expect(head.body.length).toBe(0);
  });

  it('sends a file the build left uncompressed as it is, immutable, and without Vary: it never varies', async () => {
    const answer = await get('/assets/index-Zz9_yY8x.css', { 'accept-encoding': 'gzip, br' });
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe(STYLE);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.headers.vary).toBeUndefined();
    expect(answer.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(answer.headers['cache-control']).toBe(IMMUTABLE_CACHE_CONTROL);
  });

  it('answers an unknown asset with 404 in the one error shape, never the page: a script tag must not get HTML', async () => {
    for (const missing of ['/assets/console-OLDHASH1.js', '/assets/', '/assets/nested/x.js']) {
      const answer = await get(missing, { 'accept-encoding': 'br' });
      expect(answer.status, missing).toBe(404);
      expect(answer.headers['content-type'], missing).toMatch(/^application\/json/);
      expect(JSON.parse(answer.body.toString()), missing).toEqual({ error: { code: 'not_found', message: 'There is no page at this address.' } });
    }
  });

  it('attack: refuses the compressed copies by their own names, which would go out without their encoding', async () => {
    for (const copy of ['/assets/console-Ab1_cD2e.js.br', '/assets/console-Ab1_cD2e.js.gz']) {
      expect((await get(copy)).status, copy).toBe(404);
    }
  });

  it('attack: a path that climbs out of assets/, spelt any way, reaches neither a file nor the raw template', async () => {
    const paths = [
      '/assets/../index.html',
      '/assets/%2e%2e/index.html',
      '/assets/..%2Findex.html',
      '/assets/%2E%2E%2F%2E%2E%2Fpackage.json',
      '/assets/../../package.json',
      '/assets/..\\index.html',
      '/assets//etc/passwd',
      '/assets/%00console-Ab1_cD2e.js',
    ];
    for (const attempt of paths) {
      const answer = await get(attempt, { 'accept-encoding': 'br, gzip' });
      expect([400, 403, 404], attempt).toContain(answer.status);
      expect(answer.body.toString(), attempt).not.toContain('KEYWAY_CSP_NONCE');
      expect(answer.body.toString(), attempt).not.toContain('"name"');
      expect(answer.headers['cache-control'], attempt).not.toBe(IMMUTABLE_CACHE_CONTROL);
    }
  });

  it('keeps index.html a template that is never stored, whatever asks for it', async () => {
    const page = await get('/', { 'accept-encoding': 'br, gzip' });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body.toString()).not.toContain('KEYWAY_CSP_NONCE');
  });
});

describe('chooseEncoding', () => {
  const both = ['br', 'gzip'] as const;
  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['*', 'br'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['br;q=0, *', 'gzip'],
    ['BR;Q=0.8, GZIP;q=0.9', 'gzip'],
    ['identity', undefined],
    ['deflate, zstd', undefined],
    ['*;q=0', undefined],
    ['', undefined],
  ] as const)('%j → %s', (header, expected) => {
    expect(chooseEncoding(header, both)).toBe(expected);
  });

  it('chooses only among the copies the build wrote', () => {
    expect(chooseEncoding('br, gzip', ['gzip'])).toBe('gzip');
    expect(chooseEncoding('br', ['gzip'])).toBeUndefined();
    expect(chooseEncoding('br, gzip', [])).toBeUndefined();
    expect(chooseEncoding(undefined, both)).toBeUndefined();
  });
});
