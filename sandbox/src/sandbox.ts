import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';

/** A connected app of the fake org. Flags default to a working client-credentials app. */
export interface ConnectedApp {
  name?: string;
  consumerKey: string;
  consumerSecret: string;
  /** Salesforce refuses client credentials until an admin picks a "Run As" user. */
  runAsUser?: boolean;
  /** The "Enable Client Credentials Flow" checkbox of the connected app. */
  clientCredentialsEnabled?: boolean;
}

export interface AppCredentials {
  consumerKey: string;
  consumerSecret: string;
}

export interface SandboxOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1: the sandbox has unauthenticated control endpoints. */
  host?: string;
  /** Replaces the default apps; the first one becomes `demoApp`. */
  apps?: ConnectedApp[];
  /** Request log sink; lines never contain secrets or tokens. */
  log?: (line: string) => void;
}

export interface SandboxControl {
  rotateSecret(consumerKey: string, newSecret: string): void;
  setRunAsUser(consumerKey: string, enabled: boolean): void;
  setClientCredentialsEnabled(consumerKey: string, enabled: boolean): void;
  /** Every /services/data request answers this status until set back to null. */
  setApiFailure(status: number | null): void;
  setApiDelayMs(ms: number): void;
  /** Every token request answers this status until set back to null. */
  setTokenFailure(status: number | null): void;
  revokeAllTokens(): void;
  /** Every access token issued since start or the last reset, revoked or not. */
  issuedTokens(): string[];
  /** Token endpoint hits, including failed and fault-injected ones. */
  tokenRequestCount(): number;
  /** Back to the apps and secrets of start-up, no faults, no tokens, zero counters. */
  reset(): void;
}

export interface SalesforceSandbox {
  url: string;
  port: number;
  /** Current credentials of the first app (reflects rotateSecret). */
  readonly demoApp: AppCredentials;
  control: SandboxControl;
  close(): Promise<void>;
}

export const API_VERSION = '65.0';

// Ascending, as Salesforce lists them; the last one is current.
const VERSIONS: ReadonlyArray<readonly [string, string]> = [
  ['60.0', "Spring '24"],
  ['61.0', "Summer '24"],
  ['62.0', "Winter '25"],
  ['63.0', "Spring '25"],
  ['64.0', "Summer '25"],
  ['65.0', "Winter '26"],
];

const SOBJECTS: ReadonlyArray<readonly [name: string, plural: string, keyPrefix: string]> = [
  ['Account', 'Accounts', '001'],
  ['Contact', 'Contacts', '003'],
  ['Lead', 'Leads', '00Q'],
  ['Opportunity', 'Opportunities', '006'],
  ['Case', 'Cases', '500'],
  ['User', 'Users', '005'],
];

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomChars(length: number, alphabet = ALNUM): string {
  // Rejection sampling would be overkill: bias is irrelevant for fake identifiers.
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

/** 18-character Salesforce-style record id with the given 3-character key prefix. */
function salesforceId(prefix: string): string {
  return prefix + randomChars(15);
}

export function generateConsumerKey(): string {
  // Real keys are "3MVG9" plus ~80 characters drawn from letters, digits, '.' and '_'.
  return '3MVG9' + randomChars(80, ALNUM + '._');
}

export function generateConsumerSecret(): string {
  return randomBytes(32).toString('hex').toUpperCase();
}

/** The default apps: a working demo app and "NoRunAsUser", which shows the missing Run As user error. */
export function defaultConnectedApps(demo: Partial<AppCredentials> = {}): ConnectedApp[] {
  return [
    {
      name: 'Keyway Demo',
      consumerKey: demo.consumerKey || generateConsumerKey(),
      consumerSecret: demo.consumerSecret || generateConsumerSecret(),
    },
    {
      name: 'NoRunAsUser',
      consumerKey: generateConsumerKey(),
      consumerSecret: generateConsumerSecret(),
      runAsUser: false,
    },
  ];
}

interface AppState {
  name: string;
  consumerKey: string;
  consumerSecret: string;
  runAsUser: boolean;
  clientCredentialsEnabled: boolean;
  userId: string;
}

class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

// Comparing digests keeps the comparison constant-time even when lengths differ.
function secretsEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** application/x-www-form-urlencoded decoding of one value: '+' is a space. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

/**
 * RFC 6749 §2.3.1: the id and secret are each form-encoded before being joined with ':',
 * so split at the first ':' and form-decode each half. Returns null for a malformed header.
 */
function parseBasicAuth(header: string): AppCredentials | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return {
      consumerKey: formDecode(decoded.slice(0, colon)),
      consumerSecret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    return null; // malformed %-escape
  }
}

function bearerToken(req: Request): string | null {
  // Salesforce accepts its historical "OAuth" scheme as well as "Bearer".
  const match = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return match?.[1] ?? null;
}

function apiErrorCode(status: number): string {
  switch (status) {
    case 401:
      return 'INVALID_SESSION_ID';
    case 403:
      return 'REQUEST_LIMIT_EXCEEDED';
    case 404:
      return 'NOT_FOUND';
    case 503:
      return 'SERVER_UNAVAILABLE';
    default:
      return 'UNKNOWN_EXCEPTION';
  }
}

function isHttpErrorStatus(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startSalesforceSandbox(options: SandboxOptions = {}): Promise<SalesforceSandbox> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const initialApps = options.apps ?? defaultConnectedApps();
  const demoKey = initialApps[0]?.consumerKey;
  if (demoKey === undefined) throw new Error('startSalesforceSandbox: apps must not be empty');

  const orgId = salesforceId('00D');
  const initialUserIds = initialApps.map(() => salesforceId('005'));

  let apps = new Map<string, AppState>();
  let activeTokens = new Map<string, string>(); // token -> consumer key
  let issued: string[] = [];
  let tokenRequests = 0;
  let apiFailure: number | null = null;
  let apiDelayMs = 0;
  let tokenFailure: number | null = null;

  function reset(): void {
    apps = new Map(
      initialApps.map((app, i) => [
        app.consumerKey,
        {
          name: app.name ?? `App ${i + 1}`,
          consumerKey: app.consumerKey,
          consumerSecret: app.consumerSecret,
          runAsUser: app.runAsUser ?? true,
          clientCredentialsEnabled: app.clientCredentialsEnabled ?? true,
          userId: initialUserIds[i] ?? salesforceId('005'),
        },
      ]),
    );
    activeTokens = new Map();
    issued = [];
    tokenRequests = 0;
    apiFailure = null;
    apiDelayMs = 0;
    tokenFailure = null;
  }
  reset();

  function appOrThrow(consumerKey: string): AppState {
    const app = apps.get(consumerKey);
    if (!app) throw new Error('unknown consumer key');
    return app;
  }

  const control: SandboxControl = {
    rotateSecret(consumerKey, newSecret) {
      if (!newSecret) throw new Error('secret must not be empty');
      // As in Salesforce, tokens issued under the old secret stay valid.
      appOrThrow(consumerKey).consumerSecret = newSecret;
    },
    setRunAsUser(consumerKey, enabled) {
      appOrThrow(consumerKey).runAsUser = enabled;
    },
    setClientCredentialsEnabled(consumerKey, enabled) {
      appOrThrow(consumerKey).clientCredentialsEnabled = enabled;
    },
    setApiFailure(status) {
      if (status !== null && !isHttpErrorStatus(status)) throw new Error('status must be 400-599 or null');
      apiFailure = status;
    },
    setApiDelayMs(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error('delay must be a non-negative number');
      apiDelayMs = ms;
    },
    setTokenFailure(status) {
      if (status !== null && !isHttpErrorStatus(status)) throw new Error('status must be 400-599 or null');
      tokenFailure = status;
    },
    revokeAllTokens() {
      activeTokens.clear();
    },
    issuedTokens: () => [...issued],
    tokenRequestCount: () => tokenRequests,
    reset,
  };

  // Filled in once listening, since port 0 is only resolved then.
  let baseUrl = '';

  function issueToken(app: AppState) {
    const accessToken = `${orgId}!${randomBytes(72).toString('base64url')}`;
    activeTokens.set(accessToken, app.consumerKey);
    issued.push(accessToken);
    const id = `${baseUrl}/id/${orgId}/${app.userId}`;
    const issuedAt = String(Date.now());
    return {
      access_token: accessToken,
      // Salesforce signs id + issued_at so clients can check the response was not tampered with.
      signature: createHmac('sha256', app.consumerSecret).update(id + issuedAt).digest('base64'),
      scope: 'api',
      instance_url: baseUrl,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
  }

  function authenticateClient(req: Request, body: URLSearchParams): AppState {
    const header = req.get('authorization');
    const bodyId = body.get('client_id');
    const bodySecret = body.get('client_secret');
    let creds: AppCredentials;
    if (header !== undefined) {
      if (bodyId !== null || bodySecret !== null) {
        throw new OAuthError('invalid_request', 'client authentication must use either the Authorization header or the request body, not both');
      }
      const parsed = parseBasicAuth(header);
      if (!parsed) throw new OAuthError('invalid_client', 'invalid client credentials');
      creds = parsed;
    } else {
      if (!bodyId) throw new OAuthError('invalid_client', 'invalid client credentials');
      creds = { consumerKey: bodyId, consumerSecret: bodySecret ?? '' };
    }
    const app = apps.get(creds.consumerKey);
    if (!app) throw new OAuthError('invalid_client_id', 'client identifier invalid');
    if (!creds.consumerSecret || !secretsEqual(creds.consumerSecret, app.consumerSecret)) {
      throw new OAuthError('invalid_client', 'invalid client credentials');
    }
    return app;
  }

  function sendOAuthError(res: Response, err: OAuthError): void {
    res.status(400).set('Cache-Control', 'no-store').json({ error: err.error, error_description: err.description });
  }

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

  // Raw text, so that a non-form body is rejected rather than silently ignored.
  const tokenBody = express.text({ type: () => true, limit: '16kb' });

  // Emulates login.salesforce.com, which refuses client credentials: they need the My Domain host.
  const loginDomainError = (res: Response) =>
    sendOAuthError(res, new OAuthError('unsupported_grant_type', 'request not supported on this domain'));
  app.post('/login/services/oauth2/token', tokenBody, (_req, res) => loginDomainError(res));

  app.post('/services/oauth2/token', tokenBody, (req, res) => {
    tokenRequests += 1;
    if (tokenFailure !== null) {
      const error = tokenFailure === 503 ? 'temporarily_unavailable' : 'server_error';
      res.status(tokenFailure).set('Cache-Control', 'no-store').json({ error, error_description: 'injected sandbox failure' });
      return;
    }
    if (req.hostname.toLowerCase().startsWith('login.')) return loginDomainError(res);
    if (!req.is('application/x-www-form-urlencoded')) {
      return sendOAuthError(res, new OAuthError('invalid_request', 'body must be application/x-www-form-urlencoded'));
    }
    const body = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
    try {
      if (body.get('grant_type') !== 'client_credentials') {
        throw new OAuthError('unsupported_grant_type', 'grant type not supported');
      }
      const client = authenticateClient(req, body);
      if (!client.clientCredentialsEnabled) throw new OAuthError('unsupported_grant_type', 'grant type not supported');
      if (!client.runAsUser) throw new OAuthError('invalid_grant', 'no client credentials user enabled');
      res.set('Cache-Control', 'no-store').json(issueToken(client));
    } catch (err) {
      if (err instanceof OAuthError) return sendOAuthError(res, err);
      throw err;
    }
  });

  const data = express.Router();
  data.use(async (req, res, next) => {
    if (apiDelayMs > 0) await sleep(apiDelayMs);
    const status = apiFailure ?? (activeTokens.has(bearerToken(req) ?? '') ? null : 401);
    if (status === null) return next();
    if (status === 401) res.set('WWW-Authenticate', 'Token');
    const message = status === 401 ? 'Session expired or invalid' : 'injected sandbox failure';
    res.status(status).json([{ message, errorCode: apiErrorCode(status) }]);
  });
  data.get('/', (_req, res) => {
    res.json(VERSIONS.map(([version, label]) => ({ label, url: `/services/data/v${version}`, version })));
  });
  const knownVersion = (v: string | undefined) => VERSIONS.some(([version]) => `v${version}` === v);
  data.get('/:version', (req, res, next) => {
    const v = req.params.version;
    if (!knownVersion(v)) return next();
    const base = `/services/data/${v}`;
    const names = ['tooling', 'metadata', 'eclair', 'folders', 'sobjects', 'query', 'queryAll', 'search', 'limits', 'recent', 'composite'];
    res.json(Object.fromEntries(names.map((name) => [name, `${base}/${name}`])));
  });
  data.get('/:version/sobjects', (req, res, next) => {
    const v = req.params.version;
    if (!knownVersion(v)) return next();
    const sobjects = SOBJECTS.map(([name, labelPlural, keyPrefix]) => {
      const url = `/services/data/${v}/sobjects/${name}`;
      return {
        name,
        label: name,
        labelPlural,
        keyPrefix,
        custom: false,
        queryable: true,
        createable: name !== 'User',
        updateable: true,
        deletable: name !== 'User',
        urls: { sobject: url, describe: `${url}/describe`, rowTemplate: `${url}/{ID}` },
      };
    });
    res.json({ encoding: 'UTF-8', maxBatchSize: 200, sobjects });
  });
  data.use((_req, res) => {
    res.status(404).json([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  });
  app.use('/services/data', data);

  /*
   * TEST-ONLY controls of this fake org; nothing like them exists in Salesforce.
   * POSTs must be application/json, which a cross-site form cannot send without a CORS
   * preflight (never granted here), so a web page cannot flip faults on a developer's sandbox.
   *
   *   GET  /__sandbox/state               apps (no secrets), faults, counters, issued tokens
   *   POST /__sandbox/rotate-secret       {"consumerKey","consumerSecret"}
   *   POST /__sandbox/run-as-user         {"consumerKey","enabled":boolean}
   *   POST /__sandbox/client-credentials  {"consumerKey","enabled":boolean}
   *   POST /__sandbox/api-failure         {"status":number|null}  /services/data answers this status
   *   POST /__sandbox/api-delay           {"ms":number}           delay before /services/data answers
   *   POST /__sandbox/token-failure       {"status":number|null}  token endpoint answers this status
   *   POST /__sandbox/revoke-all          {}                      every issued token becomes invalid
   *   POST /__sandbox/reset               {}                      start-up state
   * Each POST answers 204, or 400 {"error"} for a bad body or unknown consumer key.
   */
  const ctl = express.Router();
  ctl.use(express.json({ limit: '16kb' }));
  ctl.get('/state', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({
      apps: [...apps.values()].map(({ name, consumerKey, runAsUser, clientCredentialsEnabled }) => ({
        name,
        consumerKey,
        runAsUser,
        clientCredentialsEnabled,
      })),
      apiFailure,
      apiDelayMs,
      tokenFailure,
      tokenRequestCount: tokenRequests,
      issuedTokens: [...issued],
      activeTokenCount: activeTokens.size,
    });
  });
  type Body = Record<string, unknown>;
  const command = (path: string, run: (body: Body) => void) =>
    ctl.post(path, (req, res) => {
      if (!req.is('application/json')) {
        res.status(415).json({ error: 'Content-Type must be application/json' });
        return;
      }
      const body: Body = typeof req.body === 'object' && req.body !== null ? (req.body as Body) : {};
      try {
        run(body);
      } catch (err) {
        res.status(400).json({ error: err instanceof Error ? err.message : 'bad request' });
        return;
      }
      res.status(204).end();
    });
  const str = (v: unknown, field: string): string => {
    if (typeof v !== 'string') throw new Error(`${field} must be a string`);
    return v;
  };
  const bool = (v: unknown, field: string): boolean => {
    if (typeof v !== 'boolean') throw new Error(`${field} must be a boolean`);
    return v;
  };
  const statusOrNull = (v: unknown): number | null => {
    if (v !== null && typeof v !== 'number') throw new Error('status must be a number or null');
    return v;
  };
  command('/rotate-secret', (b) => control.rotateSecret(str(b.consumerKey, 'consumerKey'), str(b.consumerSecret, 'consumerSecret')));
  command('/run-as-user', (b) => control.setRunAsUser(str(b.consumerKey, 'consumerKey'), bool(b.enabled, 'enabled')));
  command('/client-credentials', (b) =>
    control.setClientCredentialsEnabled(str(b.consumerKey, 'consumerKey'), bool(b.enabled, 'enabled')),
  );
  command('/api-failure', (b) => control.setApiFailure(statusOrNull(b.status)));
  command('/api-delay', (b) => control.setApiDelayMs(typeof b.ms === 'number' ? b.ms : Number.NaN));
  command('/token-failure', (b) => control.setTokenFailure(statusOrNull(b.status)));
  command('/revoke-all', () => control.revokeAllTokens());
  command('/reset', () => control.reset());
  app.use('/__sandbox', ctl);

  app.use((_req, res) => {
    res.status(404).json([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  });
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
  baseUrl = `http://${urlHost}:${port}`;

  return {
    url: baseUrl,
    port,
    get demoApp() {
      const demo = appOrThrow(demoKey);
      return { consumerKey: demo.consumerKey, consumerSecret: demo.consumerSecret };
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
