import { describe, expect, it } from 'vitest';
import { MachineNameSchema, nameFromTitle } from './names';

describe('nameFromTitle', () => {
  it.each([
    ['Salesforce Accounts', 'salesforce-accounts'],
    ['Salesforce – Accounts (EU)', 'salesforce-accounts-eu'],
    ['Crème brûlée API', 'creme-brulee-api'],
    ['  --Leading and trailing--  ', 'leading-and-trailing'],
    ['!!!', ''],
    // The same title as NFC (what the schemas store) and as NFD (what macOS file names and some keyboards give).
    ['Caf\u00e9 API', 'cafe-api'],
    ['Cafe\u0301 API', 'cafe-api'],
    ['Sales\u200bforce', 'salesforce'],
  ])('%j becomes %j', (title, name) => {
    expect(nameFromTitle(title)).toBe(name);
  });

  it('always yields a valid name or nothing, and never ends with a hyphen when cut', () => {
    const long = `${'word '.repeat(20)}end`;
    const name = nameFromTitle(long);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(MachineNameSchema.safeParse(name).success).toBe(true);
  });
});

describe('MachineNameSchema', () => {
  it.each(['Upper', 'two--hyphens', '-start', 'end-', 'with space', 'slash/inside'])('refuses %j', (name) => {
    expect(MachineNameSchema.safeParse(name).success).toBe(false);
  });
});
