import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { API_KEY_CLI_ACTOR, type ApiKey, type ApiKeyCreated, type ApiKeyCreateInput } from '@keyway/shared';
import type { AuditLog } from '../../audit/audit-log';
import { API_KEY_START, apiKeyMatches, apiKeyPrefixOf, generateApiKey } from '../../crypto/api-key';
import { isUniqueViolation } from '../../db/database';
import type { ApiKeyRow, ApiKeysRepository } from '../../db/repositories/api-keys.repository';
import type { AuditEntry } from '../../db/repositories/audit.repository';
import { notFound } from '../../errors';

export function presentApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/** Who creates or revokes a key: a signed-in administrator (their request), or the command line. */
export type ApiKeyActor = { req: Request } | 'cli';

/** Why a presented key was refused: for the audit log only; the caller is told one thing for all of them. */
export type ApiKeyRefusalReason = 'malformed' | 'unknown_key' | 'wrong_secret' | 'revoked' | 'expired';

export type ApiKeyVerdict =
  | { ok: true; row: ApiKeyRow }
  /** `prefix` when the key had the right shape; `row` when a key with that prefix exists. */
  | { ok: false; reason: ApiKeyRefusalReason; prefix?: string; row?: ApiKeyRow };

export interface ApiKeysServiceOptions {
  now?: () => number;
  /** last_used_at is written at most this often per key; 60 unless set. */
  lastUsedEverySeconds?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** A new prefix collides with an existing one about once in 2^40 / keys: retried, never reported. */
const PREFIX_ATTEMPTS = 3;

export const apiKeyTarget = (row: ApiKeyRow) => ({ type: 'api_key', id: row.id, label: row.name });

/**
 * API keys for programs using /api/v1: made by administrators (or `keyway api-key`), shown once,
 * kept as a hash. The same service answers the Administration page, the command line, and the
 * machine API's check of a presented key.
 */
export function createApiKeysService(apiKeys: ApiKeysRepository, audit: Pick<AuditLog, 'record'>, options: ApiKeysServiceOptions = {}) {
  const now = options.now ?? Date.now;
  const lastUsedEveryMs = (options.lastUsedEverySeconds ?? 60) * 1000;

  async function record(actor: ApiKeyActor, entry: AuditEntry): Promise<void> {
    if (actor === 'cli') {
      await audit.record(undefined, { ...entry, actor: null, details: { ...entry.details, by: API_KEY_CLI_ACTOR } });
    } else {
      await audit.record(actor.req, entry);
    }
  }

  /** By id, or by prefix with or without its "kw_" (what the CLI's list shows either way). */
  async function find(idOrPrefix: string): Promise<ApiKeyRow> {
    const row =
      (await apiKeys.findById(idOrPrefix)) ??
      (await apiKeys.findByPrefix(idOrPrefix.startsWith(API_KEY_START) ? idOrPrefix : `${API_KEY_START}${idOrPrefix}`));
    if (!row) throw notFound('The API key');
    return row;
  }

  return {
    async list(): Promise<ApiKey[]> {
      return (await apiKeys.list()).map(presentApiKey);
    },

    async get(idOrPrefix: string): Promise<ApiKey> {
      return presentApiKey(await find(idOrPrefix));
    },

    async create(actor: ApiKeyActor, input: ApiKeyCreateInput): Promise<ApiKeyCreated> {
      const at = now();
      const createdBy = actor === 'cli' ? API_KEY_CLI_ACTOR : actor.req.user?.email;
      if (!createdBy) throw new Error('An API key is created by a signed-in person or the command line');
      for (let attempt = 1; ; attempt++) {
        const { key, prefix, hash } = generateApiKey();
        const row: ApiKeyRow = {
          id: randomUUID(),
          name: input.name,
          prefix,
          hash,
          role: input.role,
          created_at: new Date(at).toISOString(),
          created_by: createdBy,
          expires_at: input.expiresInDays === undefined ? null : new Date(at + input.expiresInDays * DAY_MS).toISOString(),
          last_used_at: null,
          revoked_at: null,
        };
        try {
          await apiKeys.insert(row);
        } catch (error) {
          if (isUniqueViolation(error) && attempt < PREFIX_ATTEMPTS) continue;
          throw error;
        }
        await record(actor, {
          action: 'api_key.create',
          target: apiKeyTarget(row),
          details: { prefix, role: row.role, expiresAt: row.expires_at },
        });
        return { apiKey: presentApiKey(row), key };
      }
    },

    /** Revokes at once: the next request with the key is refused. Revoking a revoked key changes nothing. */
    async revoke(actor: ApiKeyActor, idOrPrefix: string): Promise<ApiKey> {
      const row = await find(idOrPrefix);
      if (await apiKeys.revoke(row.id, new Date(now()).toISOString())) {
        await record(actor, { action: 'api_key.revoke', target: apiKeyTarget(row), details: { prefix: row.prefix } });
      }
      return presentApiKey(await find(row.id));
    },

    /**
     * Whether a presented key may be used now. The hash is compared before revocation and expiry
     * are looked at, so only the holder of the whole key learns (in the audit log, not the answer)
     * that it was revoked or expired.
     */
    async verify(presented: string): Promise<ApiKeyVerdict> {
      const prefix = apiKeyPrefixOf(presented);
      if (!prefix) return { ok: false, reason: 'malformed' };
      const row = await apiKeys.findByPrefix(prefix);
      if (!row) return { ok: false, reason: 'unknown_key', prefix };
      if (!apiKeyMatches(presented, row.hash)) return { ok: false, reason: 'wrong_secret', prefix, row };
      if (row.revoked_at !== null) return { ok: false, reason: 'revoked', prefix, row };
      if (row.expires_at !== null && Date.parse(row.expires_at) <= now()) return { ok: false, reason: 'expired', prefix, row };
      return { ok: true, row };
    },

    /**
     * Notes that the key was used, at most once per lastUsedEverySeconds: a busy program makes one
     * write a minute, not one per request. True when this call wrote.
     */
    async recordUse(row: ApiKeyRow): Promise<boolean> {
      const at = now();
      if (row.last_used_at !== null && at - Date.parse(row.last_used_at) < lastUsedEveryMs) return false;
      return apiKeys.touch(row.id, new Date(at).toISOString(), new Date(at - lastUsedEveryMs).toISOString());
    },
  };
}
export type ApiKeysService = ReturnType<typeof createApiKeysService>;
