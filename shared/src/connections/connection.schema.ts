import { z } from 'zod';
import { HealthStateSchema } from '../health/health.schema';
import { displayText } from '../text/display-text.schema';

/**
 * The machine API's bodies, in Flow Service's shapes: what a client sends to create a connection,
 * what it reads back, and the error it gets (RFC 9457 problem details).
 */

export const ConnectionCreateSchema = z.strictObject({
  name: displayText().trim().min(1, 'Enter a name').max(100, 'Use at most 100 characters'),
  description: displayText({ multiline: true }).trim().max(1000, 'Use at most 1000 characters').default(''),
  auth: z.strictObject({
    specName: z.string().min(1, 'Name the auth spec, e.g. "OAuth2 Client Credential"'),
    params: z.record(z.string(), z.unknown()),
  }),
  connectionSpec: z.strictObject({
    id: z.string().min(1, 'Name the connection spec by its id (GET /api/v1/connectionSpecs lists them)'),
    version: z.string().optional(),
  }),
});
export type ConnectionCreate = z.infer<typeof ConnectionCreateSchema>;

export const ConnectionCreatedSchema = z.object({ id: z.string(), etag: z.string() });

export const ConnectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  connectionSpec: z.object({ id: z.string(), version: z.string() }),
  /** initializing until the first check, then what the checks find. */
  state: HealthStateSchema,
  /** Why the state is what it is, in a sentence. */
  stateReason: z.string(),
  auth: z.object({
    specName: z.string(),
    /** Every param but the secret ones; those are listed in secretParams instead, never returned, not even masked. */
    params: z.record(z.string(), z.unknown()),
  }),
  /** The secret params stored for this connection, by name. */
  secretParams: z.array(z.string()),
  /** Set on a connection whose auth spec is deprecated (Salesforce's Basic Authentication). */
  deprecated: z.boolean().optional(),
  /** The configuration folder, which Flow Service calls the sandbox. */
  sandboxName: z.string(),
  createdAt: z.number().int().meta({ description: 'Milliseconds since the epoch.' }),
  updatedAt: z.number().int().meta({ description: 'Milliseconds since the epoch.' }),
  createdBy: z.string().nullable(),
  updatedBy: z.string().nullable(),
  version: z.number().int(),
  etag: z.string(),
});
export type Connection = z.infer<typeof ConnectionSchema>;

export const ConnectionItemsSchema = z.object({ items: z.array(ConnectionSchema) });

export const ConnectionListSchema = z.object({
  items: z.array(ConnectionSchema),
  _links: z.object({ next: z.object({ href: z.string() }).optional() }),
});

/** RFC 6902, the three operations the API takes. */
export const JsonPatchSchema = z
  .array(
    z.strictObject({
      op: z.enum(['add', 'replace', 'remove'], { message: 'Use op "add", "replace" or "remove"' }),
      path: z.string().min(1, 'Give a JSON Pointer path such as "/auth/params/clientSecret"'),
      value: z.unknown().optional(),
    }),
  )
  .min(1, 'Send at least one operation')
  .max(50, 'Send at most 50 operations');
export type JsonPatch = z.infer<typeof JsonPatchSchema>;

export const ConnectionSpecSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  description: z.string(),
  authSpec: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      description: z.string(),
      deprecated: z.boolean().optional(),
      /** JSON Schema (2020-12) of the params; secret ones carry "format": "password" and "writeOnly": true. */
      spec: z.record(z.string(), z.unknown()),
    }),
  ),
});
export const ConnectionSpecListSchema = z.object({ items: z.array(ConnectionSpecSchema) });

/** RFC 9457 problem details, with the console's stable code beside them. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  /** For bad input: every problem, each at its place in the request (JSON Pointer). */
  errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;
