import {
  Composer,
  Lexer,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  visit,
} from 'yaml';
import type { CST, Document, Range, YAMLError } from 'yaml';
import type { DocumentPath } from './document-values';
import { parseJsonQuickly } from './json-source';
import { parseYamlQuickly } from './yaml-quick';

export interface SourcePosition {
  line: number;
  column: number;
}

export interface SourceProblem {
  message: string;
  position?: SourcePosition;
}

/** A parsed JSON or YAML file that still knows where each value came from. */
export interface SourceDocument {
  readonly value: unknown;
  /** True when no object in `value` is shared or contains itself (JSON); YAML aliases can do both. */
  readonly tree?: boolean;
  /** Where a person should look for `path`; for a missing value, its parent's key. */
  positionOf(path: DocumentPath): SourcePosition | undefined;
  /** A scalar exactly as written, e.g. "1.10" for a number that reads back as 1.1. */
  scalarSourceAt(path: DocumentPath): string | undefined;
}

export type ParseSourceResult =
  | { ok: true; document: SourceDocument }
  | { ok: false; problem: SourceProblem };

/**
 * The parser's stack grows by one per open collection. yaml's composer recurses
 * once per level and overflows the call stack after a few hundred; V8 has been
 * seen aborting the whole process (not throwing) on a later parse after such an
 * overflow. Real API descriptions stay far below this limit.
 */
export const MAX_NESTING_DEPTH = 100;

/** Aliases may be expanded at most this many times ("billion laughs" protection). */
export const MAX_ALIAS_COUNT = 50;

const COMPOSER_OPTIONS = {
  version: '1.2',
  // yaml compares every key of a map with every other (quadratic: a 470 kB file of 40,000 keys
  // took 7 s, 5 MB would take many minutes); findDuplicateKey does the same check with a Set.
  uniqueKeys: false,
  prettyErrors: false,
  // 'silent' would also hide the error for a second document; 'error' only keeps warnings off the console.
  logLevel: 'error',
} as const;

/**
 * Parses JSON or YAML (JSON is YAML 1.2), refusing input that could exhaust the stack or memory.
 * Plain, valid JSON is read by JSON.parse, plain YAML by js-yaml (each tens of times faster than
 * yaml on large files); where a value's position or source text is asked for, which only happens
 * to explain a problem, the careful reading runs then, once. Anything the quick readings leave
 * (errors, anchors and aliases, tags) is read carefully from the start.
 */
export function parseSource(text: string): ParseSourceResult {
  // The careful reading counts levels its own way: near the limit, it decides.
  const quick = looksLikeJson(text) ? parseJsonQuickly(text, MAX_NESTING_DEPTH - 2) : parseYamlQuickly(text, MAX_NESTING_DEPTH - 2);
  if (!quick) return parseCarefully(text);
  let careful: SourceDocument | undefined;
  const carefully = (): SourceDocument | undefined => {
    if (!careful) {
      const parsed = parseCarefully(text);
      careful = parsed.ok ? parsed.document : EMPTY_SOURCE;
    }
    return careful;
  };
  return {
    ok: true,
    document: {
      value: quick.value,
      tree: true,
      positionOf: (path) => carefully()?.positionOf(path),
      scalarSourceAt: (path) => carefully()?.scalarSourceAt(path),
    },
  };
}

/** What positions there are when the careful reading refuses what JSON.parse took: none. */
const EMPTY_SOURCE: SourceDocument = { value: undefined, positionOf: () => undefined, scalarSourceAt: () => undefined };

/** yaml's reading, with every position and every limit: what explains a problem where it is. */
export function parseCarefully(text: string): ParseSourceResult {
  const lineCounter = new LineCounter();
  const positionAt = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const language = looksLikeJson(text) ? 'JSON' : 'YAML';

  const tokens = tokenize(text, lineCounter);
  if ('tooDeepAt' in tokens) {
    return problem(
      `The file nests objects and lists too deeply to be read safely (the limit is ${MAX_NESTING_DEPTH} levels).`,
      positionAt(tokens.tooDeepAt),
    );
  }

  const [doc, extraDoc] = new Composer(COMPOSER_OPTIONS).compose(tokens.tokens, true, text.length);
  if (!doc) return problem('The file is empty.');
  if (extraDoc) {
    return problem(
      'The file contains more than one YAML document (separated by "---"); keep only the API description.',
      positionAt(extraDoc.range[0]),
    );
  }

  const [syntaxError] = doc.errors;
  if (syntaxError) {
    return problem(
      `This is not valid ${language}: ${describeSyntaxError(syntaxError)}`,
      positionAt(syntaxError.pos[0]),
    );
  }

  if (doc.contents === null) return problem('The file contains only comments; there is no API description in it.');

  const duplicate = findDuplicateKey(doc);
  if (duplicate) {
    return problem(
      `This is not valid ${language}: the same key appears twice in one object.`,
      duplicate.range ? positionAt(duplicate.range[0]) : undefined,
    );
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return aliasProblem(error, doc, positionAt);
  }

  return {
    ok: true,
    document: {
      value,
      positionOf: (path) => {
        const range = rangeToShow(doc, path);
        return range ? positionAt(range[0]) : undefined;
      },
      scalarSourceAt: (path) => {
        const found = lookUp(doc, path);
        return !found.missing && isScalar(found.node) ? found.node.source : undefined;
      },
    },
  };
}

function problem(message: string, position?: SourcePosition): ParseSourceResult {
  return { ok: false, problem: position ? { message, position } : { message } };
}

function looksLikeJson(text: string): boolean {
  return /^\uFEFF?\s*[{[]/.test(text);
}

/**
 * Runs yaml's parser one token at a time (what Parser.parse does internally)
 * so that runaway nesting is refused as soon as it appears: the parser slows
 * down sharply on deep input and the composer would overflow the stack.
 */
function tokenize(
  text: string,
  lineCounter: LineCounter,
): { tokens: CST.Token[] } | { tooDeepAt: number } {
  const parser = new Parser(lineCounter.addNewLine);
  // Parser.parse records the start of the first line itself; driving it by hand means doing it here.
  lineCounter.addNewLine(0);
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > MAX_NESTING_DEPTH) return { tooDeepAt: parser.offset };
  }
  for (const token of parser.end()) tokens.push(token);
  return { tokens };
}

/**
 * The first key that repeats an earlier key of the same map, as toJS would name both; linear
 * in the size of the file. The walk recurses, but the nesting is already held to MAX_NESTING_DEPTH.
 */
function findDuplicateKey(doc: Document.Parsed): { range?: Range } | undefined {
  let duplicate: { range?: Range } | undefined;
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const text = keyText(pair.key);
        if (text === undefined) continue;
        if (seen.has(text)) {
          const range = rangeOf(pair.key);
          duplicate = range ? { range } : {};
          return visit.BREAK;
        }
        seen.add(text);
      }
      return undefined;
    },
  });
  return duplicate;
}

function describeSyntaxError(error: YAMLError): string {
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return 'tabs are used for indentation; use spaces.';
    default:
      return error.message;
  }
}

function aliasProblem(
  error: unknown,
  doc: Document.Parsed,
  positionAt: (offset: number) => SourcePosition,
): ParseSourceResult {
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('Excessive alias count')) {
    return problem(
      `The file repeats YAML aliases (*name) more than ${MAX_ALIAS_COUNT} times; expanding them could exhaust memory, so it was not read.`,
    );
  }
  if (message.startsWith('Unresolved alias')) {
    const alias = findUnresolvedAlias(doc);
    const name = alias ? ` *${alias.source}` : '';
    return problem(
      `This is not valid YAML: the alias${name} refers to an anchor that is not defined before it.`,
      alias?.range ? positionAt(alias.range[0]) : undefined,
    );
  }
  throw error;
}

function findUnresolvedAlias(doc: Document.Parsed): { source: string; range?: Range } | undefined {
  let unresolved: { source: string; range?: Range } | undefined;
  visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) !== undefined) return undefined;
      unresolved = alias.range ? { source: alias.source, range: alias.range } : { source: alias.source };
      return visit.BREAK;
    },
  });
  return unresolved;
}

type Lookup =
  | { missing: false; node: unknown; anchor: Range | undefined }
  | { missing: true; anchor: Range | undefined };

/**
 * Follows `path` through the syntax tree. `anchor` is what a person would look
 * at for the last step taken: the key of a map entry, or the list item itself.
 */
function lookUp(doc: Document.Parsed, path: DocumentPath): Lookup {
  let node: unknown = doc.contents;
  let anchor: Range | undefined;
  for (const segment of path) {
    const entry = childEntry(resolveAlias(doc, node), segment);
    if (!entry) return { missing: true, anchor };
    node = entry.node;
    anchor = entry.anchor;
  }
  return { missing: false, node: resolveAlias(doc, node), anchor };
}

function childEntry(
  container: unknown,
  segment: string | number,
): { node: unknown; anchor: Range | undefined } | undefined {
  if (isMap(container) && typeof segment === 'string') {
    const pair = container.items.findLast((item) => keyText(item.key) === segment);
    return pair && { node: pair.value, anchor: rangeOf(pair.key) ?? rangeOf(pair.value) };
  }
  if (isSeq(container) && typeof segment === 'number') {
    const item: unknown = container.items[segment];
    return item === undefined ? undefined : { node: item, anchor: rangeOf(item) };
  }
  return undefined;
}

/** Matches how toJS turns keys into object property names. */
function keyText(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  return key.value === null ? '' : String(key.value);
}

function resolveAlias(doc: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function rangeOf(node: unknown): Range | undefined {
  return isNode(node) ? (node.range ?? undefined) : undefined;
}

/**
 * A scalar value is shown where it is written. A collection usually starts on
 * the line after its key, and an empty value has no text at all, so for those
 * the key is the better place to point at.
 */
function rangeToShow(doc: Document.Parsed, path: DocumentPath): Range | undefined {
  const found = lookUp(doc, path);
  if (found.missing) return found.anchor;
  if (isScalar(found.node) && found.node.value !== null) return rangeOf(found.node);
  return found.anchor ?? rangeOf(found.node);
}
