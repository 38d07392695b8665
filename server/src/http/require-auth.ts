import type { RequestHandler } from 'express';
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
    const userId = req.session.userId;
    const user = userId ? await users.findById(userId) : undefined;
    if (!user) {
      if (userId) req.session.destroy();
      return next(unauthenticated());
    }
    req.user = user;
    next();
  };
}

export function currentUser(req: { user?: UserRow }): UserRow {
  if (!req.user) throw unauthenticated();
  return req.user;
}
