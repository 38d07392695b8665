import { Router } from 'express';
import { CreateAdministratorSchema, SignInSchema, type SessionState } from '@keyway/shared';
import { AppError } from '../../http/errors';
import { parseWith } from '../../http/validate';
import type { AuthService } from './auth.service';
import { presentUser } from './auth.service';
import type { UsersRepository } from '../../db/repositories/users.repository';

/** Sign-in, first-run setup and the session probe: the only /api routes that work without a session. */
export function authRoutes(auth: AuthService, users: UsersRepository): Router {
  const router = Router();

  router.get('/session', async (req, res) => {
    const user = req.session.userId ? await users.findById(req.session.userId) : undefined;
    const body: SessionState = { user: user ? presentUser(user) : null, setupRequired: await auth.setupRequired() };
    res.set('cache-control', 'no-store').json(body);
  });

  router.post('/setup', async (req, res) => {
    const input = parseWith(CreateAdministratorSchema, req.body);
    const user = await auth.createFirstAdministrator(input.email, input.password);
    req.session.userId = user.id;
    await req.session.save();
    req.log.info({ userId: user.id }, 'first administrator created');
    res.status(201).json({ user: presentUser(user) });
  });

  router.post('/sign-in', async (req, res) => {
    const input = parseWith(SignInSchema, req.body);
    const user = await auth.verifyCredentials(input.email, input.password);
    if (!user) {
      req.log.info('sign-in refused');
      throw new AppError(401, 'invalid_credentials', 'The email or password is not correct.');
    }
    req.session.userId = user.id;
    await req.session.save();
    req.log.info({ userId: user.id }, 'signed in');
    res.json({ user: presentUser(user) });
  });

  router.post('/sign-out', (req, res) => {
    req.session.destroy();
    res.status(204).end();
  });

  return router;
}
