import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../test-support/loopback-server';
import { createTestApp, signedInAgent } from '../test-support/test-app';

/**
 * Faults of a token endpoint, one at a time, against a provider on loopback: each gives a clear
 * failing check and a stored reason, never a crash. Tokens are not cached here (lifetime 0), so
 * every check asks the endpoint.
 */
type Mode = 'ok' | 'hang' | 'status-503' | '429-seconds' | '429-date' | '429-absurd' | 'html-200' | 'huge' | 'slow-body';

describe('health checks against a faulty token endpoint', () => {
  let mode: Mode = 'ok';
  let provider: LoopbackServer;
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let agent: Awaited<ReturnType<typeof signedInAgent>>;
  let id: string;
  const retryDate = new Date(Date.now() + 10 * 60_000).toUTCString();

  const answer = (req: RecordedRequest, res: http.ServerResponse) => {
    if (req.url === '/api') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    switch (mode) {
      case 'ok':
        return res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"tok-1","token_type":"Bearer"}');
      case 'hang':
        return undefined;
      case 'status-503':
        return res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"temporarily_unavailable"}');
      case '429-seconds':
        return res.writeHead(429, { 'retry-after': '120', 'content-type': 'application/json' }).end('{"error":"rate_limited"}');
      case '429-date':
        return res.writeHead(429, { 'retry-after': retryDate, 'content-type': 'application/json' }).end('{"error":"rate_limited"}');
      case '429-absurd':
        return res.writeHead(429, { 'retry-after': '999999999999', 'content-type': 'application/json' }).end('{"error":"rate_limited"}');
      case 'html-200':
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome! Please sign in.</body></html>');
      case 'huge':
        return res.writeHead(200, { 'content-type': 'application/json' }).end(`{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`);
      case 'slow-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"access_token":');
        return undefined;
    }
  };

  beforeAll(async () => {
    provider = await startLoopbackServer((req, res) => answer(req, res));
    ctx = await createTestApp({ allowHosts: [provider.hostPort], outboundTimeoutMs: 400, tokenLifetimeSeconds: 0 });
    agent = await signedInAgent(ctx.app, ctx.db);
    const folderId = (await agent.get('/api/folders').expect(200)).body.folders[0].id;
    const connection = {
      scheme: 'http',
      host: provider.hostPort,
      basePath: '/api',
      auth: { type: 'oauth2', grantType: 'client_credentials', clientId: 'c', clientSecret: 's3cret-value', tokenUrl: `${provider.url}/token`, scope: '', clientAuthMethod: 'client_secret_post' },
    };
    const test = await agent.post('/api/datasources/test').send(connection).expect(200);
    const created = await agent
      .post('/api/datasources')
      .send({
        title: 'Faulty',
        name: 'faulty',
        description: '',
        serviceType: 'restful',
        swagger: { source: 'file', url: '', fileName: 'a.json', document: '{"swagger":"2.0","info":{"title":"A","version":"1"},"paths":{}}' },
        ...connection,
        folderId,
        testReceipt: test.body.result.receipt,
      })
      .expect(201);
    id = created.body.dataSource.id;
    await agent.post(`/api/health/${id}/check`).expect(200);
  });
  let providerClosed = false;
  afterAll(async () => {
    await ctx.close();
    if (!providerClosed) await provider.close();
  });

  async function checkIn(next: Mode) {
    mode = next;
    const outcome = await ctx.monitor.runCheck(id);
    const row = (await agent.get(`/api/health/${id}`).expect(200)).body.row;
    return { outcome, row };
  }

  it.each([
    ['hang', 'timeout', /did not answer within 0.4 s/],
    ['status-503', 'oauth_error', /HTTP 503: temporarily_unavailable/],
    ['html-200', 'invalid_response', /not with an OAuth 2.0 token/],
    ['huge', 'invalid_response', /larger than 64 KiB/],
    ['slow-body', 'timeout', /did not answer within 0.4 s/],
  ] as const)('%s: failing, with a reason a person can read', async (fault, kind, message) => {
    const { outcome, row } = await checkIn(fault);
    expect(outcome.ok).toBe(false);
    expect(row.state).toBe('failing');
    expect(row.lastError).toMatchObject({ step: 'token', kind });
    expect(row.lastError.message).toMatch(message);
    const { row: recovered } = await checkIn('ok');
    expect(recovered.state).toBe('enabled');
  });

  it('429 with Retry-After in seconds, as a date, and absurd: passed on to the scheduler, which caps it', async () => {
    expect((await checkIn('429-seconds')).outcome.retryAfterMs).toBe(120_000);
    const byDate = (await checkIn('429-date')).outcome.retryAfterMs!;
    expect(byDate).toBeGreaterThan(9 * 60_000);
    expect(byDate).toBeLessThanOrEqual(10 * 60_000);
    const absurd = await checkIn('429-absurd');
    expect(absurd.row.state).toBe('failing');
    expect(absurd.outcome.retryAfterMs).toBeGreaterThan(0);
  });

  it('a 503 storm: 20 checks at once all fail cleanly, and the endpoint is asked once per check at most', async () => {
    mode = 'status-503';
    const before = provider.requests.length;
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => ctx.monitor.checkNow(id)));
    expect(outcomes.every((o) => o && !o.ok)).toBe(true);
    // checkNow shares a running check: 20 callers, far fewer requests.
    expect(provider.requests.length - before).toBeLessThanOrEqual(2);
    mode = 'ok';
  });

  it('connection refused: failing with a network reason', async () => {
    const host = provider.hostPort;
    await provider.close();
    providerClosed = true;
    const outcome = await ctx.monitor.runCheck(id);
    const row = (await agent.get(`/api/health/${id}`).expect(200)).body.row;
    expect(outcome.ok).toBe(false);
    expect(row.lastError).toMatchObject({ step: 'token', kind: 'network' });
    expect(row.lastError.message).toContain(`Could not reach ${host}`);
    expect(row.lastError.message).toMatch(/refused|failed/);
    // The secret never reaches a stored reason.
    expect(JSON.stringify(row)).not.toContain('s3cret-value');
  });
});
