import type { RequestHandler } from 'express';
import { getIronSession, type IronSession } from 'iron-session';

export interface SessionData {
  userId?: string;
  /** The user's session_version when the session began; an older one is refused. */
  sessionVersion?: number;
  /** A fresh random id at every sign-in: nothing from before sign-in survives into the session. */
  sid?: string;
  /** Epoch ms of sign-in, for the absolute timeout. */
  issuedAt?: number;
  /** Epoch ms of the person's last action, for the idle timeout. */
  lastSeenAt?: number;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      session: IronSession<SessionData>;
    }
  }
}

export interface SessionLimits {
  /** Without activity for this long, a session ends. */
  idleSeconds: number;
  /** However active, a session ends this long after sign-in. */
  absoluteSeconds: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleSeconds: 30 * 60, absoluteSeconds: 12 * 60 * 60 };

export const SESSION_COOKIE = 'keyway_session';
/** Over https the cookie takes the __Host- prefix: browsers then insist on Secure, Path=/ and no Domain. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/**
 * iron-session: the session lives in an encrypted, signed cookie. HttpOnly and SameSite=Strict
 * always; Secure whenever the request came over https (directly or via a trusted proxy). The
 * cookie's own lifetime is the absolute timeout; the idle timeout is checked on every request.
 */
export function sessionMiddleware(password: string, limits: SessionLimits): RequestHandler {
  return async (req, res, next) => {
    req.session = await getIronSession<SessionData>(req, res, {
      password,
      cookieName: req.secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE,
      ttl: limits.absoluteSeconds,
      cookieOptions: { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' },
    });
    next();
  };
}
