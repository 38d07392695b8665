import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { largeOpenApiYaml } from '../test-support/large-api-descriptions';
import { parseYamlQuickly } from './yaml-quick';
import { MAX_NESTING_DEPTH, parseCarefully, parseSource } from './yaml-source';

const quickly = (text: string) => parseYamlQuickly(text, MAX_NESTING_DEPTH - 2);
const outcome = (parsed: ReturnType<typeof parseSource>) => (parsed.ok ? { ok: true, value: parsed.document.value } : { ok: false, problem: parsed.problem });
const carefully = (text: string) => outcome(parseCarefully(text));

/** Plain scalars whose type depends on the schema: YAML 1.1 booleans, other bases, timestamps, specials. */
const TRICKY_PLAIN = [
  '0o17', '0x1F', '0b101', '017', '1_000', '+12', '-0', '1.', '.5', '-.5e3', '1e3', '1E-3', '.inf', '-.Inf', '+.INF', '.nan', '.NaN',
  '~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'yes', 'No', 'on', 'OFF', 'y', 'n', '2001-12-14', '2001-12-14t21:59:43.10-05:00',
  '12:30:00', '1:20', '<<', '=', '3.0.3', '1.10', 'v1', '0.0.1-beta', '9007199254740993', 'a b', 'ünïcödé', '😀',
];

/** Keys and strings that trip readers: escapes, quotes, colons, hashes, leading indicators, unicode, __proto__. */
const trickyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(...TRICKY_PLAIN, '__proto__', 'constructor', 'a"b', "a'b", 'a\\b', 'a: b', 'a #b', '#x', '- x', '? x', '@x', '`x', '|', '>', '%x', ' lead', 'trail ', 'line\nbreak', 'tab\there', '', '$ref'),
);
const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true }),
    trickyText,
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(trickyText, tie('value'), { maxKeys: 4 }),
})).object;

/** The ways yaml itself writes YAML: block or flow, quoted or not, long lines folded or not. */
const style = fc.record({
  indent: fc.constantFrom(2, 4),
  defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
  defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
  collectionStyle: fc.constantFrom('any', 'block', 'flow'),
  lineWidth: fc.constantFrom(0, 20, 80),
  indentSeq: fc.boolean(),
}) as fc.Arbitrary<Parameters<typeof stringify>[2] & object>;

describe('the quick YAML reading agrees with the careful one', () => {
  it('reads every generated document to the same value, in every style yaml writes', () => {
    fc.assert(
      fc.property(value, style, (document, options) => {
        const text = stringify(document, { ...options, aliasDuplicateObjects: false });
        const careful = carefully(text);
        const quick = quickly(text);
        if (quick) expect(careful).toEqual({ ok: true, value: quick.value });
        expect(outcome(parseSource(text))).toEqual(careful);
      }),
      { numRuns: 400 },
    );
  });

  it('reads plain scalars as YAML 1.2 core does: no 1.1 booleans, no 0b, no timestamps, no underscores', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TRICKY_PLAIN), { minLength: 1, maxLength: 8 }), fc.boolean(), (scalars, asList) => {
        const text = asList ? `items:\n${scalars.map((s) => `  - ${s}`).join('\n')}\n` : scalars.map((s, i) => `k${i}: ${s}`).join('\n');
        const quick = quickly(text);
        expect(quick).toBeDefined();
        expect(carefully(text)).toEqual({ ok: true, value: quick!.value });
      }),
      { numRuns: 300 },
    );
  });

  it('takes the ordinary description it was built for', () => {
    const text = [
      'openapi: 3.0.3',
      'info:',
      '  title: Accounts',
      '  version: 1.10',
      'servers:',
      '  - url: https://{host}/services/data/v{version}',
      '    variables: { host: { default: example.my.salesforce.com }, version: { default: "64.0" } }',
      'paths:',
      '  /accounts/{id}:',
      '    get:',
      '      description: |',
      '        Lists accounts.',
      '        * one: with a colon',
      '        * two # not a comment',
      '      responses: { "200": { description: OK } }',
    ].join('\n');
    const quick = quickly(text);
    expect(quick).toBeDefined();
    expect(carefully(text)).toEqual({ ok: true, value: quick!.value });
    // And large ones written by yaml itself, flow mappings, {path} parameters and all.
    expect(quickly(largeOpenApiYaml(200_000))).toBeDefined();
  });

  it('leaves to the careful reading what only it can explain or limit', () => {
    const cases = {
      'a key twice': 'a: 1\nb: 2\na: 3\n',
      'an anchor and its alias': 'base: &b { x: 1 }\nother: *b\n',
      'an alias bomb': 'a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n',
      'an explicit tag': 'a: !!int "3"\n',
      'a custom tag': 'a: !secret x\n',
      'a directive': '%YAML 1.2\n---\na: 1\n',
      'two documents': 'a: 1\n---\nb: 2\n',
      'a null key': '~: 1\nb: 2\n',
      'an empty key': ': 1\n',
      'a null explicit key': '? ~\n',
      'null keys in a flow mapping': '{~}\n',
      'an empty key and a null one, the same to yaml': '"": 1\n? ~\n',
      'a list as an explicit key': '? [a, b]\n: 1\n',
      'a mapping as a key': '? {x: 1}\n: 1\n',
      'a list as an implicit key': 'x: {[a]: 1}\n',
      'a lone carriage return': 'url: http://a\rservers: [x]\n',
      'a document marker run into text': '---a: 1\n',
      'an implicit key over 1024 characters': `k${'x'.repeat(1100)}: 1\n`,
      'a tab-only line in a flow mapping': 'a: {\n\t\n}\n',
      'a top-level list': '- a\n- b\n',
      'a scalar': 'just text\n',
      'comments only': '# nothing here\n',
      'nothing': '',
      'nesting near the limit': `${Array.from({ length: MAX_NESTING_DEPTH }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`,
      'tabs as indentation': 'a:\n\tb: 1\n',
      'not YAML': 'a: [1, 2\n',
    };
    for (const [name, text] of Object.entries(cases)) {
      expect(quickly(text), name).toBeUndefined();
      expect(outcome(parseSource(text)), name).toEqual(carefully(text));
    }
  });
});
