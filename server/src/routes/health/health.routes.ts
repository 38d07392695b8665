import { Router } from 'express';
import { z } from 'zod';
import { HealthListQuerySchema, HealthRangeSchema, HealthSettingsSchema } from '@keyway/shared';
import type { HealthMonitor } from '../../health/health-monitor';
import { conflict } from '../../http/errors';
import { parseWith } from '../../http/validate';
import type { HealthQueries } from './health.service';

const DetailQuerySchema = z.object({ range: HealthRangeSchema.default('24h') });

export function healthRoutes(queries: HealthQueries, monitor: HealthMonitor): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    res.json(await queries.list(parseWith(HealthListQuerySchema, req.query)));
  });

  router.get('/:id', async (req, res) => {
    const { range } = parseWith(DetailQuerySchema, req.query);
    res.json(await queries.detail(req.params.id, range));
  });

  router.post('/:id/check', async (req, res) => {
    await queries.row(req.params.id);
    await monitor.checkNow(req.params.id);
    res.json({ row: await queries.row(req.params.id) });
  });

  router.post('/:id/pause', async (req, res) => {
    await queries.row(req.params.id);
    await monitor.pause(req.params.id);
    req.log.info({ dataSourceId: req.params.id }, 'health checks paused');
    res.json({ row: await queries.row(req.params.id) });
  });

  router.post('/:id/resume', async (req, res) => {
    await queries.row(req.params.id);
    if (!(await monitor.resume(req.params.id))) throw conflict('This data source is not paused.');
    req.log.info({ dataSourceId: req.params.id }, 'health checks resumed');
    res.json({ row: await queries.row(req.params.id) });
  });

  router.put('/:id/settings', async (req, res) => {
    const { intervalSeconds } = parseWith(HealthSettingsSchema, req.body);
    await queries.row(req.params.id);
    await monitor.setInterval(req.params.id, intervalSeconds);
    res.json({ row: await queries.row(req.params.id) });
  });

  return router;
}
