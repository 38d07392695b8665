/** The expiries offered when a key is made; the CLI takes any number of days up to API_KEY_MAX_EXPIRY_DAYS. */
export const EXPIRY_CHOICES = [
  { value: 'never', label: 'Never', days: undefined },
  { value: '30', label: '30 days', days: 30 },
  { value: '90', label: '90 days', days: 90 },
  { value: '365', label: '1 year', days: 365 },
] as const;

export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number]['value'];

/** A new key lasts 90 days unless someone chooses otherwise: a forgotten key stops by itself. */
export const DEFAULT_EXPIRY_DAYS = 90;

export function expiryChoiceOf(days: number | undefined): ExpiryChoice {
  return EXPIRY_CHOICES.find((choice) => choice.days === days)?.value ?? 'never';
}

export function daysOf(choice: string): number | undefined {
  return EXPIRY_CHOICES.find((c) => c.value === choice)?.days;
}
