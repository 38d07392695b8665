import type { RequestHandler, Response } from 'express';
import { parse, serialize } from 'cookie';
import { sealData, unsealData } from 'iron-session';

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

/** The session of this request: its data, and the two ways to change the cookie. */
export type Session = SessionData & {
  /** Seals the data into a fresh cookie on this response. */
  save(): Promise<void>;
  /**
   * Moves lastSeenAt to `at` and re-issues the cookie; undefined when it went on at once. A seal
   * re-issued less than `reuseMs` ago gets that same successor again rather than a new one.
   */
  touch(at: number, reuseMs: number): Promise<void> | undefined;
  /** Empties the data and clears the cookie. */
  destroy(): void;
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      session: Session;
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

/** Browsers refuse a cookie longer than this. */
const MAX_COOKIE_LENGTH = 4096;
/** The cookie leaves the browser a minute before the seal expires, so a clock a little ahead never sends a dead one. */
const COOKIE_EXPIRY_MARGIN_SECONDS = 60;

/**
 * Seals this process has already opened (or made), with what is inside. Opening a seal is PBKDF2,
 * HMAC and AES through Web Crypto, about 0.2 ms of work on every signed-in request; the same
 * cookie comes back on every request of a session, so each is opened once. Only seals that
 * verified get in, keyed by their whole text, and each leaves when its own expiry passes: what a
 * hit returns is exactly what opening the seal again would. Whether the session still counts (its
 * user, session version and timeouts) is checked on every request all the same (authentication.ts).
 */
export class OpenedSeals {
  private readonly entries = new Map<string, { data: Readonly<SessionData>; expiresAt: number; successor?: Successor }>();

  constructor(
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** What the seal holds, frozen: copy it to change it. */
  get(seal: string): Readonly<SessionData> | undefined {
    const entry = this.entries.get(seal);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(seal);
      return undefined;
    }
    return entry.data;
  }

  remember(seal: string, data: SessionData, expiresAt: number): void {
    if (!Number.isFinite(expiresAt) || expiresAt <= this.now()) return;
    // The oldest goes first: a Map iterates in insertion order.
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(seal, { data: Object.freeze({ ...data }), expiresAt });
  }

  forget(seal: string): void {
    this.entries.delete(seal);
  }

  /** The cookie last issued to move this seal's lastSeenAt on, if any. */
  successorOf(seal: string): Successor | undefined {
    return this.get(seal) && this.entries.get(seal)!.successor;
  }

  succeed(seal: string, successor: Successor): void {
    const entry = this.entries.get(seal);
    if (entry) entry.successor = successor;
  }
}

/** A cookie issued in place of a seal, only to move its lastSeenAt on. */
interface Successor {
  cookie: string;
  lastSeenAt: number;
}

/**
 * An iron seal exactly as iron-session writes one: `Fe26.2*id*salt*iv*data*expiry*hmacSalt*hmac`,
 * then `~2`, within a cookie's size. iron-session itself ignores anything after the `~`, so
 * without this a single valid seal could be sent in endless spellings, each opened and kept.
 */
const SEAL_SHAPE = /^Fe26\.2\*\w+\*[0-9a-f]+\*[\w-]+\*[\w-]+\*\d*\*[0-9a-f]+\*[\w-]+~2$/;

function isSealShaped(value: string): boolean {
  return value.length <= MAX_COOKIE_LENGTH && SEAL_SHAPE.test(value);
}

/**
 * When an iron seal (`Fe26.2*id*salt*iv*data*expiry*hmacSalt*hmac`, then iron-session's `~2`)
 * expires, in epoch ms. Read only from a seal that has just verified, whose HMAC covers the expiry.
 */
export function sealExpiry(seal: string): number {
  const expiry = seal.split('~')[0]!.split('*')[5];
  return expiry && /^\d+$/.test(expiry) ? Number(expiry) : NaN;
}

function appendSetCookie(res: Response, value: string): void {
  const existing = res.getHeader('set-cookie');
  res.setHeader('set-cookie', [...(Array.isArray(existing) ? existing : existing === undefined ? [] : [String(existing)]), value]);
}

interface CookieContext {
  res: Response;
  password: string;
  ttl: number;
  seals: OpenedSeals;
  cookieName: string;
  secure: boolean;
  /** The seal the request came with, if it opened. */
  sealed?: string;
}

const CONTEXT = Symbol('where the session cookie goes');

/**
 * A request's session: its data as own properties (what is sealed), and save and destroy on the
 * prototype, so that a request costs one object, not a set of closures.
 */
class CookieSession {
  declare userId?: string;
  declare sessionVersion?: number;
  declare sid?: string;
  declare issuedAt?: number;
  declare lastSeenAt?: number;
  private declare readonly [CONTEXT]: CookieContext;

  constructor(data: Readonly<SessionData>, context: CookieContext) {
    Object.defineProperty(this, CONTEXT, { value: context });
    Object.assign(this, data);
  }

  async save(): Promise<void> {
    await this.seal();
  }

  // Sealing is a few hundred microseconds of Web Crypto. Without the successor, a client that
  // keeps sending a cookie older than the touch interval (a script that ignores Set-Cookie, or a
  // page's requests already in flight when the first one re-issues it) would have every one of
  // its requests sealed anew.
  touch(at: number, reuseMs: number): Promise<void> | undefined {
    const { res, seals, sealed } = this[CONTEXT];
    const successor = sealed === undefined ? undefined : seals.successorOf(sealed);
    if (successor && at - successor.lastSeenAt < reuseMs) {
      this.lastSeenAt = successor.lastSeenAt;
      appendSetCookie(res, successor.cookie);
      return undefined;
    }
    this.lastSeenAt = at;
    return this.seal().then((cookie) => {
      if (sealed !== undefined) seals.succeed(sealed, { cookie, lastSeenAt: at });
    });
  }

  /** Seals the data into a cookie on this response, and returns it. */
  private async seal(): Promise<string> {
    const { res, password, ttl, seals, cookieName, secure } = this[CONTEXT];
    if (res.headersSent) throw new Error('The session cannot be saved after the response has started.');
    const contents: SessionData = { ...this };
    const seal = await sealData(contents, { password, ttl });
    const cookie = serialize(cookieName, seal, { ...cookieOptions(secure), maxAge: ttl - COOKIE_EXPIRY_MARGIN_SECONDS });
    if (cookie.length > MAX_COOKIE_LENGTH) throw new Error(`The session cookie would be ${cookie.length} bytes, more than browsers keep.`);
    appendSetCookie(res, cookie);
    seals.remember(seal, contents, sealExpiry(seal));
    return cookie;
  }

  destroy(): void {
    const { res, seals, cookieName, secure, sealed } = this[CONTEXT];
    for (const key of Object.keys(this) as (keyof SessionData)[]) delete this[key];
    if (sealed) seals.forget(sealed);
    appendSetCookie(res, serialize(cookieName, '', { ...cookieOptions(secure), maxAge: 0 }));
  }
}

const cookieOptions = (secure: boolean) => ({ httpOnly: true, sameSite: 'strict', secure, path: '/' }) as const;

/**
 * The session lives in an encrypted, signed cookie, sealed by iron-session. HttpOnly and
 * SameSite=Strict always; Secure whenever the request came over https (directly or via a trusted
 * proxy). The seal's lifetime is the absolute timeout; the idle timeout is checked on every
 * request. A cookie that does not open (tampered, expired, sealed under another key, or not a seal
 * at all) is no session, never an error.
 */
export function sessionMiddleware(password: string, limits: SessionLimits, seals = new OpenedSeals()): RequestHandler {
  const ttl = limits.absoluteSeconds;
  return (req, res, next) => {
    const secure = req.secure;
    const cookieName = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
    const sealed = req.headers.cookie?.includes(cookieName) ? parse(req.headers.cookie)[cookieName] : undefined;
    const attach = (data: Readonly<SessionData>, opened?: string) => {
      req.session = new CookieSession(data, { res, password, ttl, seals, cookieName, secure, sealed: opened });
      next();
    };
    if (!sealed || !isSealShaped(sealed)) return attach({});
    const opened = seals.get(sealed);
    // Only a seal not seen before waits for Web Crypto; a known one goes on at once.
    if (opened) return attach(opened, sealed);
    unsealData<SessionData>(sealed, { password, ttl }).then(
      (data) => {
        if (Object.keys(data).length === 0) return attach({});
        seals.remember(sealed, data, sealExpiry(sealed));
        attach(data, sealed);
      },
      () => attach({}),
    );
  };
}
