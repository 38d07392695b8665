import { Router } from 'express';
import { CreateAdministratorSchema, SignInSchema, type SessionState } from '@keyway/shared';
import { AppError } from '../../http/errors';
import { parseWith } from '../../http/validate';
import type { AuthService } from './auth.service';
import { presentUser } from './auth.service';
import type { UsersRepository } from '../../db/repositories/users.repository';
import { sessionUser } from '../../http/require-auth';
import type { SignInThrottle } from '../../http/sign-in-throttle';

/** Sign-in, first-run setup and the session probe: the only /api routes that work without a session. */
export function authRoutes(auth: AuthService, users: UsersRepository, throttle: SignInThrottle): Router {
  const router = Router();

  router.get('/session', async (req, res) => {
    const user = await sessionUser(req, users);
    const body: SessionState = { user: user ? presentUser(user) : null, setupRequired: await auth.setupRequired() };
    res.set('cache-control', 'no-store').json(body);
  });

  router.post('/setup', async (req, res) => {
    const input = parseWith(CreateAdministratorSchema, req.body);
    const user = await auth.createFirstAdministrator(input.email, input.password);
    req.session.userId = user.id;
    req.session.sessionVersion = Number(user.session_version);
    await req.session.save();
    req.log.info({ userId: user.id }, 'first administrator created');
    res.status(201).json({ user: presentUser(user) });
  });

  router.post('/sign-in', async (req, res) => {
    const input = parseWith(SignInSchema, req.body);
    const ip = req.ip ?? 'unknown';
    const waitMs = await throttle.retryAfterMs(ip, input.email);
    if (waitMs > 0) {
      const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
      req.log.warn({ ip }, 'sign-in throttled');
      res.set('retry-after', String(Math.ceil(waitMs / 1000)));
      throw new AppError(429, 'too_many_attempts', `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    }
    const user = await auth.verifyCredentials(input.email, input.password);
    if (!user) {
      await throttle.failed(ip, input.email);
      req.log.info({ ip }, 'sign-in refused');
      throw new AppError(401, 'invalid_credentials', 'The email or password is not correct.');
    }
    await throttle.succeeded(input.email);
    req.session.userId = user.id;
    req.session.sessionVersion = Number(user.session_version);
    await req.session.save();
    req.log.info({ userId: user.id }, 'signed in');
    res.json({ user: presentUser(user) });
  });

  // Signing out ends every session of this user, so a copied cookie stops working too.
  router.post('/sign-out', async (req, res) => {
    const user = await sessionUser(req, users);
    if (user) await users.bumpSessionVersion(user.id);
    req.session.destroy();
    res.status(204).end();
  });

  return router;
}
