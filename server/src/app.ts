import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { TestReceipts } from './connectivity/test-receipt';
import type { SecretBox } from './crypto/secret-box';
import type { Db } from './db/database';
import { createDataSourcesRepository } from './db/repositories/datasources.repository';
import { createFoldersRepository } from './db/repositories/folders.repository';
import { createSecretsRepository } from './db/repositories/secrets.repository';
import { createUsersRepository } from './db/repositories/users.repository';
import { hostCheck } from './http/host-check';
import { securityHeaders, strictTransportSecurity } from './http/content-security-policy';
import { webApp } from './http/web-app';
import { errorHandler, unansweredHandler } from './http/error-handler';
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from './http/session';
import type { SignInThrottleOptions } from './http/sign-in-throttle';
import { requestLog } from './http/request-log';
import { QUIET_LOG } from './logger';
import { createAuditLog } from './audit/audit-log';
import { consoleApi } from './routes/console-api';
import { createSessionGuard } from './http/authentication';
import { createAuditRepository } from './db/repositories/audit.repository';
import { createApiKeysService } from './routes/api-keys/api-keys.service';
import { createApiKeysRepository } from './db/repositories/api-keys.repository';
import { machineApi } from './api/machine-api';
import { API_DOCS_PATH, apiDocsPage } from './api/docs-page';
import type { ApiKeyRateLimit } from './api/api-key-authentication';
import type { OutboundClient } from './outbound/outbound-client';
import { createAuthService } from './routes/auth/auth.service';
import { createDataSourcesService } from './routes/datasources/datasources.service';
import { API_DESCRIPTION_MAX_BYTES } from '@keyway/shared';
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
  /** SWAGGER_MAX_BYTES: the largest API description accepted; 25,000,000 unless set. */
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

  const app = express();
  app.disable('x-powered-by');
  // No automatic weak ETags on answers: the machine API's ETag is a connection's version, and an
  // error or a list must not carry one that looks like it (the built pages keep serve-static's).
  app.set('etag', false);
  app.set('trust proxy', deps.trustProxy);
  app.use(securityHeaders());
  app.use(requestLog(deps.logger));
  app.use(hostCheck(deps.publicUrl));
  app.use(strictTransportSecurity({ includeSubDomains: deps.hstsIncludeSubDomains ?? true }));

  const api = consoleApi({
    deps: { sessionPassword: deps.sessionPassword, sessionLimits, signInThrottle: deps.signInThrottle, swaggerMaxBytes, outbound: deps.outbound },
    auth,
    users,
    sessions,
    audit,
    auditRepository,
    folders,
    dataSources: dataSourcesService,
    health: createHealthService(healthRepository, monitor),
    monitor,
    apiKeys,
  });
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
