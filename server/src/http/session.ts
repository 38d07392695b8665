import type { RequestHandler } from 'express';
import { getIronSession, type IronSession } from 'iron-session';

export interface SessionData {
  userId?: string;
  /** The user's session_version when the session began; an older one is refused. */
  sessionVersion?: number;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      session: IronSession<SessionData>;
    }
  }
}

export const SESSION_COOKIE = 'keyway_session';
/** Over https the cookie takes the __Host- prefix: browsers then insist on Secure, Path=/ and no Domain. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
/** A console session lasts a working day; signing in again is cheap, a stolen cookie is not. */
const SESSION_TTL_SECONDS = 12 * 60 * 60;

/**
 * iron-session: the session lives in an encrypted, signed cookie. HttpOnly and SameSite=Strict
 * always; Secure whenever the request came over https (directly or via a trusted proxy).
 */
export function sessionMiddleware(password: string): RequestHandler {
  return async (req, res, next) => {
    req.session = await getIronSession<SessionData>(req, res, {
      password,
      cookieName: req.secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE,
      ttl: SESSION_TTL_SECONDS,
      cookieOptions: { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' },
    });
    next();
  };
}
