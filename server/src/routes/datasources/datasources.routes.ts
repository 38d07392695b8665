import { Router } from 'express';
import { z } from 'zod';
import { ConnectionTestRequestSchema, DataSourceCreateSchema, DataSourceUpdateSchema } from '@keyway/shared';
import { currentUser } from '../../http/require-auth';
import { parseWith } from '../../http/validate';
import type { DataSourcesService } from './datasources.service';

const ListQuerySchema = z.object({ folderId: z.string().min(1, 'folderId is required') });

export function dataSourceRoutes(service: DataSourcesService): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const { folderId } = parseWith(ListQuerySchema, req.query);
    res.json({ dataSources: await service.list(folderId) });
  });

  router.post('/test', async (req, res) => {
    const input = parseWith(ConnectionTestRequestSchema, req.body);
    const result = await service.testValues(input, currentUser(req).id);
    req.log.info({ ok: result.ok, failure: result.failure?.kind, dataSourceId: input.dataSourceId }, 'connection tested');
    res.json({ result });
  });

  router.get('/:id', async (req, res) => {
    res.json({ dataSource: await service.get(req.params.id) });
  });

  router.post('/', async (req, res) => {
    const input = parseWith(DataSourceCreateSchema, req.body);
    const dataSource = await service.create(input, currentUser(req).id);
    req.log.info({ dataSourceId: dataSource.id }, 'data source created');
    res.status(201).json({ dataSource });
  });

  router.put('/:id', async (req, res) => {
    const input = parseWith(DataSourceUpdateSchema, req.body);
    const dataSource = await service.update(req.params.id, input, currentUser(req).id);
    req.log.info({ dataSourceId: dataSource.id }, 'data source updated');
    res.json({ dataSource });
  });

  router.post('/:id/test', async (req, res) => {
    const result = await service.testSaved(req.params.id);
    req.log.info({ ok: result.ok, failure: result.failure?.kind, dataSourceId: req.params.id }, 'saved connection tested');
    res.json({ result });
  });

  router.delete('/:id', async (req, res) => {
    await service.remove(req.params.id);
    req.log.info({ dataSourceId: req.params.id }, 'data source deleted');
    res.status(204).end();
  });

  return router;
}
