import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOutboundPolicy } from '../outbound/address-policy';
import { OutboundClient } from '../outbound/outbound-client';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface LoopbackServer {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** 127.0.0.1:<port>, as OUTBOUND_ALLOW_HOSTS spells it. */
  hostPort: string;
  /** TCP connections accepted, whether or not a request followed (a TLS hello counts too). */
  readonly connections: number;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export type LoopbackHandler = (req: RecordedRequest, res: http.ServerResponse) => void;

/**
 * A plain HTTP server on 127.0.0.1, port 0, that reads each request body whole, records it and
 * hands it to `handler`. Tests use it as a stand-in for a provider; it never listens beyond loopback.
 */
export async function startLoopbackServer(handler: LoopbackHandler): Promise<LoopbackServer> {
  let connections = 0;
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      handler(recorded, res);
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    hostPort: `127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive and deliberately unanswered connections would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

/**
 * Token endpoints (or APIs) a test writes itself, and an outbound client allowed to reach them:
 * each `start` adds a loopback server and gives a fresh client for all started so far; `close`
 * ends them all, for an afterEach.
 */
export function loopbackEndpoints(timeoutMs = 5_000) {
  const servers: LoopbackServer[] = [];
  let current: OutboundClient | undefined;
  return {
    async start(handler: LoopbackHandler): Promise<LoopbackServer> {
      const server = await startLoopbackServer(handler);
      servers.push(server);
      await current?.close();
      current = new OutboundClient(createOutboundPolicy(servers.map((s) => s.hostPort)), timeoutMs);
      return server;
    },
    get client(): OutboundClient {
      if (!current) throw new Error('start an endpoint first');
      return current;
    },
    async close(): Promise<void> {
      await current?.close();
      current = undefined;
      // A test may have closed one itself (an endpoint that has gone away): that one is done.
      const closed = (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ERR_SERVER_NOT_RUNNING') throw error;
      };
      await Promise.all(servers.splice(0).map((s) => s.close().catch(closed)));
    },
  };
}
