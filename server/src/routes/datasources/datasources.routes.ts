import { Router } from 'express';
import { z } from 'zod';
import { ConnectionTestRequestSchema, DataSourceCreateSchema, DataSourceUpdateSchema, SECRET_FIELD_BY_AUTH_TYPE, secretOf } from '@keyway/shared';
import type { AuditLog } from '../../audit/audit-log';
import { currentUser } from '../../http/authentication';
import { allow } from '../../http/authorization';
import { parseWith } from '../../http/validate';
import { changedFields } from './changed-fields';
import type { DataSourcesService } from './datasources.service';

const ListQuerySchema = z.object({ folderId: z.string().min(1, 'folderId is required') });

const target = (dataSource: { id: string; title: string }) => ({ type: 'data_source', id: dataSource.id, label: dataSource.title });

export function dataSourceRoutes(service: DataSourcesService, audit: AuditLog): Router {
  const router = Router();

  router.get('/', allow('read'), async (req, res) => {
    const { folderId } = parseWith(ListQuerySchema, req.query);
    res.json({ dataSources: await service.list(folderId) });
  });

  router.post('/test', allow('datasources.test'), async (req, res) => {
    const input = parseWith(ConnectionTestRequestSchema, req.body);
    // Values typed in the edit wizard test an existing data source (named like its other entries,
    // with the host tried in the details, since it may differ from the saved one); values in the
    // create wizard have no data source yet, so the address tried is what was tested. The data
    // source is read first, so one deleted meanwhile is a 404 before any call goes out, and a
    // test that did go out always gets its entry.
    const existing = input.dataSourceId ? await service.get(input.dataSourceId) : undefined;
    const result = await service.testValues(input, currentUser(req).id);
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

  router.get('/:id', allow<{ id: string }>('read'), async (req, res) => {
    res.json({ dataSource: await service.get(req.params.id) });
  });

  router.post('/', allow('datasources.write'), async (req, res) => {
    const input = parseWith(DataSourceCreateSchema, req.body);
    const dataSource = await service.create(input, currentUser(req).id);
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
    const dataSource = await service.update(req.params.id, input, currentUser(req).id);
    req.log.info({ dataSourceId: dataSource.id }, 'data source updated');
    const replacedSecret = secretOf(input.auth) ? SECRET_FIELD_BY_AUTH_TYPE[input.auth.type] : null;
    await audit.record(req, {
      action: 'datasource.update',
      target: target(dataSource),
      details: { fields: changedFields(before, dataSource, replacedSecret) },
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
