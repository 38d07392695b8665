import { describe, expect, it } from 'vitest';
import { hasMixedScripts, mixedScriptWords } from './mixed-scripts';
import { scriptOf } from './scripts';

describe('mixedScriptWords', () => {
  it('flags a Latin word with a Cyrillic look-alike letter, naming the word and its scripts', () => {
    expect(mixedScriptWords('\u0405alesforce Accounts')).toEqual([{ word: '\u0405alesforce', scripts: ['Cyrillic', 'Latin'] }]);
    expect(mixedScriptWords('Salesforce Acc\u043Eunts')).toEqual([{ word: 'Acc\u043Eunts', scripts: ['Latin', 'Cyrillic'] }]);
  });

  it('flags Latin with Greek, and Cyrillic with Greek', () => {
    expect(mixedScriptWords('Pay\u03C1al')[0]?.scripts).toEqual(['Latin', 'Greek']);
    expect(hasMixedScripts('\u0421\u03B1\u03C4')).toBe(true);
  });

  it('does not let punctuation cut a mixed word into harmless pieces', () => {
    expect(mixedScriptWords('\u0405-alesforce (EU)')).toEqual([{ word: '\u0405-alesforce', scripts: ['Cyrillic', 'Latin'] }]);
  });

  it.each([
    ['Latin', 'Salesforce'],
    ['Latin with accents, digits and punctuation', 'Crème brûlée – API v2 (EU) #1'],
    ['Cyrillic only', 'Счета'],
    ['Cyrillic and Latin in separate words', 'Счета Salesforce'],
    ['Greek only', 'Λογαριασμοί'],
    ['Japanese with Latin', '東京タワー Tokyo'],
    ['Latin, Han and Katakana in one word', 'Tokyoタワー東京'],
    ['Hiragana with the prolonged sound mark', 'らーめん'],
    ['Chinese with Bopomofo', '注音ㄅㄆㄇ'],
    ['Korean with Han', '한국漢字'],
    ['an emoji', '🚀Launch'],
    ['empty text', ''],
  ])('accepts %s', (_label, text) => {
    expect(mixedScriptWords(text)).toEqual([]);
  });

  it('flags combinations no language writes together, such as Hangul with Katakana', () => {
    expect(mixedScriptWords('한국カタ')[0]?.scripts).toEqual(['Hangul', 'Katakana']);
  });
});

describe('scriptOf', () => {
  it('names a letter’s script and gives none for digits, punctuation, emoji and combining marks', () => {
    expect(['a', 'Ѕ', 'α', '東', 'タ', 'ا'].map(scriptOf)).toEqual(['Latin', 'Cyrillic', 'Greek', 'Han', 'Katakana', 'Arabic']);
    expect(['1', '-', '🚀', '\u0301', 'ー'].map(scriptOf)).toEqual([null, null, null, null, null]);
  });
});
