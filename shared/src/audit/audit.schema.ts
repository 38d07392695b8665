import { z } from 'zod';

/** Everything the audit log records, with the words the Audit log page shows for it. */
export const AUDIT_ACTIONS = {
  'auth.sign_in': 'Signed in',
  'auth.sign_in_failed': 'Failed sign-in',
  'auth.sign_out': 'Signed out',
  'auth.setup': 'Created the first administrator',
  'auth.password_change': 'Changed own password',
  'access.denied': 'Refused by role',
  'folder.create': 'Created folder',
  'swagger.fetch': 'Fetched a Swagger URL',
  'datasource.create': 'Created data source',
  'datasource.update': 'Edited data source',
  'datasource.delete': 'Deleted data source',
  'datasource.test': 'Tested connection',
  'datasource.key_pair_generate': 'Generated key pair',
  'health.check': 'Ran health check',
  'health.pause': 'Paused health checks',
  'health.resume': 'Resumed health checks',
  'health.settings': 'Changed check interval',
  'user.create': 'Created user',
  'user.role_change': 'Changed role',
  'user.disable': 'Disabled user',
  'user.enable': 'Enabled user',
  'user.password_reset': 'Reset password',
  'key.rotate': 'Rotated master key',
  'api_key.create': 'Created API key',
  'api_key.revoke': 'Revoked API key',
  'api_key.refused': 'Refused API key',
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AuditActionSchema = z.enum(Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]]);

export const AuditEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  /** null for events without a signed-in person (a failed sign-in, the key rotation command). */
  actorEmail: z.string().nullable(),
  action: AuditActionSchema,
  outcome: z.enum(['success', 'failure']),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  /** What the target was called at the time, so the entry still reads after a rename or delete. */
  targetLabel: z.string().nullable(),
  /** The client's address as the console saw it (after TRUST_PROXY). */
  ip: z.string().nullable(),
  /** Non-secret specifics: which fields changed (names only), the old and new role, a failure's code. */
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date such as 2026-11-23')
  .refine((value) => {
    // Date.parse rolls 2026-02-30 over into March; a real date survives the round trip unchanged.
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
  }, 'Not a real date');

/** Filters of the Audit log page and its CSV export; dates are whole UTC days, both ends included. */
export const AuditQuerySchema = z
  .object({
    action: AuditActionSchema.optional(),
    /** Part of the actor's email. */
    actor: z.string().trim().max(254).optional(),
    outcome: z.enum(['success', 'failure']).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'From must not be after To', path: ['to'] });
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditPageSchema = z.object({
  events: z.array(AuditEventSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;
