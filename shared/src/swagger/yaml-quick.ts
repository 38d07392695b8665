import { load, Schema, Type } from 'js-yaml';

/**
 * YAML 1.2's core schema exactly as `yaml` (the careful reading, yaml-source.ts) resolves plain
 * scalars: the same patterns, in the same order, built the same way. js-yaml's own core schema
 * differs at the edges (it reads 0b101 as 5, yaml as the text "0b101"). The tags are our own, so
 * that a file which names a tag itself (`!!int "3"`, `!!binary`) is unknown here and left to
 * the careful reading.
 */
const scalar = (name: string, test: RegExp, construct: (text: string) => unknown) =>
  new Type(`tag:keyway.dev,2026:${name}`, { kind: 'scalar', resolve: (text: string | null) => text !== null && test.test(text), construct });

const CORE_AS_YAML_READS_IT = new Schema({
  implicit: [
    // An empty plain scalar reaches resolve as null in js-yaml, as '' in yaml: both are null.
    new Type('tag:keyway.dev,2026:null', {
      kind: 'scalar',
      resolve: (text: string | null) => text === null || /^(?:~|[Nn]ull|NULL)?$/.test(text),
      construct: () => null,
    }),
    scalar('bool', /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === 't' || text[0] === 'T'),
    scalar('int-oct', /^0o[0-7]+$/, (text) => parseInt(text.substring(2), 8)),
    scalar('int', /^[-+]?[0-9]+$/, (text) => parseInt(text, 10)),
    scalar('int-hex', /^0x[0-9a-fA-F]+$/, (text) => parseInt(text.substring(2), 16)),
    scalar('float-nan', /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (text) =>
      text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
    ),
    scalar('float-exp', /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (text) => parseFloat(text)),
    scalar('float', /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (text) => parseFloat(text)),
  ],
});

/** What js-yaml's loader exposes to a listener: enough to tell whether the file used anchors or directives. */
interface LoaderState {
  anchorMap: Record<string, unknown>;
  version: string | null;
  tagMap: Record<string, string>;
}

/**
 * Text js-yaml reads otherwise than yaml, found by patterns that cost one pass whatever the input
 * (no unbounded quantifier that could try a run of characters from every start in it):
 * - explicit keys (`? key`), and collections as keys (`[a, b]: 1` at a line's start, `{[a]: 1}`
 *   in a flow mapping), which js-yaml flattens to "a,b" and yaml writes as "[ a, b ]";
 * - a lone carriage return, which yaml refuses as a line break;
 * - `---` or `...` run into text on the first line, which js-yaml takes for a document marker;
 * - a tab before the first character of a line, which yaml refuses in places js-yaml allows;
 * - a line whose first colon is more than 1024 characters in, where yaml refuses an implicit key.
 */
const READ_OTHERWISE = [
  /(?:^|[\s,[{])\?(?:[ \t]|$)/m,
  /^[ \t]*(?:-[ \t]+)*[[{][^\n]*[\]}][ \t]*:(?:[ \t]|$)/m,
  /[{,][ \t]*[[{][^\n\]}]{0,64}[\]}][ \t]*:(?:[ \t]|$)/,
  /\r(?!\n)/,
  /^(?:---|\.\.\.)[^\s]/,
  /^ *\t/m,
  /^[^\n:]{1025}/m,
];

/**
 * A YAML description read by js-yaml, about ten times faster than yaml's reading with positions,
 * or undefined wherever the careful reading must decide: anything js-yaml refuses (it refuses
 * duplicate keys and nesting deeper than `maxDepth` itself), anchors and aliases (their
 * expansion is limited there), tags and directives, a file that is not a mapping, null and
 * complex keys, and the text READ_OTHERWISE finds. What it returns is what the careful reading returns for the same text
 * (yaml-quick.test.ts checks the two against each other on generated documents).
 */
export function parseYamlQuickly(text: string, maxDepth: number): { value: Record<string, unknown> } | undefined {
  if (READ_OTHERWISE.some((pattern) => pattern.test(text))) return undefined;
  let state: LoaderState | undefined;
  let warned = false;
  let value: unknown;
  try {
    value = load(text, {
      schema: CORE_AS_YAML_READS_IT,
      maxDepth,
      listener(this: unknown, _event: string, loaderState: unknown) {
        state ??= loaderState as LoaderState;
      },
      onWarning: () => {
        warned = true;
      },
    } as Parameters<typeof load>[1]);
  } catch {
    return undefined;
  }
  if (!state || warned || state.version !== null || hasAny(state.anchorMap) || hasAny(state.tagMap)) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  if (hasKeyJsYamlMade(value)) return undefined;
  return { value: value as Record<string, unknown> };
}

function hasAny(record: Record<string, unknown>): boolean {
  for (const _ in record) return true;
  return false;
}

/**
 * Whether any object holds a key that js-yaml names differently from yaml: "null" (a null key,
 * which yaml names ""), "[object Object]" (a mapping as a key). One walk, linear in the value:
 * a tree, since aliases were ruled out.
 */
function hasKeyJsYamlMade(root: object): boolean {
  const pending: object[] = [root];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (!Array.isArray(next) && (Object.hasOwn(next, 'null') || Object.hasOwn(next, '[object Object]'))) return true;
    for (const child of Object.values(next)) if (child !== null && typeof child === 'object') pending.push(child as object);
  }
  return false;
}
