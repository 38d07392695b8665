import { createHmac, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { getIronSession } from 'iron-session';

/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
 * signed in to an account gets a sealed cookie naming the account and a random id. While it holds
 * one, its sign-in attempts for that account count against the id alone (see SignInThrottle), so
 * nobody elsewhere can lock it out. A fresh id is issued at every success.
 */
interface DeviceCookieData {
  /** Most recent first: one browser may be shared by a few people. */
  accounts?: Array<{ account: string; id: string }>;
}

export const DEVICE_COOKIE = 'keyway_device';
/** Over https, the __Host- prefix: browsers then insist on Secure, Path=/ and no Domain. */
export const SECURE_DEVICE_COOKIE = `__Host-${DEVICE_COOKIE}`;
export const DEVICE_COOKIE_DAYS = 180;
const ACCOUNTS_PER_BROWSER = 5;

export interface DeviceCookies {
  /** This browser's id for the account, when it holds a valid device cookie for it. */
  idFor(req: Request, res: Response, account: string): Promise<string | undefined>;
  /** After the right password: a fresh id for the account, the others kept. */
  remember(req: Request, res: Response, account: string): Promise<void>;
}

/**
 * Sealed under a key derived from the session key, never the session key itself: a session
 * cookie can then never be read as a device cookie, nor the other way round.
 */
export function deviceCookies(sessionPassword: string): DeviceCookies {
  const password = createHmac('sha256', sessionPassword).update('keyway/device-cookie/v1').digest('base64url');
  const open = (req: Request, res: Response) =>
    getIronSession<DeviceCookieData>(req, res, {
      password,
      cookieName: req.secure ? SECURE_DEVICE_COOKIE : DEVICE_COOKIE,
      ttl: DEVICE_COOKIE_DAYS * 24 * 60 * 60,
      cookieOptions: { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' },
    });
  return {
    async idFor(req, res, account) {
      const cookie = await open(req, res);
      return cookie.accounts?.find((entry) => entry.account === account)?.id;
    },
    async remember(req, res, account) {
      const cookie = await open(req, res);
      const others = (cookie.accounts ?? []).filter((entry) => entry.account !== account);
      cookie.accounts = [{ account, id: randomBytes(16).toString('base64url') }, ...others].slice(0, ACCOUNTS_PER_BROWSER);
      await cookie.save();
    },
  };
}
