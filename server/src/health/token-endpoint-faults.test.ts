import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../test-support/loopback-server';
import { createTestApp, signedInAgent } from '../test-support/test-app';

/**
 * Faults of a token endpoint, one at a time, against a provider on loopback: each gives a clear
 * failing check and a stored reason, never a crash. Tokens are not cached here (lifetime 0), so
 * every check asks the endpoint. Bounded: the outbound timeout is 0.4 s, bodies stop at 5 MiB.
 */
type Mode = 'ok' | 'hang' | 'status-503' | '429-seconds' | '429-date' | '429-absurd' | 'html-200' | 'huge' | 'huge-chunked' | 'slow-body' | 'trickle';

const HOUR_MS = 3_600_000;

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
      case 'huge-chunked': {
        // No Content-Length: the size is only known by reading, which must stop at the limit.
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = 'x'.repeat(64 * 1024);
        let sent = 0;
        const pump = () => {
          while (!res.destroyed && sent < 5 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.write('{"pad":"');
        return pump();
      }
      case 'slow-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"access_token":');
        return undefined;
      case 'trickle': {
        // A byte every 50 ms: no single wait is long, only the whole is.
        res.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => res.write(' '), 50);
        res.on('close', () => clearInterval(timer));
        return undefined;
      }
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

  const answersThatFail = [
    { title: 'a token endpoint that never answers (timeout)', fault: 'hang', kind: 'timeout', message: /did not answer within 0.4 s/ },
    { title: 'a token endpoint that answers 503', fault: 'status-503', kind: 'oauth_error', message: /HTTP 503: temporarily_unavailable/ },
    { title: 'an HTML page with 200 and no access_token', fault: 'html-200', kind: 'invalid_response', message: /not with an OAuth 2.0 token/ },
    { title: 'a 2 MiB token response', fault: 'huge', kind: 'invalid_response', message: /larger than 64 KiB/ },
    { title: 'a 5 MiB token response in chunks without Content-Length', fault: 'huge-chunked', kind: 'invalid_response', message: /larger than 64 KiB/ },
    { title: 'a token response whose body starts and then stalls', fault: 'slow-body', kind: 'timeout', message: /did not answer within 0.4 s/ },
    { title: 'a token response that trickles a byte every 50 ms', fault: 'trickle', kind: 'timeout', message: /did not answer within 0.4 s/ },
  ] as const;
  for (const { title, fault, kind, message } of answersThatFail) {
    it(`fault: ${title}: failing, with a reason a person can read, then healthy again`, async () => {
      const { outcome, row } = await checkIn(fault);
      expect(outcome.ok).toBe(false);
      expect(row.state).toBe('failing');
      expect(row.lastError).toMatchObject({ step: 'token', kind });
      expect(row.lastError.message).toMatch(message);
      const { row: recovered } = await checkIn('ok');
      expect(recovered.state).toBe('enabled');
    });
  }

  /** Run check now with the endpoint in this mode; then when the scheduler will check next, from now. */
  async function waitAfter(next: Mode) {
    mode = next;
    const outcome = (await ctx.monitor.checkNow(id))!;
    const waitMs = ctx.monitor.nextCheckAt(id)! - Date.now();
    const row = (await agent.get(`/api/health/${id}`).expect(200)).body.row;
    await checkIn('ok');
    return { outcome, waitMs, row };
  }

  it('fault: 429 with Retry-After in seconds: the next scheduled check waits at least that long', async () => {
    const { outcome, waitMs, row } = await waitAfter('429-seconds');
    expect(outcome.retryAfterMs).toBe(120_000);
    expect(waitMs).toBeGreaterThan(119_000);
    // Or until its own slot, when that is later: within one interval (300 s).
    expect(waitMs).toBeLessThanOrEqual(300_000);
    expect(row.state).toBe('failing');
    expect(row.lastError).toMatchObject({ step: 'token', httpStatus: 429 });
  });

  it('fault: 429 with Retry-After as an HTTP date: the next scheduled check waits until then', async () => {
    const { outcome, waitMs } = await waitAfter('429-date');
    const until = Date.parse(retryDate) - Date.now();
    expect(outcome.retryAfterMs).toBeGreaterThan(9 * 60_000);
    expect(waitMs).toBeGreaterThan(until - 2_000);
    expect(waitMs).toBeLessThanOrEqual(until + 1_000);
  });

  it('fault: 429 with an absurd Retry-After (about 31,700 years): the wait is capped at one hour', async () => {
    const { outcome, waitMs, row } = await waitAfter('429-absurd');
    expect(outcome.retryAfterMs).toBe(999_999_999_999_000);
    expect(waitMs).toBeGreaterThan(HOUR_MS - 2_000);
    expect(waitMs).toBeLessThanOrEqual(HOUR_MS);
    expect(row.state).toBe('failing');
  });

  it('fault: a 503 storm of scheduled checks opens the circuit after 3, and the endpoint is left alone after that', async () => {
    mode = 'status-503';
    const before = provider.requests.length;
    const outcomes = [];
    for (let i = 0; i < 10; i++) outcomes.push(await ctx.monitor.runCheck(id, 'scheduled'));
    expect(provider.requests.length - before).toBe(3);
    expect(outcomes.every((o) => !o.ok)).toBe(true);
    expect(ctx.monitor.circuit(id).state).toBe('open');
    const row = (await agent.get(`/api/health/${id}`).expect(200)).body.row;
    expect(row.stateReason).toContain('Circuit open until');
    expect(row.circuitOpenUntil).toBe(new Date(ctx.monitor.circuit(id).openUntil!).toISOString());
    // Run check now still checks, and closes the circuit once the endpoint is back.
    const { row: recovered } = await checkIn('ok');
    expect(recovered.state).toBe('enabled');
    expect(ctx.monitor.circuit(id).state).toBe('closed');
    expect(recovered.circuitOpenUntil).toBeNull();
  });

  it('fault: a 503 storm: 20 checks at once all fail cleanly, and the endpoint is asked once per check at most', async () => {
    mode = 'status-503';
    const before = provider.requests.length;
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => ctx.monitor.checkNow(id)));
    expect(outcomes.every((o) => o && !o.ok)).toBe(true);
    // checkNow shares a running check: 20 callers, far fewer requests.
    expect(provider.requests.length - before).toBeLessThanOrEqual(2);
    mode = 'ok';
  });

  it('fault: connection refused: failing with a network reason', async () => {
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
