import type { Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { can, ROLE_LABELS, type Permission, type Role } from '@keyway/shared';
import type { AuditLog } from '../audit/audit-log';
import { forbidden, tooManyRequests, unauthenticated, type AppError } from '../errors';
import { DENIED } from '../http/authorization';
import { addressKey } from '../http/sign-in-throttle';
import { apiKeyTarget, type ApiKeysService, type ApiKeyVerdict } from '../routes/api-keys/api-keys.service';

/** Who is calling /api/v1: the API key the request carried. A cookie never makes one. */
export interface ApiKeyPrincipal {
  kind: 'api_key';
  id: string;
  name: string;
  /** "kw_7hq2mxa4", for logs and audit entries: never the key. */
  prefix: string;
  role: Role;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by apiKeyAuthentication on /api/v1 only. */
      principal?: ApiKeyPrincipal;
    }
  }
}

export interface ApiKeyRateLimit {
  /** Requests one key may make in `durationSeconds`. */
  points: number;
  durationSeconds: number;
}

/** 600 requests a minute per key: ten a second, far above what a sync job needs, far below what hurts the console. */
export const DEFAULT_API_KEY_RATE_LIMIT: ApiKeyRateLimit = { points: 600, durationSeconds: 60 };

/** One refused key (by prefix), or one address sending keys nobody has, is audited at most once per window. */
export const DEFAULT_REFUSAL_AUDIT_WINDOW_SECONDS = 15 * 60;

export interface ApiKeyAuthenticationOptions {
  apiKeys: Pick<ApiKeysService, 'verify' | 'recordUse'>;
  audit: Pick<AuditLog, 'record'>;
  rateLimit?: ApiKeyRateLimit;
  refusalAuditWindowSeconds?: number;
}

/** The one answer to a key that is wrong, revoked, expired or not a key at all: which of these it was is for the audit log. */
export const API_KEY_REFUSED_MESSAGE = 'The API key was refused: it is wrong, revoked or expired.';
export const API_KEY_MISSING_MESSAGE = 'Send an API key: Authorization: Bearer <key>. An administrator makes one under Administration > API keys.';

// RFC 6750, section 3: the scheme, and for a key that was sent but refused, error="invalid_token".
const CHALLENGE = 'Bearer realm="keyway"';
const INVALID_TOKEN_CHALLENGE = `${CHALLENGE}, error="invalid_token"`;

/** `Bearer <token>`, the scheme in any case (RFC 9110, section 11.1); anything else is no bearer token. */
const BEARER = /^Bearer +([^\s]+) *$/i;

function missingKey(res: Response): AppError {
  res.set('www-authenticate', CHALLENGE);
  return unauthenticated(API_KEY_MISSING_MESSAGE);
}

function refusedKey(res: Response): AppError {
  res.set('www-authenticate', INVALID_TOKEN_CHALLENGE);
  return unauthenticated(API_KEY_REFUSED_MESSAGE);
}

/**
 * The /api/v1 router's authentication: reads `Authorization: Bearer <key>` and nothing else. The
 * v1 router has no session middleware, and this ignores whatever came before it (req.user, an
 * earlier principal), so a console cookie authenticates nothing here; and the console's routes
 * never read Authorization, so a key opens nothing there.
 *
 * On success `res.locals.principal` names the key; each key is then limited to
 * `rateLimit.points` requests per `rateLimit.durationSeconds` (429 with Retry-After), counted only
 * once the key is verified, so nobody can spend another key's allowance by sending its visible
 * prefix with a wrong secret. A refused key is one 401 whatever the reason; the reason goes to
 * the audit log, at most once per key per window (per address for keys nobody has), so a flood
 * cannot fill it.
 */
export function apiKeyAuthentication(options: ApiKeyAuthenticationOptions): RequestHandler {
  const rateLimit = options.rateLimit ?? DEFAULT_API_KEY_RATE_LIMIT;
  const perKey = new RateLimiterMemory({ keyPrefix: 'api_key', points: rateLimit.points, duration: rateLimit.durationSeconds });
  const auditedRefusals = new RateLimiterMemory({
    keyPrefix: 'api_key_refused',
    points: 1,
    duration: options.refusalAuditWindowSeconds ?? DEFAULT_REFUSAL_AUDIT_WINDOW_SECONDS,
  });

  async function noteRefusal(req: Request, verdict: Extract<ApiKeyVerdict, { ok: false }>): Promise<void> {
    const key = verdict.row ? `key ${verdict.row.id}` : `address ${addressKey(req.ip ?? '')}`;
    const first = await auditedRefusals.consume(key).then(
      () => true,
      (rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) return false;
        throw rejection;
      },
    );
    if (!first) return;
    await options.audit.record(req, {
      action: 'api_key.refused',
      outcome: 'failure',
      actor: null,
      target: verdict.row ? apiKeyTarget(verdict.row) : null,
      details: {
        reason: verdict.reason,
        // The visible part only, and only once it has the shape of a prefix: never anything else that was sent.
        ...(verdict.prefix ? { prefix: verdict.prefix } : {}),
        request: `${req.method} ${req.baseUrl}${req.path}`,
      },
    });
  }

  return async (req, res, next) => {
    res.locals.principal = undefined;
    const header = req.get('authorization');
    if (header === undefined || header.trim() === '') return next(missingKey(res));
    const presented = BEARER.exec(header)?.[1];
    const verdict: ApiKeyVerdict = presented ? await options.apiKeys.verify(presented) : { ok: false, reason: 'malformed' };
    if (!verdict.ok) {
      await noteRefusal(req, verdict);
      return next(refusedKey(res));
    }
    const { row } = verdict;
    try {
      await perKey.consume(row.id);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      res.set('retry-after', String(seconds));
      return next(tooManyRequests(`Too many requests with this API key. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`, seconds));
    }
    await options.apiKeys.recordUse(row);
    res.locals.principal = { kind: 'api_key', id: row.id, name: row.name, prefix: row.prefix, role: row.role };
    next();
  };
}

/** The key a /api/v1 request was authenticated with; a 401 where apiKeyAuthentication did not run first. */
export function apiPrincipal(res: Response): ApiKeyPrincipal {
  const principal = res.locals.principal;
  if (!principal) throw missingKey(res);
  return principal;
}

/** `allow(permission)` for /api/v1: lets the request through only if the key's role grants the permission. */
// Generic in the route's parameters, as allow() is, so a handler after it still sees them typed.
export function requireApiPermission<P = Record<string, string>>(permission: Permission): RequestHandler<P> {
  return (_req, res, next) => {
    const principal = res.locals.principal;
    if (!principal) return next(missingKey(res));
    if (can(principal.role, permission)) return next();
    next(forbidden(`This API key's role (${ROLE_LABELS[principal.role]}) does not allow it to ${DENIED[permission]}. An administrator can make a key with another role.`));
  };
}
