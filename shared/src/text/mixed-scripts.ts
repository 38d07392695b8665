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
  for (const word of text.split(/[\p{White_Space}\p{Zs}]+/u)) {
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
