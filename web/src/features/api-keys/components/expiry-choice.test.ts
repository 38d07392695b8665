import { describe, expect, it } from 'vitest';
import { ApiKeyCreateSchema } from '@keyway/shared';
import { daysOf, DEFAULT_EXPIRY_DAYS, EXPIRY_CHOICES, expiryChoiceOf } from './expiry-choice';

describe('expiry choices', () => {
  it('offers Never, 30, 90 and 365 days, and turns each into what the create schema takes', () => {
    expect(EXPIRY_CHOICES.map((c) => [c.label, daysOf(c.value)])).toEqual([
      ['Never', undefined],
      ['30 days', 30],
      ['90 days', 90],
      ['1 year', 365],
    ]);
    for (const choice of EXPIRY_CHOICES) {
      expect(expiryChoiceOf(daysOf(choice.value))).toBe(choice.value);
      const parsed = ApiKeyCreateSchema.parse({ name: 'Sync', role: 'viewer', expiresInDays: daysOf(choice.value) });
      expect(parsed.expiresInDays).toBe(choice.days);
    }
  });

  it('starts at 90 days, one of the choices, so a forgotten key stops by itself', () => {
    expect(expiryChoiceOf(DEFAULT_EXPIRY_DAYS)).toBe('90');
  });
});
