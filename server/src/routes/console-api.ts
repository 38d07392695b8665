import express, { type Router } from 'express';
import type { AuditLog } from '../audit/audit-log';
import { auditRefusals } from '../audit/audit-log';
import type { AuditRepository } from '../db/repositories/audit.repository';
import type { FoldersRepository } from '../db/repositories/folders.repository';
import type { UsersRepository } from '../db/repositories/users.repository';
import type { HealthMonitor } from '../health/health-monitor';
import type { SessionGuard } from '../http/authentication';
import { allow } from '../http/authorization';
import { csrfProtection } from '../http/csrf';
import { deviceCookies } from '../http/device-cookie';
import { errorHandler, notFoundHandler } from '../http/error-handler';
import { sessionMiddleware, type SessionLimits } from '../http/session';
import { SignInThrottle, type SignInThrottleOptions } from '../http/sign-in-throttle';
import { QUIET_LOG } from '../logger';
import type { OutboundClient } from '../outbound/outbound-client';
import { accountRoutes } from './account/account.routes';
import { apiKeyRoutes } from './api-keys/api-keys.routes';
import type { ApiKeysService } from './api-keys/api-keys.service';
import { auditRoutes } from './audit/audit.routes';
import { authRoutes } from './auth/auth.routes';
import type { AuthService } from './auth/auth.service';
import { configRoutes } from './config/config.routes';
import { dataSourceRoutes } from './datasources/datasources.routes';
import type { DataSourcesService } from './datasources/datasources.service';
import { folderRoutes } from './folders/folders.routes';
import { healthRoutes } from './health/health.routes';
import type { HealthService } from './health/health.service';
import { descriptionBodyLimit } from './swagger/swagger-limits';
import { swaggerRoutes } from './swagger/swagger.routes';
import { userRoutes } from './users/users.routes';
import { createUsersService } from './users/users.service';

/** Body limit of everything but data sources and Swagger fetches (see descriptionBodyLimit for those). */
const SMALL_JSON_LIMIT = '64kb';

export interface ConsoleApiDeps {
  deps: {
    sessionPassword: string;
    sessionLimits: SessionLimits;
    signInThrottle?: SignInThrottleOptions;
    swaggerMaxBytes: number;
    outbound: OutboundClient;
  };
  auth: AuthService;
  users: UsersRepository;
  sessions: SessionGuard;
  audit: AuditLog;
  auditRepository: AuditRepository;
  folders: FoldersRepository;
  dataSources: DataSourcesService;
  health: HealthService;
  monitor: HealthMonitor;
  apiKeys: ApiKeysService;
}

/**
 * The console's own API under /api: the browser's, with a session cookie, CSRF protection and
 * the one error shape. Each route names the permission it needs (shared/auth/roles.ts).
 */
export function consoleApi({ deps, auth, users, sessions, audit, auditRepository, folders, dataSources, health, monitor, apiKeys }: ConsoleApiDeps): Router {
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
  api.use(sessionMiddleware(deps.sessionPassword, deps.sessionLimits));
  api.use(csrfProtection());
  const throttle = new SignInThrottle(deps.signInThrottle);
  const devices = deviceCookies(deps.sessionPassword);
  api.use('/auth', authRoutes({ auth, users, sessions, throttle, devices, audit }));
  // Everything below needs a session, and each route names the permission it needs (see shared/auth/roles.ts).
  api.use(sessions.requireAuth());
  api.use(descriptionRoutes, express.json({ limit: descriptionBodyLimit(deps.swaggerMaxBytes) }));
  api.use('/account', accountRoutes({ auth, users, sessions, throttle, devices, audit }));
  api.use('/folders', folderRoutes(folders, audit));
  api.use('/datasources', dataSourceRoutes(dataSources, audit));
  // Fetching a Swagger URL is a step of creating a data source, and makes the console call out.
  api.use('/swagger', allow('datasources.write'), swaggerRoutes(deps.outbound, audit, deps.swaggerMaxBytes));
  api.use('/config', configRoutes({ swaggerMaxBytes: deps.swaggerMaxBytes }));
  api.use('/health', healthRoutes(health, monitor, audit));
  api.use('/users', userRoutes(createUsersService(users, audit)));
  api.use('/api-keys', apiKeyRoutes(apiKeys));
  api.use('/audit', auditRoutes(auditRepository));
  api.use(notFoundHandler);
  api.use(auditRefusals(audit));
  api.use(errorHandler);
  return api;
}
