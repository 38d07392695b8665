import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CONNECTION_SPECS, paramSchemaOf, SECRET_PARAMS } from '@keyway/shared';
import { compileDocumentSchema, createSchemaValidator, resolvePointer } from '../test-support/openapi-contract';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import {
  API_V1_BASE_PATH,
  openApiDocument,
  operationsOf,
  paramsSchemaName,
  type JsonSchema,
  type OpenApiDocument,
  type OpenApiHeader,
  type OpenApiMediaType,
  type OpenApiParameter,
  type OpenApiResponse,
  type Reference,
} from './openapi';

const document = openApiDocument();
const ajv = createSchemaValidator(document);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function deref<T>(value: T | Reference): T {
  if (isObject(value) && typeof value.$ref === 'string') return deref(resolvePointer(document, value.$ref) as T | Reference);
  return value as T;
}

/** Every value in the document with its JSON Pointer. */
function walk(value: unknown, visit: (value: unknown, pointer: string) => void, pointer = '#'): void {
  visit(value, pointer);
  if (Array.isArray(value)) value.forEach((item, index) => walk(item, visit, `${pointer}/${index}`));
  else if (isObject(value)) for (const [key, inner] of Object.entries(value)) walk(inner, visit, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
}

/** Every media type of the document: request bodies and responses, each with where it is and whether it is a request. */
function mediaTypes(doc: OpenApiDocument): Array<{ where: string; request: boolean; mediaType: OpenApiMediaType }> {
  const found: Array<{ where: string; request: boolean; mediaType: OpenApiMediaType }> = [];
  for (const { path, method, operation } of operationsOf(doc)) {
    for (const [type, mediaType] of Object.entries(operation.requestBody?.content ?? {})) {
      found.push({ where: `${method.toUpperCase()} ${path} request ${type}`, request: true, mediaType });
    }
    for (const [status, response] of Object.entries(operation.responses)) {
      for (const [type, mediaType] of Object.entries(deref<OpenApiResponse>(response).content ?? {})) {
        found.push({ where: `${method.toUpperCase()} ${path} ${status} ${type}`, request: false, mediaType });
      }
    }
  }
  return found;
}

const SECRET_NAMES = new Set([...SECRET_PARAMS, 'accessToken', 'refreshToken', 'idToken', 'jwtToken'].map((name) => name.toLowerCase()));
const namedLikeASecret = (name: string) => SECRET_NAMES.has(name.replace(/[-_]/g, '').toLowerCase());

/** Every property name a schema allows, resolving $refs, with its schema. */
function propertiesOf(schema: unknown, found: Array<{ name: string; schema: JsonSchema; at: string }> = [], at = '', seen = new Set<unknown>()) {
  const resolved = deref<JsonSchema>(schema as JsonSchema);
  if (!isObject(resolved) || seen.has(resolved)) return found;
  seen.add(resolved);
  for (const [name, inner] of Object.entries((resolved.properties as Record<string, JsonSchema> | undefined) ?? {})) {
    found.push({ name, schema: deref(inner), at: `${at}/${name}` });
    propertiesOf(inner, found, `${at}/${name}`, seen);
  }
  for (const keyword of ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains']) {
    if (isObject(resolved[keyword])) propertiesOf(resolved[keyword], found, `${at}/${keyword}`, seen);
  }
  for (const keyword of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    if (Array.isArray(resolved[keyword])) (resolved[keyword] as unknown[]).forEach((inner, i) => propertiesOf(inner, found, `${at}/${keyword}/${i}`, seen));
  }
  return found;
}

describe('the OpenAPI document of /api/v1', () => {
  it('is OpenAPI 3.1.0, JSON through and through, served from /api/v1 with a bearer scheme', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String), description: expect.any(String) });
    expect(document.servers).toEqual([expect.objectContaining({ url: API_V1_BASE_PATH })]);
    expect(document.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
    expect(openApiDocument()).toBe(document);
  });

  it('names every operation of the API, each once', () => {
    expect(operationsOf(document).map(({ method, path }) => `${method.toUpperCase()} ${path}`)).toEqual([
      'GET /connectionSpecs',
      'GET /connectionSpecs/{id}',
      'GET /connections',
      'POST /connections',
      'GET /connections/{id}',
      'PATCH /connections/{id}',
      'DELETE /connections/{id}',
      'POST /connections/{id}/test',
      'POST /keyPairs',
      'GET /openapi.json',
    ]);
    const ids = operationsOf(document).map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resolves every $ref', () => {
    const broken: string[] = [];
    let count = 0;
    walk(document, (value, pointer) => {
      if (!isObject(value) || typeof value.$ref !== 'string') return;
      count += 1;
      if (resolvePointer(document, value.$ref) === undefined) broken.push(`${pointer}: ${value.$ref}`);
    });
    expect(broken).toEqual([]);
    expect(count).toBeGreaterThan(50);
  });

  it('gives every operation an id, a summary, a tag it defines, its path parameters and described responses', () => {
    const tags = new Set(document.tags.map((tag) => tag.name));
    for (const { path, operation } of operationsOf(document)) {
      expect(operation.operationId, path).toMatch(/^[a-z][A-Za-z]+$/);
      expect(operation.summary.length, operation.operationId).toBeGreaterThan(5);
      expect(operation.tags.every((tag) => tags.has(tag)), operation.operationId).toBe(true);
      const parameters = (operation.parameters ?? []).map((p) => deref<OpenApiParameter>(p));
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      expect(parameters.filter((p) => p.in === 'path').map((p) => p.name), operation.operationId).toEqual(inPath);
      expect(parameters.filter((p) => p.in === 'path').every((p) => p.required), operation.operationId).toBe(true);
      expect(Object.keys(operation.responses).length, operation.operationId).toBeGreaterThan(1);
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(status, operation.operationId).toMatch(/^[1-5]\d\d$/);
        expect(deref<OpenApiResponse>(response).description.length, `${operation.operationId} ${status}`).toBeGreaterThan(3);
      }
      if (operation.operationId !== 'getOpenApiDocument') {
        expect(parameters.some((p) => p.in === 'header' && p.name === 'x-sandbox-name'), operation.operationId).toBe(true);
        expect(Object.keys(operation.responses), operation.operationId).toEqual(expect.arrayContaining(['400', '401', '403', '429', '500']));
      }
    }
  });

  it('answers every error as problem details, with WWW-Authenticate on 401 and Retry-After on 429', () => {
    for (const { operation } of operationsOf(document)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const resolved = deref<OpenApiResponse>(response);
        if (Number(status) < 400) {
          expect(Object.keys(resolved.content ?? {}), `${operation.operationId} ${status}`).not.toContain(PROBLEM_CONTENT_TYPE);
          continue;
        }
        expect(Object.keys(resolved.content ?? {}), `${operation.operationId} ${status}`).toEqual([PROBLEM_CONTENT_TYPE]);
        expect(resolved.content![PROBLEM_CONTENT_TYPE]!.schema).toEqual({ $ref: '#/components/schemas/Problem' });
        expect(resolved['x-problem-codes']?.length, `${operation.operationId} ${status}`).toBeGreaterThan(0);
      }
    }
    const header = (response: string, name: string) => deref<OpenApiHeader>(document.components.responses[response]!.headers![name]!);
    expect(header('Unauthorized', 'WWW-Authenticate').required).toBe(true);
    expect(header('TooManyRequests', 'Retry-After').required).toBe(true);
  });

  it('sends ETag with a connection, and Location with a new one', () => {
    const responses = Object.fromEntries(operationsOf(document).map(({ operation }) => [operation.operationId, operation.responses]));
    const headers = (id: string, status: string) => Object.keys(deref<OpenApiResponse>(responses[id]![status]!).headers ?? {});
    expect(headers('createConnection', '201')).toEqual(['Location', 'ETag']);
    expect(headers('getConnection', '200')).toEqual(['ETag']);
    expect(headers('updateConnection', '200')).toEqual(['ETag']);
    const patch = operationsOf(document).find(({ operation }) => operation.operationId === 'updateConnection')!.operation;
    expect(Object.keys(patch.requestBody!.content)).toEqual(['application/json-patch+json']);
    expect(patch.parameters!.map((p) => deref<OpenApiParameter>(p)).find((p) => p.name === 'If-Match')?.required).toBe(true);
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['412', '428']));
  });

  it('compiles every schema with Ajv (JSON Schema 2020-12): components, bodies, parameters and headers', () => {
    const schemas: Array<[string, unknown]> = [
      ...Object.entries(document.components.schemas).map(([name, schema]) => [`#/components/schemas/${name}`, schema] as [string, unknown]),
      ...mediaTypes(document).map(({ where, mediaType }) => [where, mediaType.schema] as [string, unknown]),
      ...Object.entries(document.components.parameters).map(([name, p]) => [`parameter ${name}`, p.schema] as [string, unknown]),
      ...Object.entries(document.components.headers).map(([name, h]) => [`header ${name}`, h.schema] as [string, unknown]),
    ];
    const failures: string[] = [];
    for (const [where, schema] of schemas) {
      try {
        compileDocumentSchema(ajv, schema);
      } catch (error) {
        failures.push(`${where}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(schemas.length).toBeGreaterThan(40);
  });

  it('has examples its own schemas accept: bodies, parameters, headers, and each request\'s auth params', () => {
    const validate = (schema: unknown, value: unknown) => {
      const check = compileDocumentSchema(ajv, schema);
      return check(value) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    };
    const failures: string[] = [];
    let examples = 0;
    for (const { where, mediaType } of mediaTypes(document)) {
      for (const [name, example] of Object.entries(mediaType.examples ?? {})) {
        examples += 1;
        for (const failure of validate(mediaType.schema, example.value)) failures.push(`${where} example ${name}: ${failure}`);
      }
    }
    for (const [name, parameter] of Object.entries(document.components.parameters)) {
      if (parameter.example !== undefined) for (const failure of validate(parameter.schema, parameter.example)) failures.push(`parameter ${name}: ${failure}`);
    }
    for (const [name, header] of Object.entries(document.components.headers)) {
      for (const failure of validate(header.schema, header.example)) failures.push(`header ${name}: ${failure}`);
    }
    // A create's params, against the schema of the auth spec it names, as the API checks them.
    const create = operationsOf(document).find(({ operation }) => operation.operationId === 'createConnection')!.operation;
    for (const [name, example] of Object.entries(create.requestBody!.content['application/json']!.examples!)) {
      const body = example.value as { auth: { specName: string; params: unknown }; connectionSpec: { id: string } };
      const binding = create['x-auth-params']!.find((b) => b.connectionSpecId === body.connectionSpec.id && b.specName === body.auth.specName);
      expect(binding, name).toBeDefined();
      for (const failure of validate(binding!.schema, body.auth.params)) failures.push(`createConnection example ${name} auth.params: ${failure}`);
      const spec = CONNECTION_SPECS.find((s) => s.id === body.connectionSpec.id)!;
      expect(paramSchemaOf(spec, body.auth.specName, 'create')!.safeParse(body.auth.params).success, name).toBe(true);
    }
    expect(failures).toEqual([]);
    expect(examples).toBeGreaterThan(15);
  });

  it('binds auth.params of every auth spec of every connection spec to a component made from its zod schema', () => {
    const create = operationsOf(document).find(({ operation }) => operation.operationId === 'createConnection')!.operation;
    const bindings = create['x-auth-params']!;
    expect(bindings.map((b) => `${b.connectionSpecName} / ${b.specName}`)).toEqual(
      CONNECTION_SPECS.flatMap((spec) => spec.authSpecs.map((authSpec) => `${spec.name} / ${authSpec.name}`)),
    );
    expect(document.components.schemas.SalesforceOAuth2ClientCredentialParams).toBeDefined();
    for (const spec of CONNECTION_SPECS) {
      for (const authSpec of spec.authSpecs) {
        const name = paramsSchemaName(spec, authSpec.name);
        const binding = bindings.find((b) => b.connectionSpecId === spec.id && b.specName === authSpec.name)!;
        expect(binding.schema.$ref).toBe(`#/components/schemas/${name}`);
        const { $schema: _dialect, ...fromZod } = z.toJSONSchema(paramSchemaOf(spec, authSpec.name, 'create')!, { io: 'input' }) as JsonSchema;
        const { description, ...component } = document.components.schemas[name]!;
        expect(component, name).toEqual(fromZod);
        expect(description, name).toContain(authSpec.name);
      }
    }
  });

  it('has no secret in any response: no property named like one, and none in an example except as a write-only schema', () => {
    const leaks: string[] = [];
    for (const { where, request, mediaType } of mediaTypes(document)) {
      if (request) continue;
      for (const { name, at } of propertiesOf(mediaType.schema)) if (namedLikeASecret(name)) leaks.push(`${where} schema ${at}`);
      for (const [exampleName, example] of Object.entries(mediaType.examples ?? {})) {
        walk(example.value, (value, pointer) => {
          if (!isObject(value)) return;
          for (const [key, inner] of Object.entries(value)) {
            // A connection spec's params schema names its secret params, marked write-only; that is no secret.
            if (namedLikeASecret(key) && !(isObject(inner) && inner.writeOnly === true)) leaks.push(`${where} example ${exampleName} ${pointer}/${key}`);
          }
        });
      }
    }
    expect(leaks).toEqual([]);
  });

  it('marks every secret a request sends write-only, format "password"', () => {
    const requestSchemas = [
      ...mediaTypes(document)
        .filter(({ request }) => request)
        .map(({ where, mediaType }) => [where, mediaType.schema] as const),
      ...Object.entries(document.components.schemas)
        .filter(([name]) => name.endsWith('Params'))
        .map(([name, schema]) => [name, schema] as const),
    ];
    const secrets: string[] = [];
    const unmarked: string[] = [];
    for (const [where, schema] of requestSchemas) {
      for (const { name, schema: property, at } of propertiesOf(schema)) {
        if (!namedLikeASecret(name)) continue;
        secrets.push(`${where} ${at}`);
        if (property.writeOnly !== true || property.format !== 'password') unmarked.push(`${where} ${at}`);
      }
    }
    expect(unmarked).toEqual([]);
    // Every secret param some auth spec takes was looked at.
    for (const name of SECRET_PARAMS) expect(secrets.some((at) => at.endsWith(`/${name}`)), name).toBe(true);
  });

  it('says how auth params map, and what differs from Flow Service', () => {
    const description = document.info.description;
    for (const words of ['x-sandbox-name', 'secretParams', 'write-only', 'If-Match', 'ETag', '428', '412', 'jwtToken', 'fresh assertion', 'keyPairId', 'problem+json']) {
      expect(description).toContain(words);
    }
  });
});
