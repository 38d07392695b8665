import { z } from 'zod';
import { RoleSchema } from '../auth/role.schema';
import { displayText } from '../text/display-text.schema';

/** The longest expiry a key can be given: ten years. */
export const API_KEY_MAX_EXPIRY_DAYS = 3650;

/** What the audit log and the list name as the creator of a key made with `keyway api-key create`. */
export const API_KEY_CLI_ACTOR = 'keyway api-key (CLI)';

export const ApiKeyCreateSchema = z.object({
  /** Says what uses the key ("Nightly sync from Airflow"), so it can be told apart and revoked knowingly. */
  name: displayText().trim().min(1, 'Name is required').max(100, 'Use at most 100 characters'),
  /** What a program holding the key may do through /api/v1, as a person with this role may in the console. */
  role: RoleSchema,
  /** Days until the key stops working; without it, the key works until it is revoked. */
  expiresInDays: z
    .number({ message: 'Give the number of days as a whole number' })
    .int('Give the number of days as a whole number')
    .min(1, 'A key lasts at least 1 day')
    .max(API_KEY_MAX_EXPIRY_DAYS, `A key lasts at most ${API_KEY_MAX_EXPIRY_DAYS} days`)
    .optional(),
});
export type ApiKeyCreateInput = z.infer<typeof ApiKeyCreateSchema>;

/** An API key as administrators see it: never the key itself, nor its hash. */
export const ApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The start of the key ("kw_7hq2mxa4"): shows which key a program holds without revealing it. */
  prefix: z.string(),
  role: RoleSchema,
  createdAt: z.string(),
  /** The administrator's email, or API_KEY_CLI_ACTOR for a key made on the command line. */
  createdBy: z.string(),
  /** null: the key never expires. */
  expiresAt: z.string().nullable(),
  /** Updated at most once a minute while the key is in use; null until first used. */
  lastUsedAt: z.string().nullable(),
  /** Set once the key is revoked; a revoked key never works again. */
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;

/** The answer to a create: the key itself is in it this once and never again. */
export const ApiKeyCreatedSchema = z.object({
  apiKey: ApiKeySchema,
  /** The whole key, to send as `Authorization: Bearer <key>`; Keyway keeps only its hash. */
  key: z.string(),
});
export type ApiKeyCreated = z.infer<typeof ApiKeyCreatedSchema>;

export type ApiKeyStatus = 'active' | 'expired' | 'revoked';

export const API_KEY_STATUS_LABELS: Record<ApiKeyStatus, string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
};

/** Whether a key works now: revoked outranks expired, since revoking is what someone did to it. */
export function apiKeyStatus(key: Pick<ApiKey, 'expiresAt' | 'revokedAt'>, now: number = Date.now()): ApiKeyStatus {
  if (key.revokedAt !== null) return 'revoked';
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= now) return 'expired';
  return 'active';
}
