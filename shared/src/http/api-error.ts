/**
 * The one error shape every `/api` response uses. `code` is stable and machine-readable;
 * `message` is written for the person in front of the console.
 */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    details?: {
      /** Field path (dotted) to the messages for that field, for forms to show inline. */
      fieldErrors?: Record<string, string[]>;
      [detail: string]: unknown;
    };
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The error body in a response, or undefined if the body is not one (a proxy's page, say). A check
 * written out rather than a zod schema: the console reads every error with it, on the sign-in page
 * too, and zod is a quarter of that page's JavaScript.
 */
export function readApiErrorBody(payload: unknown): ApiErrorBody | undefined {
  if (!isRecord(payload) || !isRecord(payload.error)) return undefined;
  const { code, message, details } = payload.error;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  if (details === undefined) return { error: { code, message } };
  if (!isRecord(details)) return undefined;
  const { fieldErrors } = details;
  const wellFormed =
    fieldErrors === undefined ||
    (isRecord(fieldErrors) && Object.values(fieldErrors).every((messages) => Array.isArray(messages) && messages.every((m) => typeof m === 'string')));
  return wellFormed ? { error: { code, message, details: details as NonNullable<ApiErrorBody['error']['details']> } } : undefined;
}

/** Sent on every state-changing request; a cross-site form or image cannot set it. */
export const CSRF_HEADER = 'x-keyway-request';
export const CSRF_HEADER_VALUE = '1';

/**
 * Sent by the console on requests made without the person doing anything (a dashboard's refresh),
 * so they do not keep an unattended session alive past its idle timeout.
 */
export const BACKGROUND_HEADER = 'x-keyway-background';
