import { scriptLabel, scriptOf } from './scripts';

/** A word whose letters come from scripts that are not written together, such as Cyrillic "Ѕ" in "Ѕalesforce". */
export interface MixedScriptWord {
  word: string;
  /** The scripts its letters come from, in the order they first appear: ["Cyrillic", "Latin"]. */
  scripts: string[];
}

/**
 * UTS #39's "Highly Restrictive" level (section 5.2): a word is fine in a single script, or in one
 * of the combinations a language writes together: Japanese (Latin + Han + Hiragana + Katakana),
 * Chinese with Bopomofo (Latin + Han + Bopomofo), Korean (Latin + Han + Hangul).
 */
const WRITTEN_TOGETHER = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

/** Words are split at white space only, so that punctuation cannot cut one into harmless pieces. */
const wordsOf = (text: string) => text.split(/[\p{White_Space}\p{Zs}]+/u).filter((word) => word !== '');

const allowed = (scripts: Set<string>) => scripts.size <= 1 || WRITTEN_TOGETHER.some((set) => [...scripts].every((s) => set.has(s)));

/**
 * The words of a text that mix scripts, the mark of a look-alike name: a Cyrillic or Greek letter
 * that looks Latin inside a Latin word. Words are split at white space only, so punctuation cannot
 * cut "Ѕ-alesforce" into two harmless pieces. Digits, punctuation, emoji and combining marks
 * (Common and Inherited) count for no script. A wholly Cyrillic or wholly Greek word is
 * legitimate and not reported; telling whether it imitates a Latin one takes UTS #39's
 * confusables data, which this does not carry.
 */
export function mixedScriptWords(text: string): MixedScriptWord[] {
  // ASCII letters are all Latin.
  if (/^\p{ASCII}*$/u.test(text)) return [];
  const found: MixedScriptWord[] = [];
  for (const word of wordsOf(text)) {
    const scripts = new Set<string>();
    for (const char of word) {
      const script = scriptOf(char);
      if (script) scripts.add(script);
    }
    if (!allowed(scripts)) found.push({ word, scripts: [...scripts].map(scriptLabel) });
  }
  return found;
}

/** Whether any word of the text mixes scripts that are not written together. */
export const hasMixedScripts = (text: string) => mixedScriptWords(text).length > 0;

/** A word with characters made to look like ordinary letters or digits, such as the mathematical "𝐒" in "𝐒alesforce". */
export interface LookAlikeWord {
  word: string;
  /** Each such character once, in the order it first appears, with what it looks like: { character: "𝐒", looksLike: "S" }. */
  characters: { character: string; looksLike: string }[];
}

/**
 * Letters and digits that have a compatibility decomposition in Unicode (NFKC folds them) and are
 * drawn as the ordinary character in another style: mathematical alphanumerics ("𝐒", "𝖲", "𝟐"),
 * letterlike symbols ("ℌ", "ℓ"), full-width forms ("Ｓ"), Roman numerals ("Ⅼ"), ligatures ("ﬁ").
 * Left out are those drawn visibly apart from it: raised and lowered ones (modifier letters "ᵃ",
 * the ordinal indicators "ª" "º", and numbers such as "²" "₂"), circled and parenthesised ones
 * ("①", "Ⓢ", which are symbols or other numbers) and fractions ("½").
 */
const FOLDABLE = /^[\p{L}\p{Nl}\p{Nd}]$/u;
const RAISED = /^[\p{Lm}\u00AA\u00BA]$/u;

/**
 * What `char` imitates, or undefined: its NFKC form when that is ASCII ("𝐒" → "S", "ﬁ" → "fi") or
 * of another script than its own ("µ", the micro sign of no script, → Greek "μ"). A character that
 * folds into its own script is left out, as NFKC there often undoes ordinary spelling: Thai "ำ",
 * Armenian "և" and Korean jamo "ㅋ" are how those languages are written. Half-width katakana and
 * Arabic presentation forms go with them, although the latter do pass for the plain letters.
 * Before VS16 a character is an emoji ("ℹ" + VS16, the information sign), not a letter.
 */
function imitated(char: string, next: string | undefined): string | undefined {
  if (!FOLDABLE.test(char) || RAISED.test(char) || next === '\uFE0F') return undefined;
  const folded = char.normalize('NFKC');
  if (folded === char.normalize('NFC')) return undefined;
  if (/^[\x21-\x7e]+$/.test(folded)) return folded;
  const own = scriptOf(char);
  return Array.from(folded).some((c) => scriptOf(c) !== null && scriptOf(c) !== own) ? folded : undefined;
}

/**
 * The words of a text that hold compatibility look-alikes, characters that UTS #39 keeps out of
 * identifiers as not NFKC-stable (section 3.1, Identifier_Type=Not_NFKC) because they read as the
 * letters they fold to. A warning beside the text, not a refusal: ligatures and full-width letters
 * are also pasted innocently, from PDFs and Japanese input methods, and unlike a hidden character
 * they are seen. Words are split as in mixedScriptWords, and a word is listed once.
 */
export function lookAlikeWords(text: string): LookAlikeWord[] {
  if (/^\p{ASCII}*$/u.test(text)) return [];
  const found: LookAlikeWord[] = [];
  for (const word of wordsOf(text)) {
    const chars = Array.from(word);
    const characters = new Map<string, string>();
    chars.forEach((char, i) => {
      const looksLike = characters.has(char) ? undefined : imitated(char, chars[i + 1]);
      if (looksLike !== undefined) characters.set(char, looksLike);
    });
    if (characters.size > 0) found.push({ word, characters: [...characters].map(([character, looksLike]) => ({ character, looksLike })) });
  }
  return found;
}
