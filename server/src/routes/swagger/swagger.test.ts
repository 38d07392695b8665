import fs from 'node:fs';
import { sandboxSwaggerPath } from '@keyway/salesforce-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../test-support/loopback-server';
import { createTestApp, signedInAgent } from '../../test-support/test-app';

const swaggerText = fs.readFileSync(sandboxSwaggerPath, 'utf8');
/** 6.2 kB: over the 5 kB limit the size tests give the app. */
const big = Buffer.from(`${swaggerText}#${'x'.repeat(6_200 - Buffer.byteLength(swaggerText) - 2)}\n`);

describe('POST /api/swagger/fetch', () => {
  let origin: LoopbackServer;
  beforeAll(async () => {
    origin = await startLoopbackServer((req, res) => {
      if (req.url === '/api.yaml') return res.writeHead(200, { 'content-type': 'application/yaml' }).end(swaggerText);
      if (req.url === '/latest') return res.writeHead(302, { location: '/v2' }).end();
      if (req.url === '/v2') return res.writeHead(301, { location: '/v2/openapi.txt' }).end();
      if (req.url === '/v2/openapi.txt') return res.writeHead(307, { location: '/api.yaml' }).end();
      if (req.url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
      if (req.url?.startsWith('/to?')) return res.writeHead(302, { location: decodeURIComponent(req.url.slice(4)) }).end('redirect body');
      if (req.url === '/big-declared') return res.writeHead(200, { 'content-length': String(big.length) }).end(big);
      if (req.url === '/big-chunked') {
        res.writeHead(200, { 'content-type': 'application/yaml' });
        res.write(big.subarray(0, 3_000));
        return res.end(big.subarray(3_000));
      }
      if (req.url === '/with-refs.yaml') return res.writeHead(200).end(withRefs());
      if (req.url === '/page.html') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>internal admin page</html>');
      return res.writeHead(404).end('not here');
    });
  });
  let elsewhere: LoopbackServer;
  beforeAll(async () => {
    elsewhere = await startLoopbackServer((_req, res) => res.end('swagger: "2.0"\ninfo: {title: Other, version: "1"}\npaths: {}\n'));
  });
  afterAll(async () => {
    await origin.close();
    await elsewhere.close();
  });
  /** A description whose $refs point at another allow-listed server, a metadata address and a file. */
  const withRefs = () =>
    [
      swaggerText.trimEnd(),
      'parameters:',
      `  Remote: {$ref: '${elsewhere.url}/other.yaml#/parameters/Id'}`,
      "  Metadata: {$ref: 'http://169.254.169.254/latest/meta-data/'}",
      "  File: {$ref: 'file:///etc/passwd'}",
      '',
    ].join('\n');

  it('fetches a description through the outbound module and summarises it', async () => {
    const ctx = await createTestApp({ allowHosts: [origin.hostPort] });
    try {
      const agent = await signedInAgent(ctx.app, ctx.db);
      const res = await agent.post('/api/swagger/fetch').send({ url: `${origin.url}/api.yaml` }).expect(200);
      expect(res.body.summary).toMatchObject({ format: 'swagger-2.0', host: '127.0.0.1:4010', basePath: '/services/data' });
      expect(res.body.document).toBe(swaggerText);
    } finally {
      await ctx.close();
    }
  });

  it('attack: a page that is not an API description is not handed back', async () => {
    const ctx = await createTestApp({ allowHosts: [origin.hostPort] });
    try {
      const agent = await signedInAgent(ctx.app, ctx.db);
      const res = await agent.post('/api/swagger/fetch').send({ url: `${origin.url}/page.html` }).expect(200);
      expect(res.body.problem.message).toBeTruthy();
      expect(JSON.stringify(res.body)).not.toContain('internal admin page');

      const missing = await agent.post('/api/swagger/fetch').send({ url: `${origin.url}/nope.yaml` }).expect(422);
      expect(missing.body.error).toMatchObject({ code: 'swagger_unreachable', message: expect.stringContaining('HTTP 404') });
    } finally {
      await ctx.close();
    }
  });

  it('follows a chain of redirects (302, 301, 307) to the description', async () => {
    const ctx = await createTestApp({ allowHosts: [origin.hostPort] });
    try {
      const agent = await signedInAgent(ctx.app, ctx.db);
      const res = await agent.post('/api/swagger/fetch').send({ url: `${origin.url}/latest` }).expect(200);
      expect(res.body.summary).toMatchObject({ format: 'swagger-2.0', host: '127.0.0.1:4010' });
      expect(res.body.document).toBe(swaggerText);
    } finally {
      await ctx.close();
    }
  });

  it('attack: a redirect to a loopback port that is not allow-listed is refused at that hop, and nothing connects there', async () => {
    const hidden = await startLoopbackServer((_req, res) => res.end('swagger: "2.0" internal'));
    const ctx = await createTestApp({ allowHosts: [origin.hostPort] });
    try {
      const agent = await signedInAgent(ctx.app, ctx.db);
      for (const target of [`http://127.0.0.1:${hidden.port}/api.yaml`, `https://[::1]:${hidden.port}/api.yaml`, `https://localhost:${hidden.port}/api.yaml`]) {
        const res = await agent.post('/api/swagger/fetch').send({ url: `${origin.url}/to?${encodeURIComponent(target)}` }).expect(422);
        expect(res.body.error.code).toBe('swagger_unreachable');
        expect(res.body.error.message).toMatch(new RegExp(`^Redirect 1, from ${origin.hostPort} to https?://(127\\.0\\.0\\.1|\\[::1\\]|localhost):${hidden.port}, was not followed: `));
        expect(JSON.stringify(res.body)).not.toContain('redirect body');
      }
      expect(hidden.connections).toBe(0);
    } finally {
      await ctx.close();
      await hidden.close();
    }
  });

  it.each(['file:///etc/passwd', 'ftp://127.0.0.1/api.yaml', 'gopher://127.0.0.1:70/_x'])(
    'attack: a redirect to %s is refused at that hop',
    async (target) => {
      const ctx = await createTestApp({ allowHosts: [origin.hostPort] });
      try {
        const agent = await signedInAgent(ctx.app, ctx.db);
        const res = await agent.post('/api/swagger/fetch').send({ url: `${origin.url}/to?${encodeURIComponent(target)}` }).expect(422);
        expect(res.body.error.message).toMatch(/^Redirect 1, from .* was not followed: only http:\/\/ and https:\/\/ addresses are followed\.$/);
      } finally {
        await ctx.close();
      }
    },
  );

  it('attack: a redirect loop stops after 5 redirects', async () => {
    const ctx = await createTestApp({ allowHosts: [origin.hostPort] });
    try {
      const agent = await signedInAgent(ctx.app, ctx.db);
      const before = origin.requests.length;
      const res = await agent.post('/api/swagger/fetch').send({ url: `${origin.url}/loop` }).expect(422);
      expect(res.body.error.message).toBe(`The address redirected more than 5 times; redirect 6, from ${origin.hostPort}, was not followed.`);
      expect(origin.requests.length - before).toBe(6);
    } finally {
      await ctx.close();
    }
  });

  it('attack: a file over SWAGGER_MAX_BYTES is refused with its size and the limit, declared or not', async () => {
    const ctx = await createTestApp({ allowHosts: [origin.hostPort], swaggerMaxBytes: 5_000 });
    try {
      const agent = await signedInAgent(ctx.app, ctx.db);
      const declared = await agent.post('/api/swagger/fetch').send({ url: `${origin.url}/big-declared` }).expect(422);
      expect(declared.body.error).toEqual({ code: 'swagger_too_large', message: 'The file is 6.2 kB; the limit is 5 kB.' });
      const chunked = await agent.post('/api/swagger/fetch').send({ url: `${origin.url}/big-chunked` }).expect(422);
      expect(chunked.body.error).toEqual({
        code: 'swagger_too_large',
        message: 'The file at this URL is larger than the limit of 5 kB; it was not read.',
      });
      // Under the limit, the same app reads the description.
      await agent.post('/api/swagger/fetch').send({ url: `${origin.url}/api.yaml` }).expect(200);
    } finally {
      await ctx.close();
    }
  });

  it('attack: $refs to another URL, a metadata address or a file are noted, never fetched or opened', async () => {
    // Even an allow-listed host is not called for a $ref.
    const ctx = await createTestApp({ allowHosts: [origin.hostPort, elsewhere.hostPort] });
    try {
      const agent = await signedInAgent(ctx.app, ctx.db);
      const res = await agent.post('/api/swagger/fetch').send({ url: `${origin.url}/with-refs.yaml` }).expect(200);
      expect(res.body.summary).toMatchObject({ host: '127.0.0.1:4010', basePath: '/services/data' });
      expect(res.body.summary.warnings).toEqual([expect.stringMatching(/^3 \$ref values point outside this file .*Keyway does not open other files or URLs/)]);
      expect(elsewhere.connections).toBe(0);
    } finally {
      await ctx.close();
    }
  });

  it('attack: a host the outbound policy does not allow is refused, with a message', async () => {
    const ctx = await createTestApp();
    try {
      const agent = await signedInAgent(ctx.app, ctx.db);
      const before = origin.requests.length;
      const res = await agent.post('/api/swagger/fetch').send({ url: `${origin.url}/api.yaml` }).expect(422);
      expect(res.body.error.code).toBe('swagger_unreachable');
      expect(res.body.error.message).toMatch(/OUTBOUND_ALLOW_HOSTS/);
      expect(origin.requests.length).toBe(before);
    } finally {
      await ctx.close();
    }
  });
});
