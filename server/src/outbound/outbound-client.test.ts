import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackHandler, type LoopbackServer } from '../test-support/loopback-server';
import { createOutboundPolicy } from './address-policy';
import { OutboundClient, OutboundError, type OutboundRequest } from './outbound-client';

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

  it('attack: http or https to 127.0.0.1 without an allow-list entry is refused, and nothing is sent', async () => {
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

  it('attack: a host name that resolves to loopback is refused at connect time (the DNS lookup check), and nothing connects', async () => {
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

  it('fault: a string that is not a URL is refused', async () => {
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

  it('fault: a server that never answers is given up on as kind "timeout", within the request timeout', async () => {
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

  it('fault: a server that never answers is given up on after the client default timeout when the request gives none', async () => {
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

  it('attack: a body larger than maxBytes is cut off and reported as kind "too_large"', async () => {
    const twoMiB = Buffer.alloc(2 * 1024 * 1024, 'x');
    const server = await serve((_req, res) => {
      res.on('error', () => {}); // the client hangs up mid-body
      res.setHeader('content-type', 'text/plain');
      // Chunked, without a Content-Length: the client has to count.
      for (let offset = 0; offset < twoMiB.length; offset += 256 * 1024) res.write(twoMiB.subarray(offset, offset + 256 * 1024));
      res.end();
    });
    const client = clientFor([server.hostPort]);
    const error = await failure(client.request({ method: 'GET', url: server.url, maxBytes: 64 * 1024 }));
    expect(error.kind).toBe('too_large');
    expect(error.message).toBe(`The response from ${server.hostPort} is larger than 64 KiB; it was not read.`);
    expect(error.declaredBytes).toBeUndefined();

    // A body within the limit is returned whole.
    const small = await client.request({ method: 'GET', url: server.url, maxBytes: 3 * 1024 * 1024 });
    expect(small.body).toHaveLength(twoMiB.length);
  });

  it('attack: a declared Content-Length over maxBytes is refused before any of the body is read', async () => {
    const server = await serve((_req, res) => {
      res.on('error', () => {});
      // Declares 10 MB and sends nothing: waiting for the body would run into the timeout instead.
      res.writeHead(200, { 'content-type': 'application/yaml', 'content-length': '10000000' });
      res.flushHeaders();
    });
    const client = clientFor([server.hostPort]);
    const started = performance.now();
    const error = await failure(client.request({ method: 'GET', url: server.url, maxBytes: 64 * 1024, timeoutMs: 4_000 }));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ kind: 'too_large', declaredBytes: 10_000_000 });
  });

  it('attack: a POST answered with a 302 gets the 302 back; the redirect is never followed', async () => {
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

  it('does not follow a redirect on a GET unless asked to', async () => {
    const target = await serve();
    const redirector = await serve((_req, res) => res.writeHead(302, { location: `${target.url}/x` }).end());
    const client = clientFor([redirector.hostPort, target.hostPort]);
    const response = await client.request({ method: 'GET', url: redirector.url });
    expect(response).toMatchObject({ status: 302, url: `${redirector.url}/` });
    expect(target.connections).toBe(0);
  });

  it('follows a chain of redirects on a GET when asked (relative and absolute, 301 and 303), and says where it ended', async () => {
    const target = await serve((req, res) => res.writeHead(200, { 'content-type': 'application/yaml' }).end(`served ${req.url}`));
    const redirector = await serve((req, res) => {
      if (req.url === '/start') return res.writeHead(301, { location: '/second?x=1' }).end('moved');
      if (req.url === '/second?x=1') return res.writeHead(303, { location: `${target.url}/third` }).end();
      return res.writeHead(404).end();
    });
    const client = clientFor([redirector.hostPort, target.hostPort]);
    const response = await client.request({ method: 'GET', url: `${redirector.url}/start`, followRedirects: 5 });
    expect(response).toMatchObject({ status: 200, body: 'served /third', url: `${target.url}/third` });
    expect(redirector.requests.map((r) => r.url)).toEqual(['/start', '/second?x=1']);
    expect(target.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it.each([307, 308])('follows a %i on a GET as a GET', async (status) => {
    const target = await serve((req, res) => res.end(`${req.method} ${req.url}`));
    const redirector = await serve((_req, res) => res.writeHead(status, { location: `${target.url}/moved` }).end());
    const client = clientFor([redirector.hostPort, target.hostPort]);
    const response = await client.request({ method: 'GET', url: redirector.url, followRedirects: 1 });
    expect(response.body).toBe('GET /moved');
  });

  it('attack: a redirect to a loopback port that is not allow-listed is refused at that hop, and nothing connects there', async () => {
    const hidden = await serve((_req, res) => res.end('internal admin page'));
    const spellings = [
      [`http://127.0.0.1:${hidden.port}/admin`, `http://127.0.0.1:${hidden.port}`, /Only https:\/\/ addresses can be called/],
      [`https://127.0.0.1:${hidden.port}/admin`, `https://127.0.0.1:${hidden.port}`, /127\.0\.0\.1 is a loopback address/],
      [`https://[::1]:${hidden.port}/admin`, `https://[::1]:${hidden.port}`, /\[::1\] \(::1\) is a loopback address/],
      [`https://127.1:${hidden.port}/admin`, `https://127.0.0.1:${hidden.port}`, /loopback address/],
      // A name passes the URL check; the lookup inside the connection refuses what it resolves to.
      [`https://localhost:${hidden.port}/admin`, `https://localhost:${hidden.port}`, /localhost \((127\.0\.0\.1|::1)\) is a loopback address/],
    ] as const;
    for (const [location, shown, reason] of spellings) {
      const redirector = await serve((_req, res) => res.writeHead(302, { location }).end());
      const client = clientFor([redirector.hostPort]);
      const error = await failure(client.request({ method: 'GET', url: `${redirector.url}/swagger.yaml`, followRedirects: 5 }));
      expect(error.kind).toBe('refused');
      expect(error.message.startsWith(`Redirect 1, from ${redirector.hostPort} to ${shown}, was not followed: `)).toBe(true);
      expect(error.message).toMatch(reason);
      expect(error.message).not.toContain('/admin');
    }
    expect(hidden.connections).toBe(0);
  });

  it('attack: a redirect later in a chain is refused at its own hop, naming it', async () => {
    const hidden = await serve();
    const second = await serve((_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${hidden.port}/` }).end('secret body'));
    const first = await serve((_req, res) => res.writeHead(302, { location: `${second.url}/next` }).end());
    const client = clientFor([first.hostPort, second.hostPort]);
    const error = await failure(client.request({ method: 'GET', url: first.url, followRedirects: 5 }));
    expect(error.message).toMatch(new RegExp(`^Redirect 2, from ${second.hostPort} to http://127\\.0\\.0\\.1:${hidden.port}, was not followed: Only https://`));
    expect(error.message).not.toContain('secret body');
    expect(second.requests).toHaveLength(1);
    expect(hidden.connections).toBe(0);
  });

  it.each([
    ['file:///etc/passwd', 'a file: address'],
    ['ftp://127.0.0.1/pub/api.yaml', 'a ftp: address'],
    ['gopher://127.0.0.1:70/_GET%20/', 'a gopher: address'],
    ['data:text/plain,swagger', 'a data: address'],
    ['javascript:alert(1)', 'a javascript: address'],
  ])('attack: a redirect to %s is refused at that hop', async (location, shown) => {
    const redirector = await serve((_req, res) => res.writeHead(302, { location }).end());
    const client = clientFor([redirector.hostPort]);
    const error = await failure(client.request({ method: 'GET', url: redirector.url, followRedirects: 5 }));
    expect(error).toMatchObject({
      kind: 'refused',
      message: `Redirect 1, from ${redirector.hostPort} to ${shown}, was not followed: only http:// and https:// addresses are followed.`,
    });
  });

  it('attack: a redirect loop stops at the limit', async () => {
    const loop = await serve((req, res) => res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end());
    const client = clientFor([loop.hostPort]);
    const error = await failure(client.request({ method: 'GET', url: `${loop.url}/a`, followRedirects: 5 }));
    expect(error).toMatchObject({
      kind: 'refused',
      message: `The address redirected more than 5 times; redirect 6, from ${loop.hostPort}, was not followed.`,
    });
    expect(loop.requests).toHaveLength(6);
  });

  it('attack: a POST never follows a redirect, even when asked to', async () => {
    const target = await serve();
    const redirector = await serve((_req, res) => res.writeHead(307, { location: `${target.url}/stolen` }).end());
    const client = clientFor([redirector.hostPort, target.hostPort]);
    // The type refuses followRedirects on a POST; a caller in plain JavaScript gets the same at run time.
    const post = { method: 'POST', url: redirector.url, body: 'client_secret=x', followRedirects: 5 } as unknown as OutboundRequest;
    const response = await client.request(post);
    expect(response.status).toBe(307);
    expect(target.connections).toBe(0);
  });

  it('attack: Authorization and Cookie do not follow a redirect to another origin, and stay within one', async () => {
    const other = await serve((req, res) => res.end(JSON.stringify(req.headers)));
    const origin = await serve((req, res) => {
      if (req.url === '/same') return res.writeHead(302, { location: '/echo' }).end();
      if (req.url === '/echo') return res.writeHead(302, { location: `${other.url}/echo` }).end();
      return res.writeHead(404).end();
    });
    const client = clientFor([origin.hostPort, other.hostPort]);
    const response = await client.request({
      method: 'GET',
      url: `${origin.url}/same`,
      headers: { Authorization: 'Bearer secret-token', cookie: 'session=secret', 'Proxy-Authorization': 'Basic c2VjcmV0', accept: 'application/yaml' },
      followRedirects: 5,
    });
    const received = JSON.parse(response.body) as Record<string, string>;
    expect(received.accept).toBe('application/yaml');
    expect(received).not.toHaveProperty('authorization');
    expect(received).not.toHaveProperty('cookie');
    expect(received).not.toHaveProperty('proxy-authorization');
    // Within the first origin they were still sent.
    expect(origin.requests.map((r) => r.headers.authorization)).toEqual(['Bearer secret-token', 'Bearer secret-token']);
  });

  it('fault: a redirect whose Location is not a URL is refused with a clear message', async () => {
    const redirector = await serve((_req, res) => res.writeHead(302, { location: 'http://[::1' }).end());
    const client = clientFor([redirector.hostPort]);
    const error = await failure(client.request({ method: 'GET', url: redirector.url, followRedirects: 5 }));
    expect(error.message).toBe(`Redirect 1, from ${redirector.hostPort}, was not followed: its Location is not a valid URL.`);
  });

  it('fault: a 3xx without a Location is returned as it is', async () => {
    const server = await serve((_req, res) => res.writeHead(302).end());
    const response = await clientFor([server.hostPort]).request({ method: 'GET', url: server.url, followRedirects: 5 });
    expect(response.status).toBe(302);
  });

  it('fault: one timeout covers the whole chain of redirects', async () => {
    const slow = await serve((req, res) => {
      setTimeout(() => res.writeHead(302, { location: `/${Number(req.url.slice(1)) + 1}` }).end(), 150);
    });
    const client = clientFor([slow.hostPort]);
    const started = performance.now();
    const error = await failure(client.request({ method: 'GET', url: `${slow.url}/0`, followRedirects: 5, timeoutMs: 400 }));
    expect(error.kind).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(slow.requests.length).toBeLessThan(5);
  });

  it('fault: a refused connection is reported as kind "network"', async () => {
    const gone = await startLoopbackServer((_req, res) => res.end());
    const { port, hostPort } = gone;
    await gone.close();
    const client = clientFor([hostPort]);
    const error = await failure(client.request({ method: 'GET', url: `http://127.0.0.1:${port}/` }));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`Could not reach ${hostPort}: the connection was refused.`);
  });
});
