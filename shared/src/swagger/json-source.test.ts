import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonQuickly } from './json-source';
import { MAX_NESTING_DEPTH, parseCarefully, parseSource } from './yaml-source';

const outcome = (parsed: ReturnType<typeof parseSource>) => (parsed.ok ? { ok: true, value: parsed.document.value } : { ok: false, problem: parsed.problem });
const carefulValue = (text: string) => outcome(parseCarefully(text));

/** Objects and arrays as JSON texts, with the keys and strings that trip readers: escapes, unicode, __proto__. */
const trickyKey = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'a"b', 'a\\b', '\u00e9', '\ud83d\ude00', '', '0', '$ref'));
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string(),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(trickyKey, tie('value'), { maxKeys: 5 }),
})).object;

describe('the quick JSON reading agrees with the careful one', () => {
  it('reads every generated JSON document to the same value, however it is spaced', () => {
    fc.assert(
      fc.property(jsonValue, fc.constantFrom(undefined, 2, '\t'), (value, space) => {
        const text = JSON.stringify(value, null, space);
        const quick = parseJsonQuickly(text, MAX_NESTING_DEPTH - 2);
        expect(quick).toBeDefined();
        expect(carefulValue(text)).toEqual({ ok: true, value: quick!.value });
      }),
      { numRuns: 300 },
    );
  });

  it('leaves a key given twice in one object to the careful reading, which names where', () => {
    fc.assert(
      fc.property(jsonValue, trickyKey, (value, key) => {
        const inner = JSON.stringify(value);
        // The same key twice, the second spelled with escapes where it has any letter to escape.
        const again = JSON.stringify(key).replace(/[a-z]/, (letter) => `\\u00${letter.charCodeAt(0).toString(16)}`);
        const text = `{${JSON.stringify(key)}: 1, "nested": ${inner}, ${again}: 2}`;
        expect(parseJsonQuickly(text, MAX_NESTING_DEPTH - 2)).toBeUndefined();
        const parsed = parseSource(text);
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) expect(parsed.problem).toMatchObject({ message: expect.stringContaining('the same key appears twice'), position: { line: 1 } });
      }),
      { numRuns: 200 },
    );
  });

  it('leaves what is not JSON, and nesting near the limit, to the careful reading', () => {
    for (const text of ['{"a": 1,}', '{"a": 1} {"b": 2}', `${'['.repeat(MAX_NESTING_DEPTH)}${']'.repeat(MAX_NESTING_DEPTH)}`, 'openapi: 3.0.3']) {
      expect(parseJsonQuickly(text, MAX_NESTING_DEPTH - 2)).toBeUndefined();
      expect(outcome(parseSource(text))).toEqual(carefulValue(text));
    }
  });

  it('still finds positions and source text when a problem is explained', () => {
    const text = '{\n  "swagger": "2.0",\n  "info": { "title": "T", "version": 1.10 }\n}';
    const parsed = parseSource(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.document.scalarSourceAt(['info', 'version'])).toBe('1.10');
    expect(parsed.document.positionOf(['info', 'version'])).toEqual({ line: 3, column: 38 });
  });
});
