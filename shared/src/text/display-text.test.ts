import { describe, expect, it } from 'vitest';
import { MAX_COMBINING_MARKS, findHiddenCharacters, findStackedMarks, hiddenCharacterMessage, normaliseDisplayText, showHiddenCharacters } from './display-text';
import { displayText } from './display-text.schema';

const title = displayText().trim().min(1, 'Title is required').max(100, 'Use at most 100 characters');
const description = displayText({ multiline: true }).trim().max(1000, 'Use at most 1000 characters');

/** 🏴 followed by the tag characters that spell `spec`, then the cancel tag: how a subdivision flag is written. */
const tags = (ascii: string) => Array.from(ascii, (c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
const flag = (spec: string) => `🏴${tags(spec)}\u{E007F}`;

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
    ['the flags of England, Scotland and Wales, tag sequences', `${flag('gbeng')} ${flag('gbsct')} ${flag('gbwls')} Accounts`],
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

describe('displayText: tag characters', () => {
  it('refuses a black flag that hides ASCII in tag characters, naming each tag', () => {
    expect(messages(title, `Sales ${flag('hello')}`)[0]).toBe(
      'Remove the invisible character U+E0068 (tag "h") at position 8, and 5 more hidden characters',
    );
    expect(showHiddenCharacters(flag('hi'))).toBe('🏴⟨U+E0068⟩⟨U+E0069⟩⟨U+E007F⟩');
  });

  it('allows only the three recommended subdivision flags: another well-formed one is drawn as a bare black flag', () => {
    expect(messages(title, flag('usca'))[0]).toBe('Remove the invisible character U+E0075 (tag "u") at position 2, and 4 more hidden characters');
    expect(messages(title, flag('GBENG'))[0]).toMatch(/^Remove the invisible character U\+E0047/);
  });

  it('refuses tags that are not a whole flag: no cancel tag, letters after it, or no black flag before', () => {
    expect(findHiddenCharacters(`🏴${tags('gbeng')}`).map((f) => f.position)).toEqual([2, 3, 4, 5, 6]);
    expect(findHiddenCharacters(`${flag('gbeng')}${tags('x')}`).map((f) => f.position)).toEqual([8]);
    expect(findHiddenCharacters(`🚀${tags('gbeng')}\u{E007F}`)).toHaveLength(6);
    expect(findHiddenCharacters(`a\u{E007F}`)).toEqual([{ code: 'U+E007F', position: 2, name: 'cancel tag', kind: 'invisible' }]);
  });

  it('finds every tag of a long run in one pass', () => {
    expect(findHiddenCharacters(`🏴${tags('x'.repeat(998))}\u{E007F}`)).toHaveLength(999);
  });
});

describe('displayText: emoji joiners and variation selectors', () => {
  it.each([
    ['a zero-width joiner between two emoji that form nothing', '🚀\u200D🚀', 'U+200D (zero-width joiner) at position 2'],
    ['a zero-width joiner after an emoji, before a letter', '🚀\u200Da', 'U+200D (zero-width joiner) at position 2'],
    ['VS16 after an emoji that is drawn as one anyway', '😀\uFE0F', 'U+FE0F (variation selector-16) at position 2'],
    ['VS16 after a digit outside a keycap', 'v1\uFE0F', 'U+FE0F (variation selector-16) at position 3'],
    ['VS15 after an emoji that has no text style', '😀\uFE0E', 'U+FE0E (variation selector-15) at position 2'],
    ['two selectors in a row', '❤\uFE0F\uFE0F', 'U+FE0F (variation selector-16) at position 3'],
    ['a joiner after a whole family', '👨\u200D👩\u200D👧\u200D🚀', 'U+200D (zero-width joiner) at position 6'],
  ])('refuses %s', (_label, value, message) => {
    expect(messages(title, value)[0]).toBe(`Remove the invisible character ${message}`);
  });

  it.each([
    ['a technologist', '👩\u200D💻'],
    ['a technologist with a skin tone', '👩🏽\u200D💻'],
    ['a red heart and a text-style heart', '❤\uFE0F ❤\uFE0E'],
    ['a keycap', '1\uFE0F\u20E3 #\uFE0F\u20E3'],
    ['a rainbow flag, also without its VS16', '🏳\uFE0F\u200D🌈 🏳\u200D🌈'],
    ['a thumbs up with a skin tone', '👍🏽'],
    ['a family', '👨\u200D👩\u200D👧\u200D👦'],
    ['a kiss', '👩\u200D❤\uFE0F\u200D💋\u200D👨'],
    ['people holding hands with two skin tones', '🧑🏽\u200D🤝\u200D🧑🏿'],
    ['a heart on fire, a pirate flag, an eye in a speech bubble', '❤\uFE0F\u200D🔥 🏴\u200D☠\uFE0F 👁\uFE0F\u200D🗨\uFE0F'],
    ['a person running to the right', '🏃🏽\u200D♀\uFE0F\u200D➡\uFE0F'],
    ['a copyright sign as an emoji', '©\uFE0F 2025'],
  ])('accepts %s', (_label, value) => {
    expect(messages(title, value)).toEqual([]);
  });
});

describe('displayText: joiners in Indic and Arabic script (RFC 5892, appendix A)', () => {
  it('refuses a joiner or non-joiner between two Devanagari letters without a virama', () => {
    expect(messages(title, 'क\u200Dष')[0]).toBe('Remove the invisible character U+200D (zero-width joiner) at position 2');
    expect(messages(title, 'क\u200Cष')[0]).toBe('Remove the invisible character U+200C (zero-width non-joiner) at position 2');
  });

  it('accepts either after a virama: a half form, an explicit virama', () => {
    expect(messages(title, 'क्\u200Dष क्\u200Cष')).toEqual([]);
  });

  it('accepts a non-joiner between Arabic letters that would join, across vowel marks', () => {
    expect(messages(title, 'می\u200Cخواهم')).toEqual([]);
    expect(messages(title, 'بَ\u200Cب')).toEqual([]);
  });

  it('refuses a non-joiner where the letters would not join anyway: after an alef, or between Latin letters', () => {
    expect(messages(title, 'ا\u200Cب')[0]).toBe('Remove the invisible character U+200C (zero-width non-joiner) at position 2');
    expect(messages(title, 'a\u200Cb')[0]).toBe('Remove the invisible character U+200C (zero-width non-joiner) at position 2');
  });
});

describe('displayText: spaces, stacked marks, the Braille blank', () => {
  it('makes a run of spaces in a title one space, as HTML shows it; a description keeps its spacing', () => {
    expect(title.parse('Sales   force\u00A0 Accounts')).toBe('Sales force Accounts');
    expect(title.parse('東京\u3000\u3000タワー')).toBe('東京\u3000\u3000タワー');
    expect(description.parse('Name:   Sales\nID:     42')).toBe('Name:   Sales\nID:     42');
  });

  it(`refuses more than ${MAX_COMBINING_MARKS} combining marks stacked on one character`, () => {
    const zalgo = `Sale${'\u0336\u0337\u0338\u0339\u033A'}s`;
    expect(messages(title, zalgo)).toEqual(['Use at most 4 accents or other combining marks on one character: the one at position 4 has 5']);
    expect(findStackedMarks(`\u0301\u0301\u0301\u0301\u0301`)).toEqual({ position: 1, count: 5 });
    expect(messages(description, `ok\n${'e'.padEnd(40, '\u0336')}`)).toEqual([expect.stringMatching(/at position 4 has 39$/)]);
  });

  it('accepts the marks that languages stack: Hebrew points and accents, Tibetan subjoined letters, Devanagari', () => {
    expect(messages(title, 'שָּׁ֑לוֹם')).toEqual([]);
    expect(messages(title, 'བསྒྲུབས')).toEqual([]);
    expect(messages(title, 'क्षत्रिय')).toEqual([]);
    expect(findStackedMarks('e\u0301\u0301\u0301\u0301')).toBeUndefined();
  });

  it('refuses the Braille pattern blank, which is drawn as nothing', () => {
    expect(messages(title, 'Sales\u2800force')[0]).toBe('Remove the invisible character U+2800 (Braille pattern blank) at position 6');
    expect(messages(title, '⠓⠑⠇⠇⠕')).toEqual([]);
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
