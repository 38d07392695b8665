/**
 * The quick reading of a JSON description: JSON.parse for the value, then one linear scan of the
 * text for what JSON.parse lets through (a key twice in one object: it keeps the last, so the
 * value has fewer properties than the text has keys) and what would hurt later (nesting deeper
 * than `maxDepth`). It never explains a problem: when the text
 * is not plain, valid JSON within those limits it answers undefined, and the careful reading
 * (yaml-source.ts) says what is wrong and where, in the same words as ever.
 */
export function parseJsonQuickly(text: string, maxDepth: number): { value: unknown } | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  const keysWritten = countKeysWritten(body, maxDepth);
  // JSON.parse keeps one property per name: fewer properties than keys written is a key repeated.
  return keysWritten !== undefined && keysWritten === countProperties(value) ? { value } : undefined;
}

const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;

/** What each open level is: an array, an object whose next string is a key, or one whose next string is a value. */
const ARRAY = 0;
const KEY_NEXT = 1;
const VALUE_NEXT = 2;

/**
 * The keys written in valid JSON (JSON.parse has just read it), counted without building
 * anything; undefined at the first level beyond `maxDepth`. One pass over the characters, strings
 * skipped with indexOf.
 */
function countKeysWritten(text: string, maxDepth: number): number | undefined {
  const levels: number[] = [];
  let keys = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      if (levels[levels.length - 1] === KEY_NEXT) {
        keys++;
        levels[levels.length - 1] = VALUE_NEXT;
      }
      i = stringEnd(text, i);
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (levels.push(c === OPEN_BRACE ? KEY_NEXT : ARRAY) > maxDepth) return undefined;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      levels.pop();
    } else if (c === COMMA && levels[levels.length - 1] === VALUE_NEXT) {
      levels[levels.length - 1] = KEY_NEXT;
    }
  }
  return keys;
}

/** Own properties of every object in a parsed JSON value (a tree: JSON has no shared values). */
function countProperties(root: unknown): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) stack.push(item);
      continue;
    }
    const object = value as Record<string, unknown>;
    for (const key in object) {
      count++;
      const child = object[key];
      if (typeof child === 'object' && child !== null) stack.push(child);
    }
  }
  return count;
}

/** The index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    // JSON.parse accepted the text, so every string is closed.
    let backslashes = 0;
    for (let j = quote - 1; text.charCodeAt(j) === BACKSLASH; j -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    i = quote + 1;
  }
}
