import { Router } from 'express';
import { ConsoleConfigSchema, type ConsoleConfig } from '@keyway/shared';
import { allow } from '../../http/authorization';

/** GET /api/config: the settings the console needs to know, for every signed-in role (none of them is a secret). */
export function configRoutes(config: ConsoleConfig): Router {
  const router = Router();
  // Parsed once, so that a setting the schema does not allow fails at start-up, not per request.
  const body = ConsoleConfigSchema.parse(config);
  router.get('/', allow('read'), (_req, res) => {
    res.json(body);
  });
  return router;
}
