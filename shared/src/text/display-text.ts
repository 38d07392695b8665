import { z } from 'zod';
import { scriptOf } from './scripts';

/**
 * Text that people name things with and other people read: titles, descriptions. Such text must
 * look like what it is. Characters that show nothing can make two names look the same
 * ("Sales\u200Bforce"), reorder what is shown ("\u202Egnp.exe" reads "exe.png"), or cut a line
 * short in a log (NUL); they are refused with a message that names them and says where they are.
 */

export interface DisplayTextOptions {
  /**
   * A description of several lines keeps its line breaks ("\n", with "\r\n" and "\r" made "\n")
   * and tabs: they show as what they are, and pasted notes have them. A title is one line.
   */
  multiline?: boolean;
}

export type HiddenCharacterKind = 'control' | 'invisible' | 'private-use' | 'unassigned' | 'broken';

export interface HiddenCharacter {
  /** "U+202E" */
  code: string;
  /** Where it is, counting characters (code points) from 1. */
  position: number;
  /** What it is called, when it has a name a person may search for. */
  name?: string;
  kind: HiddenCharacterKind;
}

/**
 * Control (Cc), format (Cf), line and paragraph separators (Zl, Zp), private-use (Co), unassigned
 * (Cn) and lone surrogates (Cs), and the default-ignorable characters that fonts draw as nothing
 * although their category says letter or mark (Hangul fillers, variation selectors, the
 * combining grapheme joiner).
 */
const HIDDEN = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}\p{Default_Ignorable_Code_Point}]$/u;

/**
 * Spaces that look like the ordinary one (no-break, thin, hair, figure, narrow no-break…): two
 * titles that differ only in one of them look alike, so they become U+0020. The ideographic space
 * (U+3000) is wider and stays; so does the Ogham space mark, which is drawn.
 */
const SPACE_LOOKALIKES = /[\u00A0\u2000-\u200A\u202F\u205F]/g;

const NAMES: Record<number, string> = {
  0x00: 'null',
  0x09: 'tab',
  0x0a: 'line break',
  0x0d: 'carriage return',
  0x1b: 'escape',
  0x7f: 'delete',
  0x85: 'next line',
  0xad: 'soft hyphen',
  0x34f: 'combining grapheme joiner',
  0x61c: 'Arabic letter mark',
  0x115f: 'Hangul filler',
  0x1160: 'Hangul filler',
  0x3164: 'Hangul filler',
  0xffa0: 'Hangul filler',
  0x180e: 'Mongolian vowel separator',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2060: 'word joiner',
  0x2061: 'function application',
  0x2062: 'invisible times',
  0x2063: 'invisible separator',
  0x2064: 'invisible plus',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0xfeff: 'zero-width no-break space, or byte order mark',
  0xfff9: 'interlinear annotation anchor',
  0xfffa: 'interlinear annotation separator',
  0xfffb: 'interlinear annotation terminator',
  0xe0001: 'language tag',
};

function nameOf(cp: number, kind: HiddenCharacterKind): string | undefined {
  if (NAMES[cp]) return NAMES[cp];
  if (cp >= 0xfe00 && cp <= 0xfe0f) return `variation selector-${cp - 0xfe00 + 1}`;
  if (cp >= 0xe0100 && cp <= 0xe01ef) return `variation selector-${cp - 0xe0100 + 17}`;
  if (cp >= 0xe0020 && cp <= 0xe007f) return 'tag';
  if (cp >= 0x180b && cp <= 0x180f) return 'Mongolian free variation selector';
  if (kind === 'private-use') return 'private use, no standard meaning';
  if (kind === 'broken') return 'half of a surrogate pair';
  return undefined;
}

function kindOf(char: string): HiddenCharacterKind {
  if (/\p{Cc}/u.test(char)) return 'control';
  if (/\p{Cs}/u.test(char)) return 'broken';
  if (/\p{Co}/u.test(char)) return 'private-use';
  if (/\p{Cn}/u.test(char)) return 'unassigned';
  return 'invisible';
}

const cp = (char: string | undefined) => char?.codePointAt(0) ?? -1;
const EXTENDED_PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
const EMOJI = /^\p{Emoji}$/u;
const EMOJI_MODIFIER = /^\p{Emoji_Modifier}$/u;
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const isTag = (c: number) => c >= 0xe0020 && c <= 0xe007f;

/**
 * Scripts whose letters join or take a virama, where a zero-width (non-)joiner between two of
 * their letters changes what is drawn (the Persian "می‌خواهم", the Sinhala "ශ්‍රී"), as IDNA's
 * CONTEXTJ rules allow them (RFC 5892, appendix A). In Latin, Greek or Cyrillic they change nothing.
 */
const JOINING_SCRIPTS = new Set([
  'Arabic', 'Syriac', 'Nko', 'Mongolian', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada',
  'Malayalam', 'Sinhala', 'Khmer', 'Myanmar', 'Tibetan',
]);

/**
 * The few places where an otherwise hidden character is part of something drawn: emoji
 * sequences ("👩‍💻", "❤️", "1️⃣", a subdivision flag), joiners inside a word of a joining script,
 * ideographic variation selectors after a Han character (the forms of a family name), and
 * Mongolian's own selectors. Anywhere else they show nothing.
 */
function drawnInContext(chars: string[], i: number): boolean {
  const c = cp(chars[i]);
  const prev = chars[i - 1];
  const next = chars[i + 1];
  if (c === 0x200d) {
    let base = i - 1;
    while (base > 0 && (cp(chars[base]) === 0xfe0f || EMOJI_MODIFIER.test(chars[base] ?? ''))) base--;
    if (EXTENDED_PICTOGRAPHIC.test(chars[base] ?? '') && EXTENDED_PICTOGRAPHIC.test(next ?? '')) return true;
  }
  if (c === 0x200c || c === 0x200d) {
    if (!prev || !next || !LETTER_OR_MARK.test(prev) || !LETTER_OR_MARK.test(next)) return false;
    const script = scriptOf(prev);
    return script !== null && script === scriptOf(next) && JOINING_SCRIPTS.has(script);
  }
  if (c === 0xfe0e || c === 0xfe0f) {
    return !!prev && (EXTENDED_PICTOGRAPHIC.test(prev) || (EMOJI.test(prev) && cp(next) === 0x20e3));
  }
  if ((c >= 0xfe00 && c <= 0xfe0d) || (c >= 0xe0100 && c <= 0xe01ef)) return !!prev && scriptOf(prev) === 'Han';
  if (c >= 0x180b && c <= 0x180f) return !!prev && scriptOf(prev) === 'Mongolian';
  if (isTag(c)) {
    // 🏴 + tag letters + cancel tag: the flag of England, Scotland, Wales.
    let start = i;
    while (start > 0 && isTag(cp(chars[start - 1]))) start--;
    let end = i;
    while (end < chars.length - 1 && isTag(cp(chars[end + 1]))) end++;
    return cp(chars[start - 1]) === 0x1f3f4 && cp(chars[end]) === 0xe007f && end > start;
  }
  return false;
}

function hiddenIndexes(text: string, options: DisplayTextOptions): { chars: string[]; indexes: number[] } {
  const chars = Array.from(text);
  const indexes: number[] = [];
  chars.forEach((char, i) => {
    if (!HIDDEN.test(char)) return;
    if (options.multiline && (char === '\n' || char === '\t')) return;
    if (!drawnInContext(chars, i)) indexes.push(i);
  });
  return { chars, indexes };
}

const codeOf = (char: string) => `U+${cp(char).toString(16).toUpperCase().padStart(4, '0')}`;

/** Every character in the text that shows nothing where it is, in order. */
export function findHiddenCharacters(text: string, options: DisplayTextOptions = {}): HiddenCharacter[] {
  // A plain ASCII title, the usual case, has nothing to find beyond its control characters.
  if (/^[\x20-\x7e]*$/.test(text)) return [];
  const { chars, indexes } = hiddenIndexes(text, options);
  return indexes.map((i) => {
    const char = chars[i]!;
    const kind = kindOf(char);
    const name = nameOf(cp(char), kind);
    return { code: codeOf(char), position: i + 1, kind, ...(name ? { name } : {}) };
  });
}

const KIND_WORDS: Record<HiddenCharacterKind, string> = {
  control: 'control character',
  invisible: 'invisible character',
  'private-use': 'private-use character',
  unassigned: 'unassigned character',
  broken: 'broken character',
};

/** "Remove the invisible character U+202E (right-to-left override) at position 1", and how many more there are. */
export function hiddenCharacterMessage(found: readonly HiddenCharacter[]): string {
  const [first, ...rest] = found;
  if (!first) return '';
  const more = rest.length === 0 ? '' : `, and ${rest.length} more hidden character${rest.length === 1 ? '' : 's'}`;
  return `Remove the ${KIND_WORDS[first.kind]} ${first.code}${first.name ? ` (${first.name})` : ''} at position ${first.position}${more}`;
}

/**
 * Text stored before such characters were refused, as it can be shown: each hidden character
 * becomes a visible marker such as "⟨U+202E⟩", so nothing is reordered or hidden, and what was
 * there can still be read and reported.
 */
export function showHiddenCharacters(text: string, options: DisplayTextOptions = {}): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const { chars, indexes } = hiddenIndexes(text, options);
  if (indexes.length === 0) return text;
  const hidden = new Set(indexes);
  return chars.map((char, i) => (hidden.has(i) ? `⟨${codeOf(char)}⟩` : char)).join('');
}

/** NFC (the W3C's form for the web: "e" + combining acute becomes "é"), look-alike spaces as spaces, line breaks as "\n". */
export function normaliseDisplayText(text: string, options: DisplayTextOptions = {}): string {
  const normalised = text.normalize('NFC').replace(SPACE_LOOKALIKES, ' ');
  return options.multiline ? normalised.replace(/\r\n?/g, '\n') : normalised;
}

/**
 * The zod building block for such text: normalised first, then checked, and the caller adds
 * trim, min and max as for any string, so length counts the normalised text and a leading
 * byte order mark, which trim() would silently drop, is reported like any other:
 * `displayText().trim().min(1, 'Title is required').max(100, …)`.
 */
export function displayText(options: DisplayTextOptions = {}) {
  return z
    .string()
    .overwrite((text) => normaliseDisplayText(text, options))
    .superRefine((text, ctx) => {
      const found = findHiddenCharacters(text, options);
      if (found.length > 0) ctx.addIssue({ code: 'custom', message: hiddenCharacterMessage(found) });
    });
}
