import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler } from 'express';
import { BACKGROUND_HEADER } from '@keyway/shared';
import type { UsersRepository, UserRow } from '../db/repositories/users.repository';
import { unauthenticated } from '../errors';
import type { SessionData, SessionLimits } from './session';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: UserRow;
    }
  }
}

/** Why a cookie no longer counts: the person is told, so a timeout does not look like a fault. */
export type SessionEnd = 'none' | 'idle' | 'absolute' | 'revoked';

/** The signed-in user, or why there is none. */
type Verdict = { user?: UserRow; ended: SessionEnd };

/** The cookie is re-issued at most this often just to move lastSeenAt, not on every request. */
const TOUCH_EVERY_MS = 60_000;

const ENDED_MESSAGES: Record<Exclude<SessionEnd, 'none'>, (limits: SessionLimits) => string> = {
  idle: (l) => `You were signed out after ${Math.round(l.idleSeconds / 60)} minutes without activity. Sign in again.`,
  absolute: (l) => `Sessions last ${Math.round(l.absoluteSeconds / 3600)} hours. Sign in again.`,
  revoked: () => 'Your session has ended. Sign in again.',
};

/**
 * Who is signed in, and the rules for it: a session is valid while its user exists, is not
 * disabled, has the same session_version (sign-out, disable, role change and password reset all
 * raise it), and neither the idle nor the absolute timeout has passed.
 */
export function createSessionGuard(users: UsersRepository, limits: SessionLimits, now: () => number = Date.now) {
  /** Synchronous when the user was read a moment ago (nearly always), a promise when it must be read. */
  function check(req: Request): Verdict | Promise<Verdict> {
    const { userId } = req.session;
    if (!userId) return { ended: 'none' };
    const user = users.findForSession(userId);
    return user instanceof Promise ? user.then((read) => verdict(req, read)) : verdict(req, user);
  }

  function verdict(req: Request, user: UserRow | undefined): Verdict {
    const { sessionVersion, issuedAt, lastSeenAt } = req.session;
    if (!user || user.disabled_at || Number(user.session_version) !== sessionVersion) return { ended: 'revoked' };
    const at = now();
    // Cookies from before timeouts existed carry neither time: they count as expired.
    if (issuedAt === undefined || lastSeenAt === undefined) return { ended: 'revoked' };
    if (at - issuedAt > limits.absoluteSeconds * 1000) return { ended: 'absolute' };
    if (at - lastSeenAt > limits.idleSeconds * 1000) return { ended: 'idle' };
    return { user, ended: 'none' };
  }

  return {
    /** The signed-in user, or why the browser's session ended; an ended session is cleared. */
    async current(req: Request): Promise<{ user?: UserRow; notice?: string }> {
      const { user, ended } = await check(req);
      if (ended === 'none') return { user };
      req.session.destroy();
      return { notice: ENDED_MESSAGES[ended](limits) };
    },

    /** A brand-new session for this user: a fresh id and times, nothing carried over. */
    async begin(req: Request, user: UserRow): Promise<void> {
      const at = now();
      for (const key of Object.keys(req.session) as (keyof SessionData)[]) delete req.session[key];
      Object.assign(req.session, {
        userId: user.id,
        sessionVersion: Number(user.session_version),
        sid: randomBytes(16).toString('base64url'),
        issuedAt: at,
        lastSeenAt: at,
      });
      await req.session.save();
    },

    /** Ends this session and every other session of the same user (a copied cookie too). */
    async end(req: Request): Promise<UserRow | undefined> {
      const { user } = await check(req);
      if (user) await users.bumpSessionVersion(user.id);
      req.session.destroy();
      return user;
    },

    requireAuth(): RequestHandler {
      const admit = (req: Request, { user, ended }: Verdict, next: NextFunction) => {
        if (!user) {
          if (ended === 'none') return next(unauthenticated());
          req.session.destroy();
          return next(unauthenticated(ENDED_MESSAGES[ended](limits)));
        }
        req.user = user;
        const background = req.get(BACKGROUND_HEADER) === '1';
        const at = now();
        if (!background && at - (req.session.lastSeenAt ?? 0) >= TOUCH_EVERY_MS) {
          const touched = req.session.touch(at, TOUCH_EVERY_MS);
          if (touched) return void touched.then(() => next(), next);
        }
        next();
      };
      return (req, _res, next) => {
        const checked = check(req);
        if (checked instanceof Promise) checked.then((result) => admit(req, result, next), next);
        else admit(req, checked, next);
      };
    },
  };
}
export type SessionGuard = ReturnType<typeof createSessionGuard>;

export function currentUser(req: { user?: UserRow }): UserRow {
  if (!req.user) throw unauthenticated();
  return req.user;
}
