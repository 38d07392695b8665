import { z } from 'zod';

/**
 * The one error shape every `/api` response uses. `code` is stable and machine-readable;
 * `message` is written for the person in front of the console.
 */
export const ApiErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z
      .object({
        /** Field path (dotted) to the messages for that field, for forms to show inline. */
        fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
      })
      .catchall(z.unknown())
      .optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/** Sent on every state-changing request; a cross-site form or image cannot set it. */
export const CSRF_HEADER = 'x-keyway-request';
export const CSRF_HEADER_VALUE = '1';

/**
 * Sent by the console on requests made without the person doing anything (a dashboard's refresh),
 * so they do not keep an unattended session alive past its idle timeout.
 */
export const BACKGROUND_HEADER = 'x-keyway-background';
