import { formatPath, getOwn, quote } from './document-values';
import type { DocumentPath } from './document-values';

/**
 * Keyway never resolves `$ref`. What it needs from a description (format, title, version,
 * Scheme, Host and Base Path) sits at fixed places that a `$ref` cannot replace: `swagger`,
 * `openapi`, `info`, `host`, `basePath`, `schemes` and `servers` are never Reference Objects.
 * So no file is opened and no URL fetched, and a `$ref` that points back at itself (a schema
 * that contains itself, A → B → A) is just a string that is never followed.
 *
 * A `$ref` to another file or a URL still deserves a word: a split description's paths may
 * live elsewhere, and the operation count then misses them. That is a note, not a refusal,
 * because the description remains usable for what Keyway reads from it.
 */
export interface ExternalReferences {
  count: number;
  /** The first in document order. */
  first?: { ref: string; path: DocumentPath };
}

interface Visit {
  value: unknown;
  key?: string | number;
  parent?: Visit;
}

/**
 * Every `$ref` whose value is not a fragment of this document ("#/definitions/Pet").
 * Iterative, and each object is visited once: YAML aliases can make the parsed value
 * share objects or even contain itself (`a: &a [*a]`), and deep values must not exhaust
 * the call stack.
 */
export function findExternalReferences(root: unknown, { tree = false }: { tree?: boolean } = {}): ExternalReferences {
  // Nearly every description has none: one light walk says so, and only a description that has
  // some pays for the walk that finds the first in document order and its path.
  const count = countExternalReferences(root, tree);
  if (count === 0) return { count };
  return { ...firstExternalReference(root), count };
}

/**
 * How many external `$ref`s, in no particular order: values only on the stack, no paths kept. A
 * `tree` (parsed JSON: nothing shared, nothing contains itself) needs no record of what was seen.
 */
function countExternalReferences(root: unknown, tree: boolean): number {
  let count = 0;
  const seen = tree ? undefined : new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (seen) {
      if (seen.has(value)) continue;
      seen.add(value);
    }
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) stack.push(item);
      continue;
    }
    const object = value as Record<string, unknown>;
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue;
      const child = object[key];
      if (key === '$ref' && typeof child === 'string' && isExternal(child)) count++;
      else if (typeof child === 'object' && child !== null) stack.push(child);
    }
  }
  return count;
}

function firstExternalReference(root: unknown): ExternalReferences {
  const found: ExternalReferences = { count: 0 };
  const seen = new Set<object>();
  const stack: Visit[] = [{ value: root }];
  for (let visit = stack.pop(); visit; visit = stack.pop()) {
    const { value } = visit;
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      // Pushed in reverse, so that they come off the stack in document order.
      for (let index = value.length - 1; index >= 0; index--) {
        stack.push({ value: value[index] as unknown, key: index, parent: visit });
      }
      continue;
    }
    const ref = getOwn(value as Record<string, unknown>, '$ref');
    if (typeof ref === 'string' && isExternal(ref)) {
      found.count++;
      found.first ??= { ref, path: pathOf({ value: ref, key: '$ref', parent: visit }) };
    }
    const entries = Object.entries(value);
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, child] = entries[index]!;
      stack.push({ value: child, key, parent: visit });
    }
  }
  return found;
}

/** '' and '#…' name this document; anything else ("common.yaml#/Pet", "https://…") another. */
function isExternal(ref: string): boolean {
  const trimmed = ref.trim();
  return trimmed !== '' && !trimmed.startsWith('#');
}

function pathOf(visit: Visit): DocumentPath {
  const path: (string | number)[] = [];
  for (let step: Visit | undefined = visit; step?.key !== undefined; step = step.parent) path.push(step.key);
  return path.reverse();
}

/** A plain note for the summary's warnings, or nothing when every `$ref` stays in the file. */
export function externalReferenceWarning(root: unknown, options: { tree?: boolean } = {}): string | undefined {
  const { count, first } = findExternalReferences(root, options);
  if (!first) return undefined;
  const consequence =
    'Keyway does not open other files or URLs, so what they point to is not read or counted; Scheme, Host and Base Path come from this file alone.';
  if (count === 1) {
    return `${formatPath(first.path)} points outside this file, to ${quote(first.ref)}. ${consequence.replace('they point', 'it points')}`;
  }
  return `${count} $ref values point outside this file (the first, ${formatPath(first.path)}, to ${quote(first.ref)}). ${consequence}`;
}
