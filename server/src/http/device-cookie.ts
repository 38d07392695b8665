import { createHmac, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { getIronSession } from 'iron-session';

/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
 * signed in to an account gets a sealed cookie naming the account and a random id. While it holds
 * one, its sign-in attempts for that account count against the id alone (see SignInThrottle), so
 * nobody elsewhere can lock it out. A fresh id is issued at every success.
 *
 * Each entry also carries a fingerprint of the account's password hash when it was issued: once
 * the password is changed or reset, every device cookie from before stops counting, so copies
 * kept by someone who once knew the old password give no standing against the new one.
 */
interface DeviceCookieData {
  /** Most recent first: one browser may be shared by a few people. */
  accounts?: Array<{ account: string; id: string; credential: string }>;
}

export const DEVICE_COOKIE = 'keyway_device';
/** Over https, the __Host- prefix: browsers then insist on Secure, Path=/ and no Domain. */
export const SECURE_DEVICE_COOKIE = `__Host-${DEVICE_COOKIE}`;
export const DEVICE_COOKIE_DAYS = 180;
const ACCOUNTS_PER_BROWSER = 5;

export interface DeviceAccount {
  email: string;
  password_hash: string;
}

export interface DeviceCookies {
  /** This browser's id for the account, when it holds a device cookie issued under the account's current password. */
  idFor(req: Request, res: Response, account: DeviceAccount | undefined): Promise<string | undefined>;
  /** After the right password: a fresh id for the account, the others kept. */
  remember(req: Request, res: Response, account: DeviceAccount): Promise<void>;
}

/**
 * Sealed under a key derived from the session key, never the session key itself: a session
 * cookie can then never be read as a device cookie, nor the other way round.
 */
export function deviceCookies(sessionPassword: string): DeviceCookies {
  const password = createHmac('sha256', sessionPassword).update('keyway/device-cookie/v1').digest('base64url');
  // Keyed, so the cookie reveals nothing about the hash even to someone who could unseal it.
  const credentialOf = (account: DeviceAccount) => createHmac('sha256', password).update(account.password_hash).digest('base64url').slice(0, 22);
  const open = async (req: Request, res: Response) => {
    const options = {
      password,
      cookieName: req.secure ? SECURE_DEVICE_COOKIE : DEVICE_COOKIE,
      ttl: DEVICE_COOKIE_DAYS * 24 * 60 * 60,
      cookieOptions: { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' },
    } as const;
    try {
      return await getIronSession<DeviceCookieData>(req, res, options);
    } catch {
      // iron-session throws on some malformed seals (Fe26.1*…, a bad expiry): such a cookie is
      // no device cookie, and the browser gets a fresh one at its next success.
      return getIronSession<DeviceCookieData>({ headers: {} } as Request, res, options);
    }
  };
  return {
    async idFor(req, res, account) {
      if (!account) return undefined;
      const cookie = await open(req, res);
      const entry = cookie.accounts?.find((e) => e.account === account.email);
      return entry && entry.credential === credentialOf(account) ? entry.id : undefined;
    },
    async remember(req, res, account) {
      const cookie = await open(req, res);
      const others = (cookie.accounts ?? []).filter((entry) => entry.account !== account.email);
      cookie.accounts = [{ account: account.email, id: randomBytes(16).toString('base64url'), credential: credentialOf(account) }, ...others].slice(
        0,
        ACCOUNTS_PER_BROWSER,
      );
      await cookie.save();
    },
  };
}
