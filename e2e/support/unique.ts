import { randomBytes } from 'node:crypto';

/**
 * Lowercase letters and digits, different on every call. A spec puts one in the names, titles and
 * emails it creates, so its data is its own whatever ran before it against the same console: other
 * files, other workers, `--repeat-each`. Called inside a test, never at module level (a worker
 * loads a file once for all its repeats).
 */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
