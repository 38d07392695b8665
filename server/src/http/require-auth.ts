import type { Request, RequestHandler } from 'express';
import type { UsersRepository, UserRow } from '../db/repositories/users.repository';
import { unauthenticated } from './errors';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: UserRow;
    }
  }
}

/** Loads the signed-in user; a session whose user no longer exists is ended. */
export function requireAuth(users: UsersRepository): RequestHandler {
  return async (req, _res, next) => {
    const user = await sessionUser(req, users);
    if (!user) {
      if (req.session.userId) req.session.destroy();
      return next(unauthenticated());
    }
    req.user = user;
    next();
  };
}

/** The session's user, if the session is still valid: the user exists and has not signed out since. */
export async function sessionUser(req: Request, users: UsersRepository): Promise<UserRow | undefined> {
  const { userId, sessionVersion } = req.session;
  const user = userId ? await users.findById(userId) : undefined;
  return user && Number(user.session_version) === sessionVersion ? user : undefined;
}

export function currentUser(req: { user?: UserRow }): UserRow {
  if (!req.user) throw unauthenticated();
  return req.user;
}
