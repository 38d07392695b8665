import { z } from 'zod';

export const NAME_MAX_LENGTH = 63;

/** URL-safe machine name: lowercase letters, digits and single hyphens, as in a URL path segment. */
export const MachineNameSchema = z
  .string()
  .trim()
  .min(1, 'Name is required')
  .max(NAME_MAX_LENGTH, `Use at most ${NAME_MAX_LENGTH} characters`)
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'Use lowercase letters, digits and single hyphens (for example "salesforce-accounts")',
  );

/**
 * Derives a machine name from a title the way an administrator would expect:
 * "Salesforce – Accounts (EU)" becomes "salesforce-accounts-eu".
 */
export function nameFromTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    // An invisible character is no word break: "Sales\u200Bforce" is "salesforce", not "sales-force".
    .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, NAME_MAX_LENGTH)
    .replace(/-+$/, '');
}
