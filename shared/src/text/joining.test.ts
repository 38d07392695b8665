import { describe, expect, it } from 'vitest';
import { isTransparent, isVirama, joinsAfter, joinsBefore, nonJoinerBreaksAJoin } from './joining';

/**
 * Canonical_Combining_Class 9 read from the engine's normalisation: NFD puts a run of marks in order
 * of their class, so a mark is of class 9 when it stays after U+3099 (class 8) and before U+05B0
 * (class 10), and moves past each from the other side.
 */
function hasClassNine(mark: string) {
  const order = (marks: string) => `a${marks}`.normalize('NFD').slice(1);
  return (
    order(`\u3099${mark}`) === `\u3099${mark}` &&
    order(`${mark}\u3099`) === `\u3099${mark}` &&
    order(`${mark}\u05B0`) === `${mark}\u05B0` &&
    order(`\u05B0${mark}`) === `${mark}\u05B0`
  );
}

describe('isVirama', () => {
  it('holds exactly the marks of combining class 9, as this engine’s Unicode data has them', () => {
    const differ: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      if (!/^\p{M}$/u.test(char) || code === 0x3099 || code === 0x05b0) continue;
      if (isVirama(char) !== hasClassNine(char)) differ.push(`U+${code.toString(16).toUpperCase()}`);
    }
    expect(differ).toEqual([]);
  });

  it('knows the Devanagari, Sinhala and Malayalam viramas, and not a vowel sign', () => {
    expect(['\u094D', '\u0DCA', '\u0D4D'].map(isVirama)).toEqual([true, true, true]);
    expect([isVirama('\u093F'), isVirama('a'), isVirama(undefined)]).toEqual([false, false, false]);
  });
});

describe('joining types', () => {
  it('tells dual-joining letters from right-joining ones, and marks as transparent', () => {
    // beh joins both ways; alef and waw only to the letter before them.
    expect(['\u0628', '\u0627', '\u0648', 'a'].map(joinsAfter)).toEqual([true, false, false, false]);
    expect(['\u0628', '\u0627', '\u0648', 'a'].map(joinsBefore)).toEqual([true, true, true, false]);
    expect(['\u064E', '\u0301', '\u200D', 'a'].map(isTransparent)).toEqual([true, true, false, false]);
  });

  it('finds a non-joiner between letters that would join, looking through vowel marks', () => {
    const at = (text: string) => nonJoinerBreaksAJoin(Array.from(text), Array.from(text).indexOf('\u200C'));
    expect([at('ی\u200Cخ'), at('بَّ\u200Cِب'), at('ا\u200Cب'), at('ب\u200Cء'), at('\u200Cب'), at('ب\u200C')]).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
