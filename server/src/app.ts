import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { QUIET_LOG, requestLogLevel, requestMessage } from './logger';
import { TestReceipts } from './connectivity/test-receipt';
import type { SecretBox } from './crypto/secret-box';
import type { Db } from './db/database';
import { createDataSourcesRepository } from './db/repositories/datasources.repository';
import { createFoldersRepository } from './db/repositories/folders.repository';
import { createSecretsRepository } from './db/repositories/secrets.repository';
import { createUsersRepository } from './db/repositories/users.repository';
import { csrfProtection } from './http/csrf';
import { hostCheck } from './http/host-check';
import { securityHeaders, strictTransportSecurity } from './http/content-security-policy';
import { webApp } from './http/web-app';
import { errorHandler, notFoundHandler, unansweredHandler } from './http/error-handler';
import { createSessionGuard } from './http/authentication';
import { allow } from './http/authorization';
import { DEFAULT_SESSION_LIMITS, sessionMiddleware, type SessionLimits } from './http/session';
import { auditRefusals, createAuditLog } from './audit/audit-log';
import { createAuditRepository } from './db/repositories/audit.repository';
import { accountRoutes } from './routes/account/account.routes';
import { auditRoutes } from './routes/audit/audit.routes';
import { userRoutes } from './routes/users/users.routes';
import { apiKeyRoutes } from './routes/api-keys/api-keys.routes';
import { createApiKeysService } from './routes/api-keys/api-keys.service';
import { createApiKeysRepository } from './db/repositories/api-keys.repository';
import { machineApi } from './api/machine-api';
import { API_DOCS_PATH, apiDocsPage } from './api/docs-page';
import type { ApiKeyRateLimit } from './api/api-key-authentication';
import { createUsersService } from './routes/users/users.service';
import { SignInThrottle, type SignInThrottleOptions } from './http/sign-in-throttle';
import { deviceCookies } from './http/device-cookie';
import type { OutboundClient } from './outbound/outbound-client';
import { authRoutes } from './routes/auth/auth.routes';
import { createAuthService } from './routes/auth/auth.service';
import { dataSourceRoutes } from './routes/datasources/datasources.routes';
import { createDataSourcesService } from './routes/datasources/datasources.service';
import { folderRoutes } from './routes/folders/folders.routes';
import { swaggerRoutes } from './routes/swagger/swagger.routes';
import { descriptionBodyLimit } from './routes/swagger/swagger-limits';
import { configRoutes } from './routes/config/config.routes';
import { API_DESCRIPTION_MAX_BYTES } from '@keyway/shared';
import { healthRoutes } from './routes/health/health.routes';
import { createHealthService } from './routes/health/health.service';
import { createHealthRepository } from './db/repositories/health.repository';
import { HealthMonitor } from './health/health-monitor';
import { TokenCache } from './connectivity/token-cache';

export interface AppDeps {
  db: Db;
  logger: Logger;
  secretBox: SecretBox;
  /** Keys the session cookie; at least 32 characters. */
  sessionPassword: string;
  /** Keys test receipts; derived from the master key. */
  receiptKey: Buffer;
  outbound: OutboundClient;
  /** Express "trust proxy": false, a hop count, or the proxies' addresses; never true. */
  trustProxy: false | number | string[];
  /** The built SPA to serve, if any. */
  webDist?: string;
  /** The address administrators use, when it is a name rather than localhost or an IP. */
  publicUrl?: string;
  health: HealthSettings;
  /** Sign-in limits; the defaults suit production. */
  signInThrottle?: SignInThrottleOptions;
  /** SWAGGER_MAX_BYTES: the largest API description accepted; 5,000,000 unless set. */
  swaggerMaxBytes?: number;
  /** HSTS_INCLUDE_SUBDOMAINS; true unless set. */
  hstsIncludeSubDomains?: boolean;
  /** Requests per API key; 600 a minute unless set. */
  apiRateLimit?: ApiKeyRateLimit;
  /** Idle and absolute session timeouts; 30 minutes and 12 hours unless set. */
  sessionLimits?: SessionLimits;
}

export interface HealthSettings {
  defaultIntervalSeconds: number;
  concurrency: number;
  retentionDays: number;
  aggregateRetentionDays: number;
  degradedLatencyMs: number;
  tokenLifetimeSeconds: number;
  onCheckStart?: (id: string, dueAt: number, startedAt: number) => void;
}

/** Body limit of everything but data sources and Swagger fetches (see descriptionBodyLimit for those). */
const SMALL_JSON_LIMIT = '64kb';

/** The Express app and the health monitor behind it; the caller starts and stops the monitor. */
export function createApp(deps: AppDeps): { app: Express; monitor: HealthMonitor } {
  const users = createUsersRepository(deps.db);
  const folders = createFoldersRepository(deps.db);
  const secrets = createSecretsRepository(deps.db);
  const dataSources = createDataSourcesRepository(deps.db);
  const auth = createAuthService(users);
  const auditRepository = createAuditRepository(deps.db);
  const audit = createAuditLog(auditRepository, deps.logger);
  const sessionLimits = deps.sessionLimits ?? DEFAULT_SESSION_LIMITS;
  const sessions = createSessionGuard(users, sessionLimits);
  const healthRepository = createHealthRepository(deps.db);
  const apiKeysRepository = createApiKeysRepository(deps.db);
  const apiKeys = createApiKeysService(apiKeysRepository, audit);
  const monitor: HealthMonitor = new HealthMonitor({
    health: healthRepository,
    connectionOf: (id) => dataSourcesService.connectionOf(id),
    outbound: deps.outbound,
    tokens: new TokenCache({ defaultLifetimeSeconds: deps.health.tokenLifetimeSeconds, skewSeconds: 60 }),
    logger: deps.logger,
    defaultIntervalSeconds: deps.health.defaultIntervalSeconds,
    degradedLatencyMs: deps.health.degradedLatencyMs,
    concurrency: deps.health.concurrency,
    retentionDays: deps.health.retentionDays,
    aggregateRetentionDays: deps.health.aggregateRetentionDays,
    onCheckStart: deps.health.onCheckStart,
  });
  const swaggerMaxBytes = deps.swaggerMaxBytes ?? API_DESCRIPTION_MAX_BYTES;
  const dataSourcesService = createDataSourcesService({
    db: deps.db,
    dataSources,
    folders,
    secrets,
    secretBox: deps.secretBox,
    outbound: deps.outbound,
    receipts: new TestReceipts(deps.receiptKey),
    listener: monitor,
    swaggerMaxBytes,
  });

  // When a response ends, req.url is relative to the router that answered; originalUrl is the path asked for.
  const askedFor = (req: { originalUrl?: string; url?: string }) => req.originalUrl ?? req.url ?? '';
  const app = express();
  app.disable('x-powered-by');
  // No automatic weak ETags on answers: the machine API's ETag is a connection's version, and an
  // error or a list must not carry one that looks like it (the built pages keep serve-static's).
  app.set('etag', false);
  app.set('trust proxy', deps.trustProxy);
  app.use(securityHeaders());
  app.use(
    pinoHttp({
      logger: deps.logger,
      customLogLevel: (_req, res, err) => requestLogLevel(res.statusCode, Boolean(err), (res as express.Response).locals?.[QUIET_LOG] === true),
      customSuccessMessage: (req, res, responseTime) => requestMessage(req.method ?? '', askedFor(req), res.statusCode, responseTime),
      customErrorMessage: (req, res) => requestMessage(req.method ?? '', askedFor(req), res.statusCode),
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(hostCheck(deps.publicUrl));
  app.use(strictTransportSecurity({ includeSubDomains: deps.hstsIncludeSubDomains ?? true }));

  const api = express.Router();
  // Only data sources and Swagger fetches carry a description (up to SWAGGER_MAX_BYTES), and those
  // bodies are read only once the sender is signed in (below): an anonymous client gets no
  // megabytes parsed. Everything else is parsed here, small.
  const smallJson = express.json({ limit: SMALL_JSON_LIMIT });
  const descriptionRoutes = ['/datasources', '/swagger'];
  const carriesDescription = (path: string) => descriptionRoutes.some((route) => path === route || path.startsWith(`${route}/`));
  // Before the parser, so that its 400s and 413s are not cacheable either.
  api.use((_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  });
  api.use((req, res, next) => (carriesDescription(req.path) ? next() : smallJson(req, res, next)));
  api.get('/healthz', (_req, res) => {
    res.locals[QUIET_LOG] = true;
    res.json({ status: 'ok' });
  });
  api.use(sessionMiddleware(deps.sessionPassword, sessionLimits));
  api.use(csrfProtection());
  const throttle = new SignInThrottle(deps.signInThrottle);
  const devices = deviceCookies(deps.sessionPassword);
  api.use('/auth', authRoutes({ auth, users, sessions, throttle, devices, audit }));
  // Everything below needs a session, and each route names the permission it needs (see shared/auth/roles.ts).
  api.use(sessions.requireAuth());
  api.use(descriptionRoutes, express.json({ limit: descriptionBodyLimit(swaggerMaxBytes) }));
  api.use('/account', accountRoutes({ auth, users, sessions, throttle, devices, audit }));
  api.use('/folders', folderRoutes(folders, audit));
  api.use('/datasources', dataSourceRoutes(dataSourcesService, audit));
  // Fetching a Swagger URL is a step of creating a data source, and makes the console call out.
  api.use('/swagger', allow('datasources.write'), swaggerRoutes(deps.outbound, audit, swaggerMaxBytes));
  api.use('/config', configRoutes({ swaggerMaxBytes }));
  api.use('/health', healthRoutes(createHealthService(healthRepository, monitor), monitor, audit));
  api.use('/users', userRoutes(createUsersService(users, audit)));
  api.use('/api-keys', apiKeyRoutes(apiKeys));
  api.use('/audit', auditRoutes(auditRepository));
  api.use(notFoundHandler);
  api.use(auditRefusals(audit));
  api.use(errorHandler);
  // The machine API first: it has its own authentication (API keys), body parser and error shape.
  app.use(
    '/api/v1',
    machineApi({ apiKeys, apiKeysRepository, dataSources: dataSourcesService, folders, users, outbound: deps.outbound, audit, rateLimit: deps.apiRateLimit }),
  );
  app.get(API_DOCS_PATH, apiDocsPage());
  app.use('/api', api);

  if (deps.webDist && fs.existsSync(path.join(deps.webDist, 'index.html'))) {
    app.use((_req, res, next) => {
      res.locals[QUIET_LOG] = true;
      next();
    }, webApp(deps.webDist));
  }
  app.use(unansweredHandler);
  app.use(errorHandler);
  return { app, monitor };
}
