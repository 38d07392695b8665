import { describe, expect, it } from 'vitest';
import { hasMixedScripts, lookAlikeWords, mixedScriptWords } from './mixed-scripts';
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

describe('lookAlikeWords', () => {
  it.each([
    ['mathematical sans-serif', '\u{1D5B2}alesforce', '\u{1D5B2}', 'S'],
    ['mathematical bold', '\u{1D412}alesforce', '\u{1D412}', 'S'],
    ['fullwidth', '\uFF33alesforce', '\uFF33', 'S'],
    ['a Roman numeral', '\u216Cogin', '\u216C', 'L'],
    ['a mathematical digit', 'v\u{1D7D0}', '\u{1D7D0}', '2'],
    ['a ligature', '\uFB01le', '\uFB01', 'fi'],
    ['the micro sign, a Greek mu in Common script', '\u00B5s', '\u00B5', '\u03BC'],
  ])('flags a letter or digit that NFKC folds to another one: %s', (_label, word, character, looksLike) => {
    expect(lookAlikeWords(`${word} Accounts`)).toEqual([{ word, characters: [{ character, looksLike }] }]);
  });

  it('lists each look-alike of a word once, in order', () => {
    expect(lookAlikeWords('\uFF33\uFF33\u{1D41A}les')).toEqual([
      { word: '\uFF33\uFF33\u{1D41A}les', characters: [{ character: '\uFF33', looksLike: 'S' }, { character: '\u{1D41A}', looksLike: 'a' }] },
    ]);
  });

  it.each([
    ['plain Latin with accents', 'Crème brûlée'],
    ['superscripts, circled digits and fractions, which look different', 'm² H₂O ① ½ 1ª'],
    ['Hangul compatibility jamo, the usual way to write a lone jamo', 'ㅋㅋㅋ'],
    ['Thai with sara am and Armenian with its ech-yiwn ligature, ordinary spellings', 'น้ำ և'],
    ['halfwidth katakana, which folds within its own script', 'ｶﾀｶﾅ'],
    ['an emoji that NFKC would make a letter', 'ℹ\uFE0F Info'],
    ['a Greek word', 'Λογαριασμοί'],
  ])('does not flag %s', (_label, text) => {
    expect(lookAlikeWords(text)).toEqual([]);
  });

  it('is not mixed scripts: the look-alike is Common or of the word’s own script', () => {
    expect(mixedScriptWords('\u{1D412}alesforce \uFF33alesforce \u216Cogin')).toEqual([]);
  });
});

describe('scriptOf', () => {
  it('names a letter’s script and gives none for digits, punctuation, emoji and combining marks', () => {
    expect(['a', 'Ѕ', 'α', '東', 'タ', 'ا'].map(scriptOf)).toEqual(['Latin', 'Cyrillic', 'Greek', 'Han', 'Katakana', 'Arabic']);
    expect(['1', '-', '🚀', '\u0301', 'ー'].map(scriptOf)).toEqual([null, null, null, null, null]);
  });
});
