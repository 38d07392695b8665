import { Router } from 'express';
import { CreateAdministratorSchema, SignInSchema, type SessionState } from '@keyway/shared';
import type { AuditLog } from '../../audit/audit-log';
import type { SessionGuard } from '../../http/authentication';
import { AppError } from '../../errors';
import { parseWith } from '../../http/validate';
import { addressKey, refusedAttempt, type SignInLimit, type SignInThrottle } from '../../http/sign-in-throttle';
import type { DeviceCookies } from '../../http/device-cookie';
import type { UsersRepository } from '../../db/repositories/users.repository';
import type { AuthService } from './auth.service';
import { presentUser } from './auth.service';

const userTarget = (user: { id: string; email: string }) => ({ type: 'user', id: user.id, label: user.email });

/** While an address is blocked, its further attempts are cheap to send: one audit entry per address and window, not one each. */
const BLOCKED_AUDIT_EVERY_MS = 15 * 60_000;
const BLOCKED_AUDIT_MEMORY = 10_000;

export interface AuthRoutesDeps {
  auth: AuthService;
  users: UsersRepository;
  sessions: SessionGuard;
  throttle: SignInThrottle;
  devices: DeviceCookies;
  audit: AuditLog;
}

/** Sign-in, first-run setup and the session probe: the only /api routes that work without a session. */
export function authRoutes({ auth, users, sessions, throttle, devices, audit }: AuthRoutesDeps): Router {
  const router = Router();
  const blockedAudited = new Map<string, number>();
  // Per address (an IPv6 client by its /64) and limit, not per email: a refused attempt is cheap to
  // send, and a fresh email each time must not buy a fresh audit row.
  const shouldAuditBlocked = (address: string, limit: SignInLimit) => {
    const key = `${address} ${limit}`;
    const now = Date.now();
    if (now - (blockedAudited.get(key) ?? -Infinity) < BLOCKED_AUDIT_EVERY_MS) return false;
    // Bounded: a flood of new addresses and emails forgets the oldest, it does not grow without end.
    if (blockedAudited.size >= BLOCKED_AUDIT_MEMORY) blockedAudited.delete(blockedAudited.keys().next().value!);
    blockedAudited.set(key, now);
    return true;
  };

  router.get('/session', async (req, res) => {
    const { user, notice } = await sessions.current(req);
    const body: SessionState = { user: user ? presentUser(user) : null, setupRequired: await auth.setupRequired(), ...(notice ? { notice } : {}) };
    res.set('cache-control', 'no-store').json(body);
  });

  router.post('/setup', async (req, res) => {
    const input = parseWith(CreateAdministratorSchema, req.body);
    const user = await auth.createFirstAdministrator(input.email, input.password);
    await sessions.begin(req, user);
    await users.recordSignIn(user.id);
    req.log.info({ userId: user.id }, 'first administrator created');
    await audit.record(req, { action: 'auth.setup', actor: { id: user.id, email: user.email }, target: userTarget(user) });
    res.status(201).json({ user: presentUser(user) });
  });

  router.post('/sign-in', async (req, res) => {
    const input = parseWith(SignInSchema, req.body);
    const ip = req.ip ?? 'unknown';
    const account = await users.findByEmail(input.email);
    const start = await throttle.begin({ address: ip, account: input.email, device: await devices.idFor(req, res, account) });
    if (start.refused) {
      req.log.warn({ ip, limit: start.refused.limit }, 'sign-in throttled');
      if (shouldAuditBlocked(addressKey(ip), start.refused.limit)) {
        await audit.record(req, {
          action: 'auth.sign_in_failed',
          outcome: 'failure',
          actor: null,
          target: account ? { type: 'user', id: account.id, label: account.email } : null,
          details: { reason: 'too_many_attempts', limit: start.refused.limit },
        });
      }
      throw refusedAttempt(res, start.refused);
    }
    const check = await auth.verifyCredentials(input.email, input.password);
    if (!check.ok) {
      await throttle.failed(start.ticket);
      req.log.info({ ip }, 'sign-in refused');
      // The attempted email is recorded only when it names an account: people type passwords
      // into the email field, and those must not end up in the log.
      await audit.record(req, {
        action: 'auth.sign_in_failed',
        outcome: 'failure',
        actor: null,
        target: check.user ? userTarget(check.user) : null,
        details: { reason: check.user ? (check.reason === 'disabled' ? 'account_disabled' : 'wrong_password') : 'unknown_account' },
      });
      if (check.reason === 'disabled') {
        throw new AppError(403, 'account_disabled', 'This account is disabled. Ask an administrator to enable it.');
      }
      throw new AppError(401, 'invalid_credentials', 'The email or password is not correct.');
    }
    const { user } = check;
    await throttle.succeeded(start.ticket);
    await sessions.begin(req, user);
    await devices.remember(req, res, user);
    await users.recordSignIn(user.id);
    req.log.info({ userId: user.id }, 'signed in');
    await audit.record(req, { action: 'auth.sign_in', actor: { id: user.id, email: user.email } });
    res.json({ user: presentUser(user) });
  });

  // Signing out ends every session of this user, so a copied cookie stops working too.
  router.post('/sign-out', async (req, res) => {
    const user = await sessions.end(req);
    if (user) await audit.record(req, { action: 'auth.sign_out', actor: { id: user.id, email: user.email } });
    res.status(204).end();
  });

  return router;
}
