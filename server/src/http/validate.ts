import type { z } from 'zod';
import { validationError } from '../errors';

/** Parses a request part with a shared schema; failures become one validation_error with per-field messages. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = result.error.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  throw validationError(`Some values are not valid. ${where}${first?.message ?? ''}`.trim(), fieldErrors);
}
