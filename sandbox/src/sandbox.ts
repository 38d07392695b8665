import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { defaultConnectedApps, type AppCredentials, type ConnectedApp } from './connected-apps';
import { isHttpErrorStatus, sendNotFound } from './http-errors';
import { appOrThrow, createOrg, initialIntegrationUser, type IntegrationUserCredentials, type SandboxControl } from './org-state';
import { controlRoutes } from './routes/controls.routes';
import { dataRoutes } from './routes/data.routes';
import { soapLoginRoutes } from './routes/soap-login.routes';
import { tokenRoutes } from './routes/token.routes';

export interface SandboxOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1: the sandbox has unauthenticated control endpoints. */
  host?: string;
  /** Replaces the default apps; the first one becomes `demoApp`. */
  apps?: ConnectedApp[];
  /** The SOAP API login() user's start-up credentials; what is not given is made up. */
  integrationUser?: Partial<IntegrationUserCredentials>;
  /** Request log sink; lines never contain secrets or tokens. */
  log?: (line: string) => void;
}

export interface SalesforceSandbox {
  url: string;
  port: number;
  /** Current credentials of the first app (reflects rotateSecret). */
  readonly demoApp: AppCredentials;
  /** Current credentials of the SOAP API login() user (reflects setIntegrationUser). */
  readonly integrationUser: IntegrationUserCredentials;
  control: SandboxControl;
  close(): Promise<void>;
}

/** The fake org on its own port: the token endpoint, SOAP API login(), the REST data API and the test controls. */
export async function startSalesforceSandbox(options: SandboxOptions = {}): Promise<SalesforceSandbox> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const initialApps = options.apps ?? defaultConnectedApps();
  const demoKey = initialApps[0]?.consumerKey;
  if (demoKey === undefined) throw new Error('startSalesforceSandbox: apps must not be empty');
  const { org, control } = createOrg(initialApps, initialIntegrationUser(options.integrationUser));

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((req, res, next) => {
    // Only method, path and status: query strings and bodies may carry secrets.
    // The path is read now because routers rewrite req.url while they run.
    const line = `${req.method} ${req.path}`;
    res.on('finish', () => log(`${line} ${res.statusCode}`));
    next();
  });

  app.use(tokenRoutes(org));
  app.use('/services/Soap/u', soapLoginRoutes(org));
  app.use('/services/data', dataRoutes(org));
  app.use('/__sandbox', controlRoutes(org, control));

  app.use((_req, res) => sendNotFound(res));
  // Never let Express print a stack (or a request body) to the client.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof err === 'object' && err !== null && 'status' in err && isHttpErrorStatus(err.status) ? err.status : 500;
    log(`error ${status}: ${err instanceof Error ? err.name : 'unknown'}`);
    res.status(status).json([{ message: 'sandbox error', errorCode: status === 500 ? 'UNKNOWN_EXCEPTION' : 'BAD_REQUEST' }]);
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 0, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const port = (server.address() as AddressInfo).port;
  // A wildcard bind is not a usable address for clients; point them at loopback instead.
  const urlHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  org.baseUrl = `http://${urlHost}:${port}`;

  return {
    url: org.baseUrl,
    port,
    get demoApp() {
      const demo = appOrThrow(org, demoKey);
      return { consumerKey: demo.consumerKey, consumerSecret: demo.consumerSecret };
    },
    get integrationUser() {
      const { username, password, securityToken } = org.integrationUser;
      return { username, password, securityToken };
    },
    control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive connections would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
