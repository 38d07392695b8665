import { z } from 'zod';

export const ConnectionTestStepSchema = z.object({
  /** "token": the client-credentials request; "api": the GET against the API with the token. */
  name: z.enum(['token', 'api']),
  method: z.enum(['GET', 'POST']),
  url: z.string(),
  ok: z.boolean(),
  /** Absent when no HTTP answer came (refused, timed out, network error). */
  httpStatus: z.number().int().optional(),
  durationMs: z.number(),
});
export type ConnectionTestStep = z.infer<typeof ConnectionTestStepSchema>;

export const ConnectionTestFailureSchema = z.object({
  step: z.enum(['token', 'api']),
  /** refused: the outbound policy said no; network/timeout: no answer; oauth_error: the provider said no; http_error: the API said no; invalid_response: an answer we could not read. */
  kind: z.enum(['refused', 'network', 'timeout', 'oauth_error', 'http_error', 'invalid_response']),
  httpStatus: z.number().int().optional(),
  /** The provider's `error`, verbatim. */
  error: z.string().optional(),
  /** The provider's `error_description`, verbatim (with any echoed secret removed). */
  errorDescription: z.string().optional(),
  /** What happened, in one sentence. */
  message: z.string(),
  /** What to do about it, when we know. */
  hint: z.string().optional(),
});
export type ConnectionTestFailure = z.infer<typeof ConnectionTestFailureSchema>;

export const ConnectionTestResultSchema = z.object({
  ok: z.boolean(),
  testedAt: z.string(),
  steps: z.array(ConnectionTestStepSchema),
  /** What the token response said, without the token itself. */
  token: z
    .object({
      tokenType: z.string(),
      scope: z.string().optional(),
      instanceUrl: z.string().optional(),
      /** ISO time; Salesforce sends milliseconds since the epoch as a string. */
      issuedAt: z.string().optional(),
      expiresInSeconds: z.number().optional(),
    })
    .optional(),
  failure: ConnectionTestFailureSchema.optional(),
  /** Present after a success: lets Create / Save prove that exactly these values were tested. */
  receipt: z.string().optional(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResultSchema>;
