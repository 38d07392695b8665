/** Where a value sits in the parsed document: object keys and list indexes, from the root. */
export type DocumentPath = readonly (string | number)[];

/** "servers[0].url", "paths./pets.get": the spelling people see in problems. */
export function formatPath(path: DocumentPath): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      return index === 0 ? segment : `.${segment}`;
    })
    .join('');
}

/**
 * Thrown while checking a parsed document. Checks stop at the first problem,
 * and throwing keeps each check a straight line instead of threading results
 * through every helper; readApiDescription turns it into a located problem.
 */
export class DescriptionError extends Error {
  readonly path: DocumentPath;

  constructor(path: DocumentPath, message: string) {
    super(message);
    this.name = 'DescriptionError';
    this.path = path;
  }
}

export function fail(path: DocumentPath, message: string): never {
  throw new DescriptionError(path, message);
}

export type DocumentObject = Record<string, unknown>;

export function isDocumentObject(value: unknown): value is DocumentObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own keys only, so that keys like "constructor" or "__proto__" never reach Object.prototype. */
export function getOwn(object: DocumentObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** YAML writes an absent optional value as an empty field ("host:"), which parses as null. */
export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

const QUOTED_TEXT_LIMIT = 60;

/**
 * Names a value for a problem message ("found a list", "found "3.2.0"").
 * `sourceText` is the number as written, since 1.10 would otherwise read back as 1.1.
 */
export function describeValue(value: unknown, sourceText?: string): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return `the number ${sourceText ?? String(value)}`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'an object';
}

export function quote(text: string): string {
  const shortened =
    text.length > QUOTED_TEXT_LIMIT ? `${text.slice(0, QUOTED_TEXT_LIMIT)}…` : text;
  return JSON.stringify(shortened);
}
