import { Router } from 'express';
import { ApiKeyCreateSchema, type ApiKeyCreated } from '@keyway/shared';
import { allow } from '../../http/authorization';
import { parseWith } from '../../http/validate';
import type { ApiKeysService } from './api-keys.service';

/** Administration > API keys: administrators only. The key itself is in the create answer and nowhere else. */
export function apiKeyRoutes(service: ApiKeysService): Router {
  const router = Router();
  router.use(allow('api_keys.manage'));

  router.get('/', async (_req, res) => {
    res.json({ apiKeys: await service.list() });
  });

  router.post('/', async (req, res) => {
    const created: ApiKeyCreated = await service.create({ req }, parseWith(ApiKeyCreateSchema, req.body));
    res.status(201).json(created);
  });

  router.post('/:id/revoke', async (req, res) => {
    res.json({ apiKey: await service.revoke({ req }, req.params.id) });
  });

  return router;
}
