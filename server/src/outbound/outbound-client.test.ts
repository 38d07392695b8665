import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackHandler, type LoopbackServer } from '../test-support/loopback-server';
import { createOutboundPolicy } from './address-policy';
import { OutboundClient, OutboundError } from './outbound-client';

// Every server here is a node:http server on 127.0.0.1, port 0, started and closed by the test.
describe('OutboundClient against loopback servers', () => {
  const servers: LoopbackServer[] = [];
  const clients: OutboundClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function serve(handler: LoopbackHandler = (_req, res) => res.end('ok')) {
    const server = await startLoopbackServer(handler);
    servers.push(server);
    return server;
  }
  function clientFor(allowHosts: string[], defaultTimeoutMs = 5_000) {
    const client = new OutboundClient(createOutboundPolicy(allowHosts), defaultTimeoutMs);
    clients.push(client);
    return client;
  }
  async function failure(promise: Promise<unknown>): Promise<OutboundError> {
    const error = await promise.then(
      () => expect.unreachable('the request should have failed'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OutboundError);
    return error as OutboundError;
  }

  it('refuses http to 127.0.0.1 without an allow-list entry, and sends nothing', async () => {
    const server = await serve();
    const client = clientFor([]);
    for (const url of [`${server.url}/token`, `https://127.0.0.1:${server.port}/token`]) {
      const error = await failure(client.request({ method: 'POST', url, body: 'grant_type=client_credentials' }));
      expect(error.kind).toBe('refused');
    }
    // Allow-listing another port of the same host does not help.
    const other = clientFor([`127.0.0.1:${server.port + 1}`]);
    expect((await failure(other.request({ method: 'GET', url: server.url }))).kind).toBe('refused');
    expect(server.connections).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a host name that resolves to loopback at connect time (the DNS lookup check), and connects nowhere', async () => {
    const server = await serve();
    const client = clientFor([]);
    // checkUrl lets a host name through; the connection's own lookup must refuse it.
    const error = await failure(client.request({ method: 'GET', url: `https://localhost:${server.port}/` }));
    expect(error.kind).toBe('refused');
    expect(error.message).toMatch(/^localhost \((127\.0\.0\.1|::1)\) is a loopback address/);
    expect(error.message).toMatch(/OUTBOUND_ALLOW_HOSTS/);
    expect(server.connections).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a string that is not a URL', async () => {
    const error = await failure(clientFor([]).request({ method: 'GET', url: 'not a url' }));
    expect(error).toMatchObject({ kind: 'refused', message: '"not a url" is not a valid URL.' });
  });

  it('calls an allow-listed loopback host: GET and POST, with status, body and headers returned', async () => {
    const server = await serve((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-multi', ['a', 'b']);
      res.statusCode = req.method === 'POST' ? 201 : 200;
      res.end(JSON.stringify({ method: req.method, path: req.url, received: req.body }));
    });
    const client = clientFor([server.hostPort]);

    const got = await client.request({ method: 'GET', url: `${server.url}/services/data?x=1`, headers: { accept: 'application/json' } });
    expect(got.status).toBe(200);
    expect(JSON.parse(got.body)).toEqual({ method: 'GET', path: '/services/data?x=1', received: '' });
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['x-multi']).toBe('a, b');
    expect(got.durationMs).toBeGreaterThanOrEqual(0);

    const posted = await client.request({
      method: 'POST',
      url: `${server.url}/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=api',
    });
    expect(posted.status).toBe(201);
    expect(JSON.parse(posted.body)).toMatchObject({ method: 'POST', received: 'grant_type=client_credentials&scope=api' });

    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(server.requests[0]!.headers['user-agent']).toBe('Keyway/1.0');
    expect(server.requests[0]!.headers.accept).toBe('application/json');
    expect(server.requests[1]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('gives up on a server that never answers, as kind "timeout", within the request timeout', async () => {
    const server = await serve(() => {
      /* never answers */
    });
    const client = clientFor([server.hostPort], 5_000);
    const started = performance.now();
    const error = await failure(client.request({ method: 'GET', url: server.url, timeoutMs: 300 }));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3_000);
    expect(server.requests).toHaveLength(1);
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`${server.hostPort} did not answer within 0.3 s.`);
  });

  it('applies the client default timeout when the request gives none', async () => {
    const server = await serve(() => {
      /* never answers */
    });
    const client = clientFor([server.hostPort], 300);
    const started = performance.now();
    const error = await failure(client.request({ method: 'GET', url: server.url }));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(error.kind).toBe('timeout');
  });

  it('gives a request its own timeout even when it is longer than the client default', async () => {
    const server = await serve((_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('slow but fine'), 800);
    });
    const client = clientFor([server.hostPort], 300);
    const response = await client.request({ method: 'GET', url: server.url, timeoutMs: 3_000 });
    expect(response.status).toBe(200);
    expect(response.body).toBe('slow but fine');
  });

  it('stops reading a body larger than maxBytes and reports kind "too_large"', async () => {
    const twoMiB = Buffer.alloc(2 * 1024 * 1024, 'x');
    const server = await serve((_req, res) => {
      res.on('error', () => {}); // the client hangs up mid-body
      res.setHeader('content-type', 'text/plain');
      res.end(twoMiB);
    });
    const client = clientFor([server.hostPort]);
    const error = await failure(client.request({ method: 'GET', url: server.url, maxBytes: 64 * 1024 }));
    expect(error.kind).toBe('too_large');
    expect(error.message).toBe(`The response from ${server.hostPort} is larger than 64 KiB; it was not read.`);

    // A body within the limit is returned whole.
    const small = await client.request({ method: 'GET', url: server.url, maxBytes: 3 * 1024 * 1024 });
    expect(small.body).toHaveLength(twoMiB.length);
  });

  it('returns a 302 as it is and never follows it', async () => {
    const target = await serve();
    const redirector = await serve((_req, res) => {
      res.writeHead(302, { location: `${target.url}/stolen` });
      res.end();
    });
    const client = clientFor([redirector.hostPort, target.hostPort]);
    const response = await client.request({ method: 'POST', url: `${redirector.url}/token`, body: 'client_secret=x' });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`${target.url}/stolen`);
    expect(redirector.requests).toHaveLength(1);
    expect(target.connections).toBe(0);
    expect(target.requests).toHaveLength(0);
  });

  it('reports a refused connection as kind "network"', async () => {
    const gone = await startLoopbackServer((_req, res) => res.end());
    const { port, hostPort } = gone;
    await gone.close();
    const client = clientFor([hostPort]);
    const error = await failure(client.request({ method: 'GET', url: `http://127.0.0.1:${port}/` }));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`Could not reach ${hostPort}: the connection was refused.`);
  });
});
