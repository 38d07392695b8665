import { createHash } from 'node:crypto';
import type { AuthInput } from '@keyway/shared';

/**
 * Salesforce locks a user out after a few wrong passwords (10 by default, 3 at the strictest).
 * After the first refused SOAP login, nothing may try the same password again: not the scheduled
 * checks, not Test Connection, not the API's /test, not a save that keeps the password. The
 * pause records which login was refused, so that only a changed password or login URL resumes it.
 */

/** Salesforce's faults that count towards locking the user out. */
export const LOCKING_LOGIN_FAULTS: ReadonlySet<string> = new Set(['INVALID_LOGIN', 'LOGIN_MUST_USE_SECURITY_TOKEN', 'PASSWORD_LOCKOUT']);

export const LOGIN_REFUSED_PAUSE =
  'Paused: Salesforce refused the user name or password, and retrying it would lock the user out. Save the right password or security token to check again';

/** Names a login (URL, user, and the stored secrets by their ref) without holding any of it. */
export function loginMark(auth: AuthInput, secretRef: string): string | undefined {
  if (auth.type !== 'salesforce_login') return undefined;
  const digest = createHash('sha256').update(`${auth.loginUrl}\n${auth.username.toLowerCase()}\n${secretRef}`).digest('hex');
  return `login ${digest.slice(0, 12)}`;
}

/** The health reason a refused login pauses with: what Salesforce said, and which login it was. */
export const refusedLoginReason = (fault: string, mark: string) => `${LOGIN_REFUSED_PAUSE} (${fault}; ${mark})`;

export const isRefusedLoginPause = (reason: string | null | undefined) => Boolean(reason?.startsWith(LOGIN_REFUSED_PAUSE));

/** True while `reason` is the pause of this very login: the same password would be refused again. */
export function refusedBefore(reason: string | null | undefined, mark: string | undefined): boolean {
  return mark !== undefined && isRefusedLoginPause(reason) && Boolean(reason?.endsWith(`; ${mark})`));
}
