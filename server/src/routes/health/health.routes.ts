import { Router } from 'express';
import { z } from 'zod';
import { HealthListQuerySchema, HealthRangeSchema, HealthSettingsSchema } from '@keyway/shared';
import type { AuditLog } from '../../audit/audit-log';
import type { HealthMonitor } from '../../health/health-monitor';
import { allow } from '../../http/authorization';
import { conflict } from '../../errors';
import { parseWith } from '../../http/validate';
import type { HealthService } from './health.service';

const target = (row: { dataSourceId: string; title: string }) => ({ type: 'data_source', id: row.dataSourceId, label: row.title });

const DetailQuerySchema = z.object({ range: HealthRangeSchema.default('24h') });

export function healthRoutes(service: HealthService, monitor: HealthMonitor, audit: AuditLog): Router {
  const router = Router();

  router.get('/', allow('read'), async (req, res) => {
    res.json(await service.list(parseWith(HealthListQuerySchema, req.query), req.log));
  });

  router.get('/:id', allow<{ id: string }>('read'), async (req, res) => {
    const { range } = parseWith(DetailQuerySchema, req.query);
    res.json(await service.detail(req.params.id, range, req.log));
  });

  router.post('/:id/check', allow<{ id: string }>('datasources.test'), async (req, res) => {
    await service.row(req.params.id, req.log);
    await monitor.checkNow(req.params.id);
    const row = await service.row(req.params.id, req.log);
    await audit.record(req, { action: 'health.check', target: target(row), details: { state: row.state } });
    res.json({ row });
  });

  router.post('/:id/pause', allow<{ id: string }>('health.operate'), async (req, res) => {
    await service.row(req.params.id, req.log);
    await monitor.pause(req.params.id);
    req.log.info({ dataSourceId: req.params.id }, 'health checks paused');
    const row = await service.row(req.params.id, req.log);
    await audit.record(req, { action: 'health.pause', target: target(row) });
    res.json({ row });
  });

  router.post('/:id/resume', allow<{ id: string }>('health.operate'), async (req, res) => {
    await service.row(req.params.id, req.log);
    if (!(await monitor.resume(req.params.id))) throw conflict('This data source is not paused.');
    req.log.info({ dataSourceId: req.params.id }, 'health checks resumed');
    const row = await service.row(req.params.id, req.log);
    await audit.record(req, { action: 'health.resume', target: target(row) });
    res.json({ row });
  });

  router.put('/:id/settings', allow<{ id: string }>('health.operate'), async (req, res) => {
    const { intervalSeconds } = parseWith(HealthSettingsSchema, req.body);
    const before = await service.row(req.params.id, req.log);
    await monitor.setInterval(req.params.id, intervalSeconds);
    const row = await service.row(req.params.id, req.log);
    await audit.record(req, { action: 'health.settings', target: target(row), details: { from: before.intervalSeconds, to: intervalSeconds } });
    res.json({ row });
  });

  return router;
}
