import { Router } from 'express';
import { z } from 'zod';
import {
  ConnectionTestRequestSchema,
  DataSourceCreateSchema,
  DataSourceUpdateSchema,
  KeyPairRequestSchema,
  typedSecretsOf,
  type AuthInput,
  type DataSource,
} from '@keyway/shared';
import type { AuditLog } from '../../audit/audit-log';
import { currentUser } from '../../http/authentication';
import { allow } from '../../http/authorization';
import { parseWith } from '../../http/validate';
import { changedFields } from './changed-fields';
import type { DataSourcesService } from './datasources.service';

// Bounded, since each folder id asked for may keep a list in memory (a miss too).
const ListQuerySchema = z.object({ folderId: z.string().min(1, 'folderId is required').max(64, 'folderId is not a folder id') });

/** Who acts, as the service records it: "user:<id>" here, "api_key:<id>" from the API. */
const actorOf = (req: Parameters<typeof currentUser>[0]) => `user:${currentUser(req).id}`;

/** The secret fields a save replaces: those typed, and a generated private key adopted. */
const replacedSecrets = (auth: AuthInput): string[] => {
  const fields = Object.keys(typedSecretsOf(auth));
  if (auth.type === 'oauth2' && auth.grantType === 'jwt_bearer' && auth.generatedKeyId && !fields.includes('privateKey')) fields.push('privateKey');
  return fields;
};

const target = (dataSource: { id: string; title: string }) => ({ type: 'data_source', id: dataSource.id, label: dataSource.title });

export function dataSourceRoutes(service: DataSourcesService, audit: AuditLog): Router {
  const router = Router();
  const listBodies = new WeakMap<readonly DataSource[], Buffer>();

  router.get('/', allow('read'), async (req, res) => {
    const { folderId } = parseWith(ListQuerySchema, req.query);
    const list = await service.list(folderId);
    // The service hands out the same array until the list changes: it is serialised and encoded once.
    let body = listBodies.get(list);
    if (body === undefined) listBodies.set(list, (body = Buffer.from(JSON.stringify({ dataSources: list }))));
    res.type('json').send(body);
  });

  router.post('/test', allow('datasources.test'), async (req, res) => {
    const input = parseWith(ConnectionTestRequestSchema, req.body);
    // Values typed in the edit wizard test an existing data source (named like its other entries,
    // with the host tried in the details, since it may differ from the saved one); values in the
    // create wizard have no data source yet, so the address tried is what was tested. The data
    // source is read first, so one deleted meanwhile is a 404 before any call goes out, and a
    // test that did go out always gets its entry.
    const existing = input.dataSourceId ? await service.get(input.dataSourceId) : undefined;
    const result = await service.testValues(input, actorOf(req));
    req.log.info({ ok: result.ok, failure: result.failure?.kind, dataSourceId: input.dataSourceId }, 'connection tested');
    const tested = existing
      ? { target: target(existing), details: { host: input.host } }
      : { target: { type: 'address', id: input.host, label: `${input.scheme}://${input.host}${input.basePath}` }, details: {} };
    await audit.record(req, {
      action: 'datasource.test',
      outcome: result.ok ? 'success' : 'failure',
      target: tested.target,
      details: { ...tested.details, authType: input.auth.type, ...(result.failure ? { failure: result.failure.kind } : {}) },
    });
    res.json({ result });
  });

  // Before /:id. Making a key pair writes a credential (the pending private key), so it needs the right to create data sources.
  router.post('/key-pairs', allow('datasources.write'), async (req, res) => {
    const { commonName } = parseWith(KeyPairRequestSchema, req.body);
    const keyPair = await service.generateKeyPair(actorOf(req), commonName);
    req.log.info({ keyPairId: keyPair.id }, 'key pair generated');
    await audit.record(req, {
      action: 'datasource.key_pair_generate',
      target: { type: 'key_pair', id: keyPair.id, label: keyPair.certificate.subject },
      details: { sha256: keyPair.certificate.sha256, notAfter: keyPair.certificate.notAfter },
    });
    res.status(201).json({ keyPair });
  });

  router.get('/:id', allow<{ id: string }>('read'), async (req, res) => {
    res.json({ dataSource: await service.get(req.params.id) });
  });

  router.post('/', allow('datasources.write'), async (req, res) => {
    const input = parseWith(DataSourceCreateSchema, req.body);
    const dataSource = await service.create(input, actorOf(req));
    req.log.info({ dataSourceId: dataSource.id }, 'data source created');
    await audit.record(req, {
      action: 'datasource.create',
      target: target(dataSource),
      details: { folderId: dataSource.folderId, host: dataSource.host, authType: dataSource.auth.type },
    });
    res.status(201).json({ dataSource });
  });

  router.put('/:id', allow<{ id: string }>('datasources.write'), async (req, res) => {
    const input = parseWith(DataSourceUpdateSchema, req.body);
    const before = await service.get(req.params.id);
    const dataSource = await service.update(req.params.id, input, actorOf(req));
    req.log.info({ dataSourceId: dataSource.id }, 'data source updated');
    await audit.record(req, {
      action: 'datasource.update',
      target: target(dataSource),
      details: { fields: changedFields(before, dataSource, replacedSecrets(input.auth)) },
    });
    res.json({ dataSource });
  });

  router.post('/:id/test', allow<{ id: string }>('datasources.test'), async (req, res) => {
    const result = await service.testSaved(req.params.id);
    req.log.info({ ok: result.ok, failure: result.failure?.kind, dataSourceId: req.params.id }, 'saved connection tested');
    const dataSource = await service.get(req.params.id);
    await audit.record(req, {
      action: 'datasource.test',
      outcome: result.ok ? 'success' : 'failure',
      target: target(dataSource),
      details: result.failure ? { failure: result.failure.kind } : {},
    });
    res.json({ result });
  });

  router.delete('/:id', allow<{ id: string }>('datasources.write'), async (req, res) => {
    const dataSource = await service.get(req.params.id);
    await service.remove(req.params.id);
    req.log.info({ dataSourceId: req.params.id }, 'data source deleted');
    await audit.record(req, { action: 'datasource.delete', target: target(dataSource) });
    res.status(204).end();
  });

  return router;
}
