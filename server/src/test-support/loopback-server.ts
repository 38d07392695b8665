import http from 'node:http';
import type { AddressInfo } from 'node:net';

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
