import express, { Router } from 'express';
import type { AuditLog } from '../audit/audit-log';
import type { ApiKeysRepository } from '../db/repositories/api-keys.repository';
import type { FoldersRepository } from '../db/repositories/folders.repository';
import type { UsersRepository } from '../db/repositories/users.repository';
import type { OutboundClient } from '../outbound/outbound-client';
import type { ApiKeysService } from '../routes/api-keys/api-keys.service';
import type { DataSourcesService } from '../routes/datasources/datasources.service';
import { apiKeyAuthentication, type ApiKeyRateLimit } from './api-key-authentication';
import { connectionRoutes, JSON_PATCH_TYPE } from './connections.routes';
import { createConnectionsService } from './connections.service';
import { openApiDocument } from './openapi';
import { apiNotFound, problemDetailsHandler } from './problem-details';

export interface MachineApiDeps {
  apiKeys: ApiKeysService;
  apiKeysRepository: ApiKeysRepository;
  dataSources: DataSourcesService;
  folders: FoldersRepository;
  users: UsersRepository;
  outbound: OutboundClient;
  audit: AuditLog;
  rateLimit?: ApiKeyRateLimit;
}

/** A connection body is small: Flow's params, a PEM key at most. */
const BODY_LIMIT = '64kb';

/**
 * /api/v1, the machine API: Flow Service's connections over the console's data sources. It has
 * no session and no CSRF check: it reads only `Authorization: Bearer <API key>`, so a browser's
 * cookies open nothing here. Every error is RFC 9457 problem details.
 */
export function machineApi(deps: MachineApiDeps): Router {
  const api = Router();
  api.use((_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  });
  // The contract is public, like any published API reference: it holds no data and no secret.
  api.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  api.use(apiKeyAuthentication({ apiKeys: deps.apiKeys, audit: deps.audit, rateLimit: deps.rateLimit }));
  // After authentication: nobody without a key gets a body parsed.
  api.use(express.json({ limit: BODY_LIMIT, type: ['application/json', JSON_PATCH_TYPE] }));
  const connections = createConnectionsService({
    dataSources: deps.dataSources,
    folders: deps.folders,
    users: deps.users,
    apiKeys: deps.apiKeysRepository,
    outbound: deps.outbound,
  });
  api.use(connectionRoutes({ connections, dataSources: deps.dataSources, audit: deps.audit }));
  api.use(apiNotFound);
  api.use(problemDetailsHandler);
  return api;
}
