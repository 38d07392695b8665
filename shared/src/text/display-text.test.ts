import { describe, expect, it } from 'vitest';
import { displayText, findHiddenCharacters, hiddenCharacterMessage, normaliseDisplayText, showHiddenCharacters } from './display-text';

const title = displayText().trim().min(1, 'Title is required').max(100, 'Use at most 100 characters');
const description = displayText({ multiline: true }).trim().max(1000, 'Use at most 1000 characters');

const messages = (schema: typeof title, value: string) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('displayText', () => {
  it.each([
    ['a right-to-left override', '\u202Egnp.exe', 'Remove the invisible character U+202E (right-to-left override) at position 1'],
    ['a zero-width space', 'Sales\u200Bforce', 'Remove the invisible character U+200B (zero-width space) at position 6'],
    ['a NUL', 'Sales\u0000force', 'Remove the control character U+0000 (null) at position 6'],
    ['a soft hyphen', 'Sales\u00ADforce', 'Remove the invisible character U+00AD (soft hyphen) at position 6'],
    ['a byte order mark, even where trim() would drop it', '\uFEFFSalesforce', 'Remove the invisible character U+FEFF (zero-width no-break space, or byte order mark) at position 1'],
    ['a left-to-right isolate', 'a\u2066b', 'Remove the invisible character U+2066 (left-to-right isolate) at position 2'],
    ['a right-to-left mark', 'a\u200Fb', 'Remove the invisible character U+200F (right-to-left mark) at position 2'],
    ['a word joiner', 'a\u2060b', 'Remove the invisible character U+2060 (word joiner) at position 2'],
    ['a line separator', 'a\u2028b', 'Remove the invisible character U+2028 (line separator) at position 2'],
    ['a line break in a title', 'one\ntwo', 'Remove the control character U+000A (line break) at position 4'],
    ['a Hangul filler, a letter that is drawn as nothing', 'a\u3164b', 'Remove the invisible character U+3164 (Hangul filler) at position 2'],
    ['a private-use character', 'a\uE000', 'Remove the private-use character U+E000 (private use, no standard meaning) at position 2'],
    ['an unassigned code point', 'a\u0378', 'Remove the unassigned character U+0378 at position 2'],
    ['a lone surrogate', 'a\uD800b', 'Remove the broken character U+D800 (half of a surrogate pair) at position 2'],
    ['a variation selector after a Latin letter', 'Sales\uFE0Fforce', 'Remove the invisible character U+FE0F (variation selector-16) at position 6'],
    ['a zero-width joiner between Latin letters', 'Sales\u200Dforce', 'Remove the invisible character U+200D (zero-width joiner) at position 6'],
  ])('refuses %s, naming it and where it is', (_label, value, message) => {
    expect(messages(title, value)[0]).toBe(message);
  });

  it('counts positions in characters, not UTF-16 units, and says how many more there are', () => {
    expect(messages(title, '🚀\u200Bx\u202E\u0000')[0]).toBe('Remove the invisible character U+200B (zero-width space) at position 2, and 2 more hidden characters');
    expect(messages(title, 'a\u200Bb\u200Bc')[0]).toBe('Remove the invisible character U+200B (zero-width space) at position 2, and 1 more hidden character');
  });

  it('normalises to NFC before it checks and counts', () => {
    expect(title.parse('Cafe\u0301')).toBe('Caf\u00E9');
    expect(title.parse('e\u0301')).toBe('é');
    expect(messages(title, 'e\u0301\u202E')[0]).toMatch(/at position 2$/);
  });

  it('makes look-alike spaces ordinary ones, then trims', () => {
    expect(title.parse('Salesforce\u00A0Accounts')).toBe('Salesforce Accounts');
    expect(title.parse('\u2009Salesforce\u200A')).toBe('Salesforce');
    expect(title.parse('東京\u3000タワー')).toBe('東京\u3000タワー');
  });

  it('reports the hidden character before the length rules, which still apply', () => {
    expect(messages(title, '\u202E')).toEqual(['Remove the invisible character U+202E (right-to-left override) at position 1']);
    expect(messages(title, '   ')).toEqual(['Title is required']);
    expect(messages(title, `${'x'.repeat(100)}\u200B`)).toEqual([expect.stringMatching(/^Remove the invisible/), 'Use at most 100 characters']);
  });

  it.each([
    ['Cyrillic only', 'Счета Salesforce'],
    ['Greek only', 'Λογαριασμοί'],
    ['Japanese, Han and Katakana', '東京タワー'],
    ['Arabic', 'حسابات المبيعات'],
    ['Hebrew', 'חשבונות'],
    ['an emoji', '🚀 Launch'],
    ['an emoji with a skin tone and a ZWJ sequence', '👩🏽\u200D💻 Developers'],
    ['emoji with variation selectors: a heart, a keycap, a rainbow flag', '❤\uFE0F 1\uFE0F\u20E3 🏳\uFE0F\u200D🌈'],
    ['the flag of England, a tag sequence', '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F} Accounts'],
    ['a Persian word with its zero-width non-joiner', 'می\u200Cخواهم'],
    ['Sinhala with a zero-width joiner after the virama', 'ශ්\u200Dරී ලංකා'],
    ['a Han character with an ideographic variation selector', '葛\u{E0100}飾'],
    ['accents, typographic quotes and dashes', 'Crème brûlée – “EU” (€)'],
  ])('accepts %s', (_label, value) => {
    expect(messages(title, value)).toEqual([]);
  });

  it('keeps line breaks and tabs in a description, one kind of line break, and refuses the rest', () => {
    expect(description.parse('First line\r\nsecond\tcolumn\rthird')).toBe('First line\nsecond\tcolumn\nthird');
    expect(messages(description, 'Notes\n\u202Etxt.exe')[0]).toBe('Remove the invisible character U+202E (right-to-left override) at position 7');
    expect(messages(description, 'Notes\u0007')[0]).toBe('Remove the control character U+0007 at position 6');
    expect(messages(title, 'a\tb')[0]).toBe('Remove the control character U+0009 (tab) at position 2');
  });
});

describe('findHiddenCharacters', () => {
  it('lists each with its code, position, name and kind', () => {
    expect(findHiddenCharacters('a\u202Eb\u0000')).toEqual([
      { code: 'U+202E', position: 2, name: 'right-to-left override', kind: 'invisible' },
      { code: 'U+0000', position: 4, name: 'null', kind: 'control' },
    ]);
    expect(findHiddenCharacters('Salesforce Accounts')).toEqual([]);
    expect(hiddenCharacterMessage([])).toBe('');
  });
});

describe('showHiddenCharacters', () => {
  it('replaces each hidden character with a visible marker, so nothing is reordered or hidden', () => {
    expect(showHiddenCharacters('\u202Egnp.exe')).toBe('⟨U+202E⟩gnp.exe');
    expect(showHiddenCharacters('Sales\u200Bforce\u0000')).toBe('Sales⟨U+200B⟩force⟨U+0000⟩');
    expect(showHiddenCharacters('a\u{E0001}b')).toBe('a⟨U+E0001⟩b');
  });

  it('leaves clean text, emoji sequences and a description’s line breaks as they are', () => {
    expect(showHiddenCharacters('Salesforce Accounts')).toBe('Salesforce Accounts');
    expect(showHiddenCharacters('👩🏽\u200D💻 Счета')).toBe('👩🏽\u200D💻 Счета');
    expect(showHiddenCharacters('one\ntwo', { multiline: true })).toBe('one\ntwo');
    expect(showHiddenCharacters('one\ntwo')).toBe('one⟨U+000A⟩two');
  });
});

describe('normaliseDisplayText', () => {
  it('is NFC, not NFKC: ligatures, full-width letters and superscripts stay as written', () => {
    expect(normaliseDisplayText('ﬁle ＡＢＣ m²')).toBe('ﬁle ＡＢＣ m²');
  });
});
