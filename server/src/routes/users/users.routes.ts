import { Router } from 'express';
import { UserCreateSchema, UserPasswordResetSchema, UserRoleUpdateSchema } from '@keyway/shared';
import { allow } from '../../http/authorization';
import { currentUser } from '../../http/authentication';
import { parseWith } from '../../http/validate';
import type { UsersService } from './users.service';

/** The Users page: administrators only. */
export function userRoutes(service: UsersService): Router {
  const router = Router();
  router.use(allow('users.manage'));

  router.get('/', async (_req, res) => {
    res.json({ users: await service.list() });
  });

  router.post('/', async (req, res) => {
    const user = await service.create(req, parseWith(UserCreateSchema, req.body));
    res.status(201).json({ user });
  });

  router.put('/:id/role', async (req, res) => {
    const { role } = parseWith(UserRoleUpdateSchema, req.body);
    res.json({ user: await service.changeRole(req, currentUser(req), req.params.id, role) });
  });

  router.post('/:id/disable', async (req, res) => {
    res.json({ user: await service.setDisabled(req, currentUser(req), req.params.id, true) });
  });

  router.post('/:id/enable', async (req, res) => {
    res.json({ user: await service.setDisabled(req, currentUser(req), req.params.id, false) });
  });

  router.put('/:id/password', async (req, res) => {
    const { password } = parseWith(UserPasswordResetSchema, req.body);
    res.json({ user: await service.resetPassword(req, req.params.id, password) });
  });

  return router;
}
