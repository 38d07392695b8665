import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  API_DESCRIPTION_EXTENSIONS,
  API_DESCRIPTION_MAX_BYTES,
  descriptionTooLargeMessage,
  formatByteSize,
  readApiDescription,
} from './read-api-description';
import type { ApiDescriptionProblem, ApiDescriptionSummary } from './read-api-description';
import { utf8ByteLength } from './description-size';
import { githubApiDescription } from '../test-support/github-api-description';
import { aliasBomb, deepJson, referenceRing, repeatedKey } from '../test-support/hostile-api-descriptions';

const lines = (...content: string[]): string => `${content.join('\n')}\n`;

/** 1-based line of the only line of `text` containing `needle`, so assertions follow the fixture. */
function lineOf(text: string, needle: string): number {
  const matches = text
    .split('\n')
    .flatMap((line, index) => (line.includes(needle) ? [index + 1] : []));
  if (matches.length !== 1) throw new Error(`${JSON.stringify(needle)} is on ${matches.length} lines`);
  return matches[0] ?? 0;
}

function summaryOf(text: string, fileName?: string): ApiDescriptionSummary {
  const result = readApiDescription(text, fileName);
  if (!result.ok) throw new Error(`Expected a summary, got: ${JSON.stringify(result.problem)}`);
  return result.summary;
}

function problemOf(text: string, fileName?: string): ApiDescriptionProblem {
  const result = readApiDescription(text, fileName);
  if (result.ok) throw new Error(`Expected a problem, got: ${JSON.stringify(result.summary)}`);
  return result.problem;
}

const SALESFORCE_YAML = lines(
  'swagger: "2.0"',
  'info:',
  '  title: Salesforce Platform REST API',
  "  version: '60.0'",
  'host: acme.my.salesforce.com',
  'basePath: /services/data',
  'schemes:',
  '  - https',
  'consumes: [application/json]',
  'paths:',
  '  /v60.0/sobjects:',
  '    get:',
  '      summary: Describe global',
  '      responses:',
  "        '200': {description: OK}",
  '  /v60.0/sobjects/{sObject}/{id}:',
  '    parameters:',
  '      - {name: sObject, in: path, required: true, type: string}',
  '      - {name: id, in: path, required: true, type: string}',
  '    get:',
  '      responses: {}',
  '    patch:',
  '      responses: {}',
  '    delete:',
  '      responses: {}',
);

const OPENAPI_31_WITH_VARIABLES = lines(
  'openapi: 3.1.0',
  'info:',
  '  title: Regional API',
  '  version: 2.0.1',
  'servers:',
  '  - url: https://{region}.api.example.com:{port}/{basePath}/',
  '    variables:',
  '      region:',
  '        default: eu-west',
  '        enum: [eu-west, us-east]',
  '      port:',
  "        default: '8443'",
  '      basePath:',
  '        default: v3',
  '  - url: https://backup.example.com',
  'paths:',
  '  /items:',
  '    get: {}',
);

describe('readApiDescription: summaries', () => {
  it('reads a Swagger 2.0 YAML description like Salesforce’s', () => {
    expect(summaryOf(SALESFORCE_YAML, 'salesforce.yaml')).toEqual({
      format: 'swagger-2.0',
      title: 'Salesforce Platform REST API',
      version: '60.0',
      operationCount: 4,
      scheme: 'https',
      host: 'acme.my.salesforce.com',
      basePath: '/services/data',
      warnings: [],
    });
  });

  it('reads a Swagger 2.0 JSON description and prefers https among the schemes', () => {
    const json = JSON.stringify(
      {
        swagger: '2.0',
        info: { title: 'Pet Store', version: '1.0.0' },
        host: 'Petstore.Example.com:8080',
        basePath: '/api/',
        schemes: ['http', 'https', 'wss'],
        paths: { '/pets': { get: {}, post: {} }, '/pets/{id}': { get: {} } },
      },
      null,
      2,
    );
    expect(summaryOf(json, 'petstore.json')).toEqual({
      format: 'swagger-2.0',
      title: 'Pet Store',
      version: '1.0.0',
      operationCount: 3,
      scheme: 'https',
      host: 'petstore.example.com:8080',
      basePath: '/api',
      warnings: [],
    });
  });

  it('reads an OpenAPI 3.0 JSON description with a port and a trailing slash in servers[0].url', () => {
    const json = JSON.stringify({
      openapi: '3.0.3',
      info: { title: 'Example', version: 'v2' },
      servers: [{ url: 'https://API.Example.com:8443/v2/' }, { url: 'http://other.example.com' }],
      paths: { '/things': { get: {}, put: {} } },
    });
    expect(summaryOf(json)).toEqual({
      format: 'openapi-3.0',
      title: 'Example',
      version: 'v2',
      operationCount: 2,
      scheme: 'https',
      host: 'api.example.com:8443',
      basePath: '/v2',
      warnings: [],
    });
  });

  it('substitutes OpenAPI 3.1 server variables with their defaults and says so', () => {
    expect(summaryOf(OPENAPI_31_WITH_VARIABLES, 'regional.yml')).toEqual({
      format: 'openapi-3.1',
      title: 'Regional API',
      version: '2.0.1',
      operationCount: 1,
      scheme: 'https',
      host: 'eu-west.api.example.com:8443',
      basePath: '/v3',
      warnings: ['servers[0].url uses variables; their default values were used.'],
    });
  });

  it.each([
    ['/v1', '/v1'],
    ['v1', '/v1'],
    ['/v1/', '/v1'],
    ['/', '/'],
  ])('leaves scheme and host empty for the relative server url %j and warns', (url, basePath) => {
    const summary = summaryOf(
      lines('openapi: 3.0.0', 'info: {title: T, version: "1"}', 'servers:', `  - url: "${url}"`, 'paths: {}'),
    );
    expect(summary).toMatchObject({ scheme: '', host: '', basePath });
    expect(summary.warnings).toEqual([
      `servers[0].url is relative (${JSON.stringify(url)}); enter Scheme and Host yourself.`,
    ]);
  });

  it('warns when an OpenAPI description lists no servers', () => {
    const summary = summaryOf(lines('openapi: 3.0.1', 'info: {title: T, version: "1"}', 'paths: {}'));
    expect(summary).toMatchObject({ scheme: '', host: '', basePath: '/' });
    expect(summary.warnings).toEqual(['No servers are listed; enter Scheme and Host yourself.']);
  });

  it('counts only HTTP operations, ignoring path-level parameters, $ref, summaries and extensions', () => {
    const text = lines(
      'openapi: 3.0.2',
      'info: {title: T, version: "1"}',
      'paths:',
      '  x-internal:',
      '    get: not an operation because extensions are skipped',
      '  /everything:',
      '    summary: all eight methods',
      '    description: and then some',
      '    parameters: [{name: q, in: query}]',
      '    servers: []',
      '    x-audit: {get: {}}',
      '    get: {}',
      '    put: {}',
      '    post: {}',
      '    delete: {}',
      '    options: {}',
      '    head: {}',
      '    patch: {}',
      '    trace: {}',
      '  /shared:',
      "    $ref: '#/components/pathItems/shared'",
      '  /empty: {}',
    );
    expect(summaryOf(text).operationCount).toBe(8);
  });

  it('accepts an OpenAPI 3.1 description without paths when it has webhooks or components', () => {
    const webhooksOnly = lines(
      'openapi: 3.1.1',
      'info: {title: Hooks, version: "1"}',
      'webhooks:',
      '  newPet:',
      '    post: {}',
    );
    expect(summaryOf(webhooksOnly)).toMatchObject({ format: 'openapi-3.1', operationCount: 0 });
    const componentsOnly = lines('openapi: 3.1.0', 'info: {title: Lib, version: "1"}', 'components: {}');
    expect(summaryOf(componentsOnly).operationCount).toBe(0);
  });

  it('keeps numbers as written: swagger 2.0 and a numeric info.version', () => {
    const text = lines('swagger: 2.0', 'info:', '  title: Numbers', '  version: 1.10', 'host: x.example.com', 'paths: {}');
    expect(summaryOf(text)).toMatchObject({ format: 'swagger-2.0', version: '1.10' });
    const huge = lines('swagger: "2.0"', 'info: {title: Huge, version: 1e400}', 'paths: {}');
    expect(summaryOf(huge).version).toBe('1e400');
    const json = '{"swagger": "2.0", "info": {"title": "J", "version": 3.0}, "paths": {}}';
    expect(summaryOf(json).version).toBe('3.0');
  });

  it('decides between JSON and YAML by content, not by the file name', () => {
    expect(summaryOf(SALESFORCE_YAML, 'actually-yaml.json').format).toBe('swagger-2.0');
    const json = '{"openapi": "3.0.0", "info": {"title": "J", "version": "1"}, "paths": {}}';
    expect(summaryOf(json, 'actually-json.yml').format).toBe('openapi-3.0');
    expect(summaryOf(json, 'UPPER.JSON').title).toBe('J');
  });

  it('normalises Swagger 2.0 basePath and defaults it to the root', () => {
    const withBasePath = (basePath: string) =>
      lines('swagger: "2.0"', 'info: {title: T, version: "1"}', 'host: h.example.com', 'schemes: [https]', basePath, 'paths: {}');
    expect(summaryOf(withBasePath('basePath: /services/data/')).basePath).toBe('/services/data');
    expect(summaryOf(withBasePath('basePath: /')).basePath).toBe('/');
    expect(summaryOf(withBasePath('basePath: //')).basePath).toBe('/');
    expect(summaryOf(withBasePath('')).basePath).toBe('/');
  });

  it('ignores WebSocket schemes and warns about what is left unknown in Swagger 2.0', () => {
    const swagger = (...extra: string[]) =>
      lines('swagger: "2.0"', 'info: {title: T, version: "1"}', ...extra, 'paths: {}');
    expect(summaryOf(swagger('host: h.example.com', 'schemes: [wss, http]')).scheme).toBe('http');

    const wsOnly = summaryOf(swagger('host: h.example.com', 'schemes: [ws]'));
    expect(wsOnly.scheme).toBe('');
    expect(wsOnly.warnings).toEqual(['Only WebSocket schemes (ws, wss) are listed; enter Scheme yourself.']);

    const bare = summaryOf(swagger());
    expect(bare).toMatchObject({ scheme: '', host: '', basePath: '/' });
    expect(bare.warnings).toEqual([
      'No schemes are listed; enter Scheme yourself.',
      'No host is listed; enter Host yourself.',
    ]);
  });
});

describe('readApiDescription: what real files get wrong is read around, said where it is, and left blank', () => {
  /** The summary's one warning that mentions `needle`; the summary itself, read without an error. */
  const warningOf = (text: string, needle: string, fileName?: string) => {
    const summary = summaryOf(text, fileName);
    const found = summary.warnings.filter((warning) => warning.includes(needle));
    expect(found, `a warning about ${needle} among ${JSON.stringify(summary.warnings)}`).toHaveLength(1);
    return { summary, warning: found[0]! };
  };

  it('leaves a missing info.title blank, pointing at the info key', () => {
    const text = lines('openapi: 3.0.0', 'info:', '  version: "1"', 'paths: {}');
    const { summary, warning } = warningOf(text, 'info.title');
    expect(summary).toMatchObject({ title: '', version: '1' });
    expect(warning).toBe(`Line ${lineOf(text, 'info:')}, column 1: info.title is missing. The API title is left blank.`);
  });

  it('leaves a title that is empty or not text blank, pointing at the title itself', () => {
    const empty = lines('swagger: "2.0"', 'info:', '  version: "1"', "  title: '  '", 'paths: {}');
    expect(warningOf(empty, 'info.title').warning).toBe('Line 4, column 10: info.title is empty. The API title is left blank.');
    const numeric = lines('swagger: "2.0"', 'info:', '  title: 42', '  version: "1"', 'paths: {}');
    const { summary, warning } = warningOf(numeric, 'info.title');
    expect(summary.title).toBe('');
    expect(warning).toBe(`Line ${lineOf(numeric, 'title: 42')}, column 10: info.title must be text; found the number 42. The API title is left blank.`);
  });

  it('leaves a missing info, or a missing or unreadable info.version, blank', () => {
    const noInfo = warningOf(lines('openapi: 3.0.0', 'paths: {}'), 'info is missing');
    expect(noInfo.summary).toMatchObject({ title: '', version: '' });
    expect(noInfo.warning).toBe('info is missing; it gives the API title and version. The API title and version are left blank.');
    const noVersion = lines('openapi: 3.0.0', 'paths: {}', 'info:', '  title: T');
    expect(warningOf(noVersion, 'info.version').warning).toBe(`Line ${lineOf(noVersion, 'info:')}, column 1: info.version is missing. The API version is left blank.`);
    const listVersion = lines('openapi: 3.0.0', 'paths: {}', 'info:', '  title: T', '  version: [1]');
    expect(warningOf(listVersion, 'info.version').warning).toContain(`Line ${lineOf(listVersion, 'version: [1]')}, column 3: info.version must be text or a number; found a list.`);
  });

  it('counts no operations where paths is missing or not an object, and says so', () => {
    expect(warningOf(lines('swagger: "2.0"', 'info: {title: T, version: "1"}'), 'paths').warning).toBe('paths is missing. Its operations were not counted.');
    const list = lines('swagger: "2.0"', 'info: {title: T, version: "1"}', 'paths:', '  - /pets');
    const { summary, warning } = warningOf(list, 'paths');
    expect(summary.operationCount).toBe(0);
    expect(warning).toBe(`Line ${lineOf(list, 'paths:')}, column 1: paths must be an object; found a list. Its operations were not counted.`);
    expect(warningOf(lines('openapi: 3.1.0', 'info: {title: T, version: "1"}'), 'paths').warning).toContain(
      'paths is missing; an OpenAPI 3.1 description needs paths, webhooks or components.',
    );
  });

  it('says which operation or path item is not an object, with its place', () => {
    const text = lines('openapi: 3.0.0', 'info: {title: T, version: "1"}', 'paths:', '  /pets:', '    post: {}', '    get: list the pets');
    expect(warningOf(text, 'paths./pets.get').warning).toBe(
      `Line ${lineOf(text, 'get: list')}, column 10: paths./pets.get must be an object describing the operation; found "list the pets". Its operations were not counted.`,
    );
    const item = lines('swagger: "2.0"', 'info: {title: T, version: "1"}', 'paths:', '  /pets: 12');
    expect(warningOf(item, 'paths./pets').warning).toContain(`Line ${lineOf(item, '/pets: 12')}, column`);
  });

  it('finds the line of a problem in a pretty-printed JSON file, read the quick way', () => {
    const json = JSON.stringify({ openapi: '3.0.0', info: { title: 'T', version: '1' }, paths: { '/a': { get: {} }, '/b': { delete: [] } } }, null, 2);
    expect(warningOf(json, 'paths./b.delete', 'api.json').warning).toBe(
      `Line ${lineOf(json, '"delete"')}, column 7: paths./b.delete must be an object describing the operation; found a list. Its operations were not counted.`,
    );
  });

  it.each([
    ['host: https://api.example.com', 'host must not include a scheme'],
    ['host: api.example.com/v1', 'host must not include a path'],
    ['host: "api example.com"', 'host is not a valid host name'],
    ['host: [a, b]', 'host must be a host name such as api.example.com; found a list.'],
  ])('leaves a bad Swagger 2.0 host blank, keeping the rest: %s', (hostLine, message) => {
    const text = lines('swagger: "2.0"', 'info: {title: T, version: "1"}', 'schemes: [https]', 'basePath: /v2', hostLine, 'paths: {}');
    const { summary, warning } = warningOf(text, 'host ');
    expect(summary).toMatchObject({ scheme: 'https', host: '', basePath: '/v2' });
    expect(warning).toMatch(new RegExp(`^Line 5, column \\d+: .*${message.replace(/[.[\]]/g, '\\$&')}.* Enter Host yourself\\.$`));
  });

  it('leaves a basePath that does not start with a slash, or an unknown scheme, to the person', () => {
    const basePath = lines('swagger: "2.0"', 'info: {title: T, version: "1"}', 'host: h.example.com', 'basePath: v1', 'paths: {}');
    expect(warningOf(basePath, 'basePath').warning).toBe(`Line ${lineOf(basePath, 'basePath')}, column 11: basePath must start with "/"; found "v1". Enter Base Path yourself.`);
    expect(summaryOf(basePath)).toMatchObject({ host: 'h.example.com', basePath: '/' });
    const scheme = lines('swagger: "2.0"', 'info: {title: T, version: "1"}', 'schemes:', '  - https', '  - ftp', 'paths: {}');
    expect(warningOf(scheme, 'schemes[1]').warning).toBe(
      `Line ${lineOf(scheme, '- ftp')}, column 5: schemes[1] is "ftp"; Swagger 2.0 allows http, https, ws and wss. Enter Scheme yourself.`,
    );
  });

  it('leaves a server url that is not http(s) or not a URL blank', () => {
    const ftp = lines('openapi: 3.0.0', 'info: {title: T, version: "1"}', 'servers:', '  - url: ftp://files.example.com', 'paths: {}');
    expect(warningOf(ftp, 'servers[0].url').warning).toBe(
      `Line ${lineOf(ftp, 'ftp://')}, column 10: servers[0].url must start with http:// or https://; found "ftp://files.example.com". Enter Scheme, Host and Base Path yourself.`,
    );
    const invalid = lines('openapi: 3.0.0', 'info: {title: T, version: "1"}', 'servers:', '  - url: "https://exa mple.com"', 'paths: {}');
    const { summary, warning } = warningOf(invalid, 'not a valid URL');
    expect(summary).toMatchObject({ scheme: '', host: '', basePath: '/' });
    expect(warning).toMatch(/^Line 4, column \d+: /);
  });

  it('leaves an address whose server variable has no default, or is not defined, blank, saying which', () => {
    const noDefault = OPENAPI_31_WITH_VARIABLES.replace("        default: '8443'\n", "        enum: ['8443']\n");
    expect(warningOf(noDefault, 'variables.port').warning).toBe(
      `Line ${lineOf(noDefault, 'port:')}, column 7: servers[0].variables.port has no default value. Enter Scheme, Host and Base Path yourself.`,
    );
    const undefinedVariable = lines(
      'openapi: 3.0.0',
      'info: {title: T, version: "1"}',
      'servers:',
      '  - url: https://{tenant}.example.com',
      '    variables:',
      '      region: {default: eu}',
      'paths: {}',
    );
    expect(warningOf(undefinedVariable, '{tenant}').warning).toBe(
      `Line ${lineOf(undefinedVariable, 'variables:')}, column 5: servers[0].url uses {tenant}, but servers[0].variables does not define tenant. Enter Scheme, Host and Base Path yourself.`,
    );
  });
});

describe('readApiDescription: what makes a file unusable is refused, with its place', () => {
  it.each([
    ['openapi: 3.2.0', 'openapi', 'openapi is "3.2.0", which is not supported.'],
    ['openapi: "2.1.0"', 'openapi', 'openapi is "2.1.0", which is not supported.'],
    ['openapi: 3.0', 'openapi', 'openapi is the number 3.0, which is not supported (write the version as text, such as "3.0.3").'],
    ['swagger: "1.2"', 'swagger', 'swagger is "1.2", which is not supported.'],
    ['swagger: 2.1', 'swagger', 'swagger is the number 2.1, which is not supported.'],
  ])('refuses %s, naming the field, the value and what is supported', (versionLine, path, message) => {
    const text = lines('info: {title: T, version: "1"}', versionLine, 'paths: {}');
    expect(problemOf(text)).toEqual({
      message: `${message} Keyway supports Swagger 2.0, OpenAPI 3.0 and 3.1.`,
      path,
      line: 2,
      column: versionLine.indexOf(':') + 3,
    });
  });

  it('refuses a document with neither swagger nor openapi', () => {
    const problem = problemOf(lines('info: {title: T, version: "1"}', 'paths: {}'));
    expect(problem.message).toBe(
      'Neither swagger nor openapi is set, so this does not look like an API description. Keyway supports Swagger 2.0, OpenAPI 3.0 and 3.1.',
    );
    expect(problem.path).toBeUndefined();
  });

  it.each([
    ['- a\n- b\n', 'found a list.'],
    ['just some words\n', 'found "just some words".'],
    ['42\n', 'found the number 42.'],
    ['null\n', 'found an empty value.'],
  ])('refuses a top level that is not an object: %j', (text, found) => {
    expect(problemOf(text).message).toBe(
      `The file must contain an object with fields such as info and paths at the top level; ${found}`,
    );
  });
});

describe('readApiDescription: files that cannot be read', () => {
  it('gives line and column for a YAML syntax error', () => {
    const text = lines('openapi: 3.0.0', 'info:', '  title: Pets: the API', '  version: "1"');
    expect(problemOf(text)).toEqual({
      message: 'This is not valid YAML: Nested mappings are not allowed in compact mappings',
      line: lineOf(text, 'title: Pets'),
      column: 10,
    });
  });

  it('gives line and column for a duplicate key', () => {
    const text = lines('openapi: 3.0.0', 'info:', '  title: A', '  title: B', '  version: "1"');
    expect(problemOf(text)).toEqual({
      message: 'This is not valid YAML: the same key appears twice in one object.',
      line: lineOf(text, 'title: B'),
      column: 3,
    });
  });

  it('calls broken JSON JSON and gives its position', () => {
    const text = '{\n  "openapi": "3.0.0",\n  "info": {"title": "T", "version": "1"\n}';
    const problem = problemOf(text, 'api.json');
    expect(problem.message).toMatch(/^This is not valid JSON: /);
    expect(problem.line).toBeGreaterThanOrEqual(3);
  });

  it('refuses anything but .json, .yaml or .yml', () => {
    expect(API_DESCRIPTION_EXTENSIONS).toEqual(['.json', '.yaml', '.yml']);
    expect(problemOf(SALESFORCE_YAML, 'salesforce.txt').message).toBe(
      'Choose a .json, .yaml or .yml file ("salesforce.txt" is not one).',
    );
    expect(problemOf(SALESFORCE_YAML, 'yaml').message).toMatch(/^Choose a \.json, \.yaml or \.yml file/);
  });

  it('attack: text over 25 MB is refused before it is parsed, counting bytes rather than characters', () => {
    expect(API_DESCRIPTION_MAX_BYTES).toBe(25_000_000);
    expect(problemOf('a'.repeat(26_200_000))).toEqual({ message: 'The file is 26.2 MB; the limit is 25 MB.' });
    // One byte over still reads as more than the limit.
    expect(problemOf('a'.repeat(API_DESCRIPTION_MAX_BYTES + 1)).message).toBe('The file is 25.1 MB; the limit is 25 MB.');
    // 'é' takes two bytes in UTF-8, so this is 25.2 MB in 12.6 million characters.
    expect(problemOf('é'.repeat(12_600_000)).message).toBe('The file is 25.2 MB; the limit is 25 MB.');
    // Exactly at the limit is read (and then found to be only a comment).
    const atTheLimit = '#'.padEnd(API_DESCRIPTION_MAX_BYTES, 'a');
    expect(problemOf(atTheLimit).message).toBe('The file contains only comments; there is no API description in it.');
  });

  it('attack: a smaller configured limit is applied before parsing, and a larger one lets a big file through', () => {
    const padded = `${SALESFORCE_YAML}#${'x'.repeat(20_000)}\n`;
    const small = readApiDescription(padded, 'api.yaml', { maxBytes: 10_000 });
    expect(small).toEqual({ ok: false, problem: { message: 'The file is 20.6 kB; the limit is 10 kB.' } });
    expect(readApiDescription(padded, 'api.yaml', { maxBytes: 25_000 }).ok).toBe(true);

    const big = `${SALESFORCE_YAML}#${'x'.repeat(API_DESCRIPTION_MAX_BYTES)}\n`;
    expect(readApiDescription(big).ok).toBe(false);
    expect(readApiDescription(big, undefined, { maxBytes: 26_000_000 }).ok).toBe(true);
  });

  it.each([
    ['', 'The file is empty.'],
    ['  \n\t\n', 'The file is empty.'],
    ['\uFEFF', 'The file is empty.'],
    ['# nothing here\n# yet\n', 'The file contains only comments; there is no API description in it.'],
  ])('refuses an empty file: %j', (text, message) => {
    expect(problemOf(text)).toEqual({ message });
  });

  it('refuses more than one YAML document', () => {
    const text = `${SALESFORCE_YAML}---\nswagger: "2.0"\n`;
    expect(problemOf(text)).toMatchObject({
      message: 'The file contains more than one YAML document (separated by "---"); keep only the API description.',
      line: lineOf(text, '---'),
    });
  });

  it('attack: a small alias bomb is refused', () => {
    const bomb = lines(
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    );
    expect(problemOf(bomb).message).toMatch(/aliases .* could exhaust memory/);
  });

  // How long these take is bench/api-description.ts's business; here, only what the reader answers.
  it('attack: billion laughs (nine levels of ten aliases) is refused before anything is expanded, with a clear message', () => {
    expect(problemOf(aliasBomb(9), 'laughs.yaml')).toEqual({
      message: 'The file repeats YAML aliases (*name) more than 50 times; expanding them could exhaust memory, so it was not read.',
    });
  });

  it('allows modest use of anchors and aliases', () => {
    const text = lines(
      'swagger: "2.0"',
      'info: {title: T, version: "1"}',
      'paths:',
      '  /a:',
      '    get: &op {responses: {}}',
      '  /b:',
      '    get: *op',
    );
    expect(summaryOf(text).operationCount).toBe(2);
  });

  it('reports an alias to an undefined anchor where it is used', () => {
    const text = lines('swagger: "2.0"', 'info: *missing', 'paths: {}');
    expect(problemOf(text)).toEqual({
      message: 'This is not valid YAML: the alias *missing refers to an anchor that is not defined before it.',
      line: 2,
      column: 7,
    });
  });

  it('attack: deep nesting is refused before it can exhaust the stack', () => {
    const depth = 20_000;
    // Unclosed, then closed: once yaml overflowed the stack on the first, V8 aborted the process on the second.
    expect(problemOf('['.repeat(depth)).message).toMatch(/too deeply/);
    const flow = problemOf('['.repeat(depth) + ']'.repeat(depth));
    expect(flow.message).toBe(
      'The file nests objects and lists too deeply to be read safely (the limit is 100 levels).',
    );
    expect(flow.line).toBe(1);
    const block = Array.from({ length: 300 }, (_, level) => `${' '.repeat(level)}k${level}:`).join('\n');
    expect(problemOf(block).message).toMatch(/too deeply/);
    expect(problemOf(`${'- '.repeat(5_000)}x`).message).toMatch(/too deeply/);
  });

  it('attack: a map of 50,000 keys with one repeated is refused at the repeat', () => {
    const count = 50_000;
    expect(problemOf(repeatedKey(count))).toEqual({
      message: 'This is not valid YAML: the same key appears twice in one object.',
      line: count + 4,
      column: 3,
    });
  });

  it('attack: a 4 MB JSON file nested 800,000 levels deep is refused at the depth limit', () => {
    expect(problemOf(deepJson(800_000), 'deep.json')).toMatchObject({
      message: 'The file nests objects and lists too deeply to be read safely (the limit is 100 levels).',
      line: 1,
    });
  });
});

describe('readApiDescription: $ref is never followed', () => {
  const swagger = (...rest: string[]) =>
    lines('swagger: "2.0"', 'info: {title: Refs, version: "1"}', 'host: api.example.com', 'schemes: [https]', ...rest);

  it('attack: a $ref to another file or a URL is not opened; the summary says so and keeps Scheme, Host and Base Path', () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const text = swagger(
        'basePath: /v1',
        'paths:',
        '  /pets:',
        '    get:',
        '      responses:',
        "        '200': {description: OK, schema: {$ref: 'common.yaml#/definitions/Pet'}}",
        '  /owners:',
        "    $ref: 'https://169.254.169.254/latest/meta-data/paths.yaml'",
        '  /files:',
        "    $ref: 'file:///etc/passwd'",
        'definitions:',
        "  Local: {$ref: '#/definitions/Other'}",
      );
      const summary = summaryOf(text, 'api.yaml');
      expect(summary).toMatchObject({ scheme: 'https', host: 'api.example.com', basePath: '/v1', operationCount: 1 });
      expect(summary.warnings).toEqual([
        '3 $ref values point outside this file (the first, paths./pets.get.responses.200.schema.$ref, to "common.yaml#/definitions/Pet"). ' +
          'Keyway does not open other files or URLs, so what they point to is not read or counted; Scheme, Host and Base Path come from this file alone.',
      ]);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('names a single external $ref in the singular', () => {
    const text = lines(
      'openapi: 3.1.0',
      'info: {title: Split, version: "1"}',
      'servers: [{url: "https://api.example.com/v2"}]',
      'paths:',
      "  /pets: {$ref: './paths/pets.yaml'}",
    );
    expect(summaryOf(text).warnings).toEqual([
      'paths./pets.$ref points outside this file, to "./paths/pets.yaml". ' +
        'Keyway does not open other files or URLs, so what it points to is not read or counted; Scheme, Host and Base Path come from this file alone.',
    ]);
  });

  it('says nothing about $refs within the file', () => {
    const text = swagger(
      'paths:',
      '  /pets:',
      "    get: {responses: {'200': {description: OK, schema: {$ref: '#/definitions/Pet'}}}}",
      'definitions:',
      "  Pet: {type: object, properties: {self: {$ref: '#'}, empty: {$ref: ''}}}",
    );
    expect(summaryOf(text).warnings).toEqual([]);
  });

  it('attack: circular $refs (a schema containing itself, A → B → A) are read at once', () => {
    const text = swagger(
      'paths:',
      '  /nodes:',
      "    get: {responses: {'200': {description: OK, schema: {$ref: '#/definitions/Node'}}}}",
      'definitions:',
      '  Node:',
      '    type: object',
      "    properties: {next: {$ref: '#/definitions/Node'}, children: {type: array, items: {$ref: '#/definitions/Node'}}}",
      "  A: {properties: {b: {$ref: '#/definitions/B'}}}",
      "  B: {properties: {a: {$ref: '#/definitions/A'}}}",
      "  Self: {$ref: '#/definitions/Self'}",
    );
    expect(summaryOf(text)).toMatchObject({ operationCount: 1, host: 'api.example.com', warnings: [] });
  });

  it('attack: a 4 MB description of 20,000 schemas in one $ref cycle, each also referring to itself, is read to the end, not hung', { timeout: 60_000 }, () => {
    const json = referenceRing(20_000);
    expect(json.length).toBeGreaterThan(4_000_000);
    expect(json.length).toBeLessThan(API_DESCRIPTION_MAX_BYTES);
    expect(summaryOf(json, 'ring.json')).toMatchObject({ operationCount: 1, host: 'api.example.com' });
  });

  it('attack: a YAML alias that contains itself, with an external $ref inside, is walked once and noted once', () => {
    const text = swagger(
      'paths: {}',
      'definitions: &defs',
      "  Loop: {$ref: 'other.yaml#/Loop', again: *defs}",
    );
    const summary = summaryOf(text);
    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings[0]).toMatch(/^definitions\.Loop\.\$ref points outside this file, to "other\.yaml#\/Loop"\./);
  });
});

describe('a large published description', () => {
  it("reads GitHub's 13 MB description under the default limit: title, version, server and every operation", () => {
    const text = githubApiDescription();
    expect(text.length).toBeGreaterThan(API_DESCRIPTION_MAX_BYTES / 2);
    const read = readApiDescription(text, 'api.github.com.json');
    expect(read).toEqual({
      ok: true,
      summary: {
        format: 'openapi-3.0',
        title: "GitHub's official OpenAPI spec + Octokit extension",
        version: '23.0.2',
        operationCount: 1223,
        scheme: 'https',
        host: 'api.github.com',
        basePath: '/',
        warnings: [],
      },
    });
  });
});

describe('utf8ByteLength', () => {
  it('counts what UTF-8 encoding would write: ASCII, accents, CJK, emoji and lone surrogates alike', () => {
    const encoded = (text: string) => new TextEncoder().encode(text).length;
    for (const unit of ['binary', 'grapheme', 'binary-ascii'] as const) {
      fc.assert(
        fc.property(fc.string({ unit, maxLength: 200 }), (text) => {
          expect(utf8ByteLength(text)).toBe(encoded(text));
        }),
        { numRuns: 2_000 },
      );
    }
    expect(utf8ByteLength('a\u00e9\u4e2d\ud83d\ude00\ud800z')).toBe(1 + 2 + 3 + 4 + 3 + 1);
  });
});

describe('formatByteSize and descriptionTooLargeMessage', () => {
  it.each([
    [0, 'down', '0 bytes'],
    [1, 'down', '1 byte'],
    [999, 'up', '999 bytes'],
    [10_000, 'down', '10 kB'],
    [21_549, 'up', '21.6 kB'],
    [5_000_000, 'down', '5 MB'],
    [5_242_880, 'down', '5.2 MB'],
    [5_242_880, 'up', '5.3 MB'],
    [6_200_000, 'up', '6.2 MB'],
    [25_000_000, 'down', '25 MB'],
  ] as const)('%i bytes rounded %s is %s', (bytes, rounding, text) => {
    expect(formatByteSize(bytes, rounding)).toBe(text);
  });

  it('never shows a size over the limit as equal to it', () => {
    for (const limit of [10_000, 5_000_000, 5_242_880, 7_777_777]) {
      const message = descriptionTooLargeMessage(limit + 1, limit);
      const [, size, max] = /^The file is (.+); the limit is (.+)\.$/.exec(message) ?? [];
      expect(size).toBeTruthy();
      expect(size).not.toBe(max);
    }
  });
});

describe('readApiDescription: never throws', () => {
  /** Deterministic, so that a failure can be reproduced. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
  }

  const FRAGMENTS = [
    '{', '}', '[', ']', ':', ', ', '- ', ' ', '  ', '\n', '\t', '"', "'", '#', '&a ', '*a', '*b', '? ',
    '|', '>', '!!str ', '!!map ', '%YAML 1.2\n', '---\n', '...\n', '1e400', '-.inf', '0x1F', 'null', '~',
    'swagger: "2.0"', 'swagger: 2.0', 'openapi: 3.1.0', 'openapi: 3.0.0', 'info:', 'title: x', 'version: 1',
    'paths:', '/p:', 'get:', 'servers:', 'url: "{v}"', 'url: /x', 'host: ', 'schemes: [ws]', '__proto__:',
    'constructor:', '\uFEFF', '\u0000', '\u2028', '😀', '\\', '"\\u00',
  ];

  function expectReadable(text: unknown, fileName?: unknown): void {
    const result = readApiDescription(text as string, fileName as string | undefined);
    expect(typeof result.ok).toBe('boolean');
    if (result.ok) return;
    const { message, line, column } = result.problem;
    expect(message).not.toMatch(/^The file could not be read/);
    expect(message.length).toBeGreaterThan(0);
    if (line !== undefined) expect(line).toBeGreaterThanOrEqual(1);
    if (column !== undefined) expect(column).toBeGreaterThanOrEqual(1);
  }

  it('fault: random fragments of YAML and JSON give a readable result', () => {
    const next = random(20_240_501);
    for (let sample = 0; sample < 1_500; sample++) {
      const count = 1 + Math.floor(next() * 40);
      const text = Array.from({ length: count }, () => FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]).join('');
      expectReadable(text);
    }
  });

  it('fault: every prefix of a valid description gives a readable result', () => {
    for (const fixture of [SALESFORCE_YAML, OPENAPI_31_WITH_VARIABLES]) {
      for (let end = 0; end <= fixture.length; end++) expectReadable(fixture.slice(0, end));
    }
  });

  it('fault: odd values, self-containing aliases and odd arguments give a readable result', () => {
    const odd = [
      'null', '~', '42', '1e400', '-1e400', '123456789012345678901234567890', 'true', '"just a string"', '[]', '{}',
      '- 1\n- 2\n', '[[[[[[[[[[]]]]]]]]]]', '{"openapi": "3.0.0", "info": null, "paths": null}',
      'openapi: 3.0.0\ninfo: {title: T, version: "1"}\npaths: {/a: {get: null}}',
      '{"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {"__proto__": {"get": 1}}}',
      'openapi: 3.0.0\ninfo: {title: T, version: "1"}\nservers: [{url: "{a}{b}"}]\npaths: {}',
      'a: &a [*a]\n', 'swagger: "2.0"\ninfo: &i {title: *i, version: 1}\npaths: {}',
      '? [a, b]\n: c\n', '!!binary aGVsbG8=', '%TAG ! tag:x\n--- !foo\na: 1',
    ];
    for (const text of odd) expectReadable(text);
    for (const text of [null, undefined, 42, {}, ['a']]) expectReadable(text);
    expectReadable(SALESFORCE_YAML, 42);
    expectReadable(SALESFORCE_YAML, null);
  });
});
