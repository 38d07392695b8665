import { Router } from 'express';
import { PasswordChangeSchema } from '@keyway/shared';
import type { AuditLog } from '../../audit/audit-log';
import { hashPassword } from '../../crypto/password';
import type { UsersRepository } from '../../db/repositories/users.repository';
import { currentUser, type SessionGuard } from '../../http/authentication';
import { allow } from '../../http/authorize';
import { AppError, validationError } from '../../http/errors';
import { parseWith } from '../../http/validate';
import type { SignInThrottle } from '../../http/sign-in-throttle';
import type { AuthService } from '../auth/auth.service';

interface AccountDeps {
  auth: AuthService;
  users: UsersRepository;
  sessions: SessionGuard;
  throttle: SignInThrottle;
  audit: AuditLog;
}

/** The signed-in person's own account, whatever their role. */
export function accountRoutes({ auth, users, sessions, throttle, audit }: AccountDeps): Router {
  const router = Router();

  // The current password is checked under the sign-in limits: a borrowed session must not become a
  // way to guess it. Every other session of the person ends; this one carries on.
  router.put('/password', allow('read'), async (req, res) => {
    const input = parseWith(PasswordChangeSchema, req.body);
    const me = currentUser(req);
    const ip = req.ip ?? 'unknown';
    const waitMs = await throttle.retryAfterMs(ip, me.email);
    if (waitMs > 0) {
      res.set('retry-after', String(Math.ceil(waitMs / 1000)));
      const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
      throw new AppError(429, 'too_many_attempts', `Too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    }
    const check = await auth.verifyCredentials(me.email, input.currentPassword);
    if (!check.ok) {
      await throttle.failed(ip, me.email);
      await audit.record(req, { action: 'auth.password_change', outcome: 'failure', details: { reason: 'wrong_password' } });
      throw validationError('The current password is not correct.', { currentPassword: ['The current password is not correct'] });
    }
    await throttle.succeeded(me.email);
    await users.setPasswordHash(me.id, await hashPassword(input.newPassword));
    const updated = await users.findById(me.id);
    if (updated) await sessions.begin(req, updated);
    await audit.record(req, { action: 'auth.password_change' });
    res.status(204).end();
  });

  return router;
}
