import fs from 'node:fs';
import { sandboxSwaggerPath } from '@keyway/salesforce-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../test-support/loopback-server';
import { createTestApp, signedInAgent } from '../../test-support/test-app';

const swaggerText = fs.readFileSync(sandboxSwaggerPath, 'utf8');

describe('POST /api/swagger/fetch', () => {
  let origin: LoopbackServer;
  beforeAll(async () => {
    origin = await startLoopbackServer((req, res) => {
      if (req.url === '/api.yaml') return res.writeHead(200, { 'content-type': 'application/yaml' }).end(swaggerText);
      if (req.url === '/page.html') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>internal admin page</html>');
      return res.writeHead(404).end('not here');
    });
  });
  afterAll(async () => {
    await origin.close();
  });

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

  it('does not hand back a page that is not an API description', async () => {
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

  it('refuses a host the outbound policy does not allow, with a message', async () => {
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
