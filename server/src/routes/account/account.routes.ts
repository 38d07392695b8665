import { Router } from 'express';
import { PasswordChangeSchema } from '@keyway/shared';
import { hashPassword } from '../../crypto/password';
import { currentUser } from '../../http/authentication';
import { allow } from '../../http/authorization';
import { validationError } from '../../errors';
import { parseWith } from '../../http/validate';
import { refusedAttempt } from '../../http/sign-in-throttle';
import type { AuthRoutesDeps } from '../auth/auth.routes';

/** The same as sign-in's: the current password is checked under the same limits. */
type AccountDeps = AuthRoutesDeps;

/** The signed-in person's own account, whatever their role. */
export function accountRoutes({ auth, users, sessions, throttle, devices, audit }: AccountDeps): Router {
  const router = Router();

  // The current password is checked under the sign-in limits: a borrowed session must not become a
  // way to guess it. Every other session of the person ends; this one carries on.
  router.put('/password', allow('read'), async (req, res) => {
    const input = parseWith(PasswordChangeSchema, req.body);
    const me = currentUser(req);
    const start = await throttle.begin({ address: req.ip ?? 'unknown', account: me.email, device: await devices.idFor(req, res, me) });
    if (start.refused) throw refusedAttempt(res, start.refused, (wait) => `Too many wrong passwords. Try again in ${wait}.`);
    const check = await auth.verifyCredentials(me.email, input.currentPassword);
    if (!check.ok) {
      await throttle.failed(start.ticket);
      await audit.record(req, { action: 'auth.password_change', outcome: 'failure', details: { reason: 'wrong_password' } });
      throw validationError('The current password is not correct.', { currentPassword: ['The current password is not correct'] });
    }
    await throttle.succeeded(start.ticket);
    await users.setPasswordHash(me.id, await hashPassword(input.newPassword));
    const updated = await users.findById(me.id);
    if (updated) {
      await sessions.begin(req, updated);
      // Device cookies from before the change stop counting (see device-cookie.ts); this browser's is renewed.
      await devices.remember(req, res, updated);
    }
    await audit.record(req, { action: 'auth.password_change' });
    res.status(204).end();
  });

  return router;
}
