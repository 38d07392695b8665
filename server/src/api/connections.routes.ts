import { Router, type Request, type Response } from 'express';
import { CONNECTION_SPECS, KeyPairRequestSchema } from '@keyway/shared';
import type { AuditLog } from '../audit/audit-log';
import { AppError } from '../errors';
import type { DataSourcesService } from '../routes/datasources/datasources.service';
import { apiPrincipal, requireApiPermission, type ApiKeyPrincipal } from './api-key-authentication';
import { presentConnectionSpec } from './connection-mapping';
import type { ConnectionsService, ListQuery } from './connections.service';
import { invalidRequest } from './problem-details';

export const SANDBOX_HEADER = 'x-sandbox-name';
export const JSON_PATCH_TYPE = 'application/json-patch+json';

/** Who acts, as the data source service records it. */
const actorOf = (principal: ApiKeyPrincipal) => `api_key:${principal.id}`;
/** The key as the audit log names it: its name and visible prefix, never the key. */
const auditActor = (principal: ApiKeyPrincipal) => ({ id: `api_key:${principal.id}`, email: `API key "${principal.name}" (${principal.prefix})` });
const target = (connection: { id: string; name: string }) => ({ type: 'data_source', id: connection.id, label: connection.name });
const sandboxOf = (req: Request) => req.get(SANDBOX_HEADER);

/** The connection specs never change while the console runs: made once. */
let presentedSpecs: ReturnType<typeof presentConnectionSpec>[] | undefined;
const specs = () => (presentedSpecs ??= CONNECTION_SPECS.map(presentConnectionSpec));

function sendConnectionRef(res: Response, status: number, connection: { id: string; etag: string }) {
  res.status(status).set('etag', connection.etag).json({ id: connection.id, etag: connection.etag });
}

export function connectionRoutes(deps: { connections: ConnectionsService; dataSources: DataSourcesService; audit: AuditLog }): Router {
  const { connections, dataSources, audit } = deps;
  const router = Router();

  router.get('/connectionSpecs', requireApiPermission('read'), (_req, res) => {
    res.json({ items: specs() });
  });

  router.get('/connectionSpecs/:id', requireApiPermission<{ id: string }>('read'), (req, res) => {
    const spec = specs().find((s) => s.id === req.params.id);
    if (!spec) throw new AppError(404, 'not_found', `There is no connection spec with id "${req.params.id}". GET /api/v1/connectionSpecs lists them.`);
    res.json({ items: [spec] });
  });

  router.get('/connections', requireApiPermission('read'), async (req, res) => {
    const query = req.query as ListQuery;
    const { items, next } = await connections.list(sandboxOf(req), query);
    const links: { next?: { href: string } } = {};
    if (next) {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(req.query)) {
        if (name === 'continuationToken') continue;
        for (const one of Array.isArray(value) ? value : [value]) params.append(name, String(one));
      }
      params.set('continuationToken', next);
      links.next = { href: `${req.baseUrl}/connections?${params.toString()}` };
    }
    res.json({ items, _links: links });
  });

  router.post('/connections', requireApiPermission('datasources.write'), async (req, res) => {
    const principal = apiPrincipal(res);
    const connection = await connections.create(sandboxOf(req), req.body, actorOf(principal));
    req.log.info({ dataSourceId: connection.id, apiKey: principal.prefix }, 'connection created through the API');
    await audit.record(req, {
      action: 'datasource.create',
      actor: auditActor(principal),
      target: target(connection),
      details: { via: 'api', connectionSpec: connection.connectionSpec.id, authSpec: connection.auth.specName, sandbox: connection.sandboxName },
    });
    res.location(`${req.baseUrl}/connections/${encodeURIComponent(connection.id)}`);
    sendConnectionRef(res, 201, connection);
  });

  router.get('/connections/:id', requireApiPermission<{ id: string }>('read'), async (req, res) => {
    const connection = await connections.get(sandboxOf(req), req.params.id);
    res.set('etag', connection.etag).json({ items: [connection] });
  });

  router.patch('/connections/:id', requireApiPermission<{ id: string }>('datasources.write'), async (req, res) => {
    if (!req.is(JSON_PATCH_TYPE)) {
      throw new AppError(415, 'unsupported_media_type', `Send the patch as ${JSON_PATCH_TYPE} (RFC 6902): a JSON array of operations.`);
    }
    const principal = apiPrincipal(res);
    const before = await connections.get(sandboxOf(req), req.params.id);
    const connection = await connections.patch(sandboxOf(req), req.params.id, req.get('if-match'), req.body, actorOf(principal));
    await audit.record(req, {
      action: 'datasource.update',
      actor: auditActor(principal),
      target: target(connection),
      details: { via: 'api', fields: changedPaths(req.body) , version: { from: before.version, to: connection.version } },
    });
    sendConnectionRef(res, 200, connection);
  });

  router.delete('/connections/:id', requireApiPermission<{ id: string }>('datasources.write'), async (req, res) => {
    const principal = apiPrincipal(res);
    const connection = await connections.remove(sandboxOf(req), req.params.id, req.get('if-match'));
    await audit.record(req, { action: 'datasource.delete', actor: auditActor(principal), target: target(connection), details: { via: 'api' } });
    res.status(204).end();
  });

  router.post('/connections/:id/test', requireApiPermission<{ id: string }>('datasources.test'), async (req, res) => {
    const principal = apiPrincipal(res);
    const { connection, result } = await connections.test(sandboxOf(req), req.params.id);
    await audit.record(req, {
      action: 'datasource.test',
      outcome: result.ok ? 'success' : 'failure',
      actor: auditActor(principal),
      target: target(connection),
      details: { via: 'api', ...(result.failure ? { failure: result.failure.kind } : {}) },
    });
    res.json({ result });
  });

  router.post('/keyPairs', requireApiPermission('datasources.write'), async (req, res) => {
    const principal = apiPrincipal(res);
    const parsed = KeyPairRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidRequest('Name the certificate.', parsed.error.issues.map((issue) => ({ pointer: `/${issue.path.join('/')}`, detail: issue.message })));
    const keyPair = await dataSources.generateKeyPair(actorOf(principal), parsed.data.commonName);
    await audit.record(req, {
      action: 'datasource.key_pair_generate',
      actor: auditActor(principal),
      target: { type: 'key_pair', id: keyPair.id, label: keyPair.certificate.subject },
      details: { via: 'api', sha256: keyPair.certificate.sha256, notAfter: keyPair.certificate.notAfter },
    });
    res.status(201).json(keyPair);
  });

  return router;
}

/** The paths a patch named, never its values (a value may be a secret). */
function changedPaths(body: unknown): string[] {
  if (!Array.isArray(body)) return [];
  return [...new Set(body.map((operation: { path?: unknown }) => (typeof operation?.path === 'string' ? operation.path.slice(0, 200) : '?')))].sort();
}
