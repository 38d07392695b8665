import { isVirama, nonJoinerBreaksAJoin } from './joining';
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
 * combining grapheme joiner), and the Braille pattern blank, a symbol with no dots that is drawn as
 * a space which neither trim() nor a search for spaces finds.
 */
const HIDDEN = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}\p{Default_Ignorable_Code_Point}\u2800]$/u;

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
  0x2800: 'Braille pattern blank',
  0xe0001: 'language tag',
  0xe007f: 'cancel tag',
};

function nameOf(cp: number, kind: HiddenCharacterKind): string | undefined {
  if (NAMES[cp]) return NAMES[cp];
  if (cp >= 0xfe00 && cp <= 0xfe0f) return `variation selector-${cp - 0xfe00 + 1}`;
  if (cp >= 0xe0100 && cp <= 0xe01ef) return `variation selector-${cp - 0xe0100 + 17}`;
  // A tag is an ASCII character made invisible: saying which lets a person read what was hidden.
  if (cp >= 0xe0020 && cp <= 0xe007e) return `tag "${String.fromCharCode(cp - 0xe0000)}"`;
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
const EMOJI_MODIFIER = /^\p{Emoji_Modifier}$/u;
const EMOJI = /^\p{Emoji}$/u;
const EMOJI_PRESENTATION = /^\p{Emoji_Presentation}$/u;
/** Emoji=Yes, Emoji_Presentation=No: drawn as text or as a picture depending on the platform, unless a selector says which. */
const isTextDefaultEmoji = (char: string) => EMOJI.test(char) && !EMOJI_PRESENTATION.test(char);
const KEYCAP_BASE = /^[#*0-9]$/;
const ZWJ = 0x200d;
const ZWNJ = 0x200c;
const VS15 = 0xfe0e;
const VS16 = 0xfe0f;
const BLACK_FLAG = 0x1f3f4;
const CANCEL_TAG = 0xe007f;
const isTag = (c: number) => c >= 0xe0020 && c <= 0xe007f;

/**
 * The subdivision flags of UTS #51 that are recommended for general interchange (RGI): England,
 * Scotland, Wales. The grammar allows any subdivision code (🏴 + 2–6 tag letters or digits + the
 * cancel tag), but no platform draws another one: it shows a bare black flag, and the tags after
 * it would carry text nobody sees.
 */
const SUBDIVISION_FLAGS = new Set(['gbeng', 'gbsct', 'gbwls']);

/**
 * The emoji ZWJ sequences recommended for general interchange, from the engine's own emoji data
 * (Unicode 17 in this project's Node 20, with ICU 78): a joiner between two emoji that form none of them is drawn as
 * nothing ("🚀‍🚀" looks like "🚀🚀"). Where the engine lacks the `v` flag, any sequence that
 * UTS #51's grammar allows is taken instead. The longest has 4 emoji (a family, a kiss).
 */
const RGI_EMOJI_ZWJ_SEQUENCE = (() => {
  try {
    return new RegExp('^\\p{RGI_Emoji_ZWJ_Sequence}$', 'v');
  } catch {
    return undefined;
  }
})();
const LONGEST_ZWJ_SEQUENCE = 4;

/** An emoji as one element of a ZWJ sequence: a pictograph, then a skin tone or VS16. Where it ends, or -1. */
function emojiElementEnd(chars: readonly string[], i: number): number {
  if (!EXTENDED_PICTOGRAPHIC.test(chars[i] ?? '')) return -1;
  const next = chars[i + 1];
  return cp(next) === VS16 || EMOJI_MODIFIER.test(next ?? '') ? i + 2 : i + 1;
}

/**
 * The joiners that join emoji: runs of elements joined by U+200D are read once, left to right, and
 * in each the longest recommended sequence of up to four elements is taken from where the last one
 * ended. An element that lacks its VS16 ("🏳‍🌈", minimally qualified) is matched as if it had it.
 */
function emojiJoiners(chars: readonly string[], drawn: Set<number>) {
  // A text that repeats one emoji asks the same question again: the answer is remembered.
  const known = new Map<string, boolean>();
  let i = 0;
  while (i < chars.length) {
    const starts = [i];
    let end = emojiElementEnd(chars, i);
    if (end < 0) {
      i++;
      continue;
    }
    const ends = [end];
    while (cp(chars[end]) === ZWJ) {
      const next = emojiElementEnd(chars, end + 1);
      if (next < 0) break;
      starts.push(end + 1);
      ends.push(next);
      end = next;
    }
    for (let first = 0; first < starts.length - 1; ) {
      let length = Math.min(LONGEST_ZWJ_SEQUENCE, starts.length - first);
      for (; length >= 2; length--) {
        if (isZwjSequence(chars, starts.slice(first, first + length), ends.slice(first, first + length), known)) break;
      }
      if (length < 2) {
        first++;
        continue;
      }
      for (let k = first; k < first + length - 1; k++) drawn.add(ends[k]!);
      first += length;
    }
    i = end;
  }
}

function isZwjSequence(chars: readonly string[], starts: number[], ends: number[], known: Map<string, boolean>): boolean {
  if (!RGI_EMOJI_ZWJ_SEQUENCE) return true;
  const sequence = starts
    .map((start, k) => {
      const element = chars.slice(start, ends[k]).join('');
      return ends[k]! - start === 1 && isTextDefaultEmoji(element) ? `${element}\uFE0F` : element;
    })
    .join('\u200D');
  let answer = known.get(sequence);
  if (answer === undefined) known.set(sequence, (answer = RGI_EMOJI_ZWJ_SEQUENCE.test(sequence)));
  return answer;
}

/** The tag characters of a recommended subdivision flag. Each run of tags is read once. */
function flagTags(chars: readonly string[], drawn: Set<number>) {
  for (let i = 0; i < chars.length; i++) {
    if (cp(chars[i]) !== BLACK_FLAG || !isTag(cp(chars[i + 1]))) continue;
    let end = i + 1;
    while (end < chars.length && isTag(cp(chars[end])) && cp(chars[end]) !== CANCEL_TAG) end++;
    const spec = chars.slice(i + 1, end).map((tag) => String.fromCharCode(cp(tag) - 0xe0000)).join('');
    if (cp(chars[end]) === CANCEL_TAG && SUBDIVISION_FLAGS.has(spec)) for (let k = i + 1; k <= end; k++) drawn.add(k);
    i = end;
  }
}

/**
 * The few places where an otherwise hidden character is part of something drawn. Anywhere else it
 * shows nothing, or nothing that the text without it would not show:
 * - a zero-width joiner inside a recommended emoji ZWJ sequence ("👩‍💻"), and a tag inside a
 *   recommended subdivision flag (found beforehand, in `drawn`);
 * - either joiner as IDNA's CONTEXTJ rules allow them (RFC 5892, appendix A): directly after a
 *   virama ("ශ්‍රී", "क्‍ष"), and the non-joiner also where two letters would otherwise join
 *   ("می‌خواهم"). Between two Devanagari letters without a virama, or in Latin, they change nothing;
 * - VS16 and VS15 after an emoji that is drawn as text on some platforms and as a picture on
 *   others (Emoji=Yes, Emoji_Presentation=No: the heart, "❤" + VS16 or VS15), where they say
 *   which. After an emoji that is a picture everywhere ("😀" + VS16) they change nothing, and
 *   after a letter they are nothing. Keycap bases take VS16 only in a keycap ("1" + VS16 + U+20E3);
 * - ideographic variation selectors after a Han character (the forms of a family name), and
 *   Mongolian's own selectors after a Mongolian letter.
 */
function drawnInContext(chars: readonly string[], i: number, drawn: Set<number>): boolean {
  if (drawn.has(i)) return true;
  const c = cp(chars[i]);
  const prev = chars[i - 1];
  if (c === ZWJ || c === ZWNJ) return isVirama(prev) || (c === ZWNJ && nonJoinerBreaksAJoin(chars, i));
  if (c === VS15 || c === VS16) {
    if (!prev || !isTextDefaultEmoji(prev)) return false;
    return !KEYCAP_BASE.test(prev) || (c === VS16 && cp(chars[i + 1]) === 0x20e3);
  }
  if ((c >= 0xfe00 && c <= 0xfe0d) || (c >= 0xe0100 && c <= 0xe01ef)) return !!prev && scriptOf(prev) === 'Han';
  if (c >= 0x180b && c <= 0x180f) return !!prev && scriptOf(prev) === 'Mongolian';
  return false;
}

/**
 * A constant number of passes over the text, each reading a character a bounded number of times:
 * the emoji and flag passes move on past each run they read, an emoji sequence is matched in
 * windows of at most four emoji, and a non-joiner looks only through the marks next to it.
 */
function hiddenIndexes(text: string, options: DisplayTextOptions): { chars: string[]; indexes: number[] } {
  const chars = Array.from(text);
  const drawn = new Set<number>();
  if (text.includes('\u200D')) emojiJoiners(chars, drawn);
  if (text.includes('\u{1F3F4}')) flagTags(chars, drawn);
  const indexes: number[] = [];
  chars.forEach((char, i) => {
    if (!HIDDEN.test(char)) return;
    if (options.multiline && (char === '\n' || char === '\t')) return;
    if (!drawnInContext(chars, i, drawn)) indexes.push(i);
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

/**
 * NFC (the W3C's form for the web: "e" + combining acute becomes "é"), look-alike spaces as
 * spaces, line breaks as "\n". In a title a run of spaces becomes one: HTML shows it as one, so
 * "Sales  force" would look like "Sales force". A description keeps its spacing, as it keeps its
 * tabs and line breaks: shown with them (white-space: pre-wrap) a run of spaces is seen too, it
 * lines up pasted notes, and a description is read rather than used to tell one thing from another.
 */
export function normaliseDisplayText(text: string, options: DisplayTextOptions = {}): string {
  const normalised = text.normalize('NFC').replace(SPACE_LOOKALIKES, ' ');
  return options.multiline ? normalised.replace(/\r\n?/g, '\n') : normalised.replace(/ {2,}/g, ' ');
}

/**
 * The most nonspacing or enclosing marks (accents, vowel points, subjoined letters) on one
 * character. Languages stack up to four (Hebrew: a letter, its dagesh, shin dot, vowel and accent;
 * Tibetan: two subjoined letters and a vowel); more is "Zalgo" text, whose marks spill over the
 * lines around it. Spacing marks (the vowel signs of Indic scripts) take their own room and are
 * not counted, but do not end the run either.
 */
export const MAX_COMBINING_MARKS = 4;

const MARK = /^\p{M}$/u;
const STACKING_MARK = /^[\p{Mn}\p{Me}]$/u;

/** The first character that carries more than MAX_COMBINING_MARKS marks: its position (from 1) and how many. */
export function findStackedMarks(text: string): { position: number; count: number } | undefined {
  if (/^[\x20-\x7e]*$/.test(text)) return undefined;
  let position = 0;
  // Where the marks' character is; 0 while the text opens with marks, which are then counted from 1.
  let base = 0;
  let count = 0;
  for (const char of text) {
    position++;
    if (!MARK.test(char)) {
      base = position;
      count = 0;
    } else if (STACKING_MARK.test(char) && ++count > MAX_COMBINING_MARKS) {
      // Count the rest of the run, once, to say how many there are.
      for (const rest of Array.from(text).slice(position)) {
        if (!MARK.test(rest)) break;
        if (STACKING_MARK.test(rest)) count++;
      }
      return { position: Math.max(base, 1), count };
    }
  }
  return undefined;
}
