import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import supertest from 'supertest';
import {
  API_V1_BASE_PATH,
  JSON_PATCH_CONTENT_TYPE,
  openApiDocument,
  operationsOf,
  type HttpMethod,
  type JsonSchema,
  type OpenApiDocument,
  type OpenApiHeader,
  type OpenApiOperation,
  type OpenApiResponse,
  type Reference,
} from '../api/openapi';

/**
 * The OpenAPI document as a contract: every /api/v1 answer a test sees is checked against it
 * (its status is one the operation names, its content type, its body against the schema, its
 * required headers), so that the document cannot drift from the code. The validator is Ajv's
 * JSON Schema 2020-12 build, a program apart from zod, which made the document: a schema that
 * says something zod does not mean is caught too.
 */

/** What a check needs of an answer: supertest's Response has all of it. */
export interface ContractResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body; bodies are parsed here, by their content type. */
  text?: string;
  /** A parsed body, used when there is no text. */
  body?: unknown;
}

export class ContractViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractViolation';
  }
}

/** Where the document's components live for Ajv: every `#/components/schemas/X` becomes `${COMPONENTS_ID}#/$defs/X`. */
const COMPONENTS_ID = 'https://keyway.invalid/api/v1/openapi.json';

/** `#/components/schemas/X` → an address Ajv resolves; everything else unchanged. */
function retarget(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(retarget);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string' && inner.startsWith('#/components/schemas/')
        ? `${COMPONENTS_ID}#/$defs/${inner.slice('#/components/schemas/'.length)}`
        : retarget(inner),
    ]),
  );
}

/** Ajv for OpenAPI 3.1's schemas: 2020-12, with formats, and the "password" format OpenAPI names (any string). */
export function createSchemaValidator(document: OpenApiDocument): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('password', true);
  // OpenAPI's own schema keywords, in case a schema ever carries one; none of them validates anything.
  ajv.addVocabulary(['discriminator', 'xml', 'externalDocs', 'example']);
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: retarget(document.components.schemas) as Record<string, JsonSchema> });
  return ajv;
}

/** A schema of the document (its $refs to components included), compiled by the validator createSchemaValidator made. */
export const compileDocumentSchema = (ajv: Ajv2020, schema: unknown): ValidateFunction => ajv.compile(retarget(schema) as JsonSchema);

/** A JSON Pointer inside the document (`#/components/responses/NotFound`). */
export function resolvePointer(document: OpenApiDocument, pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined;
  let at: unknown = document;
  for (const raw of pointer.slice(2).split('/')) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, segment)) return undefined;
    at = (at as Record<string, unknown>)[segment];
  }
  return at;
}

function deref<T>(document: OpenApiDocument, value: T | Reference): T {
  let at: unknown = value;
  for (let hops = 0; hops < 10 && typeof at === 'object' && at !== null && '$ref' in at; hops += 1) {
    const target = resolvePointer(document, (at as Reference).$ref);
    if (target === undefined) throw new ContractViolation(`The document's $ref ${(at as Reference).$ref} resolves to nothing.`);
    at = target;
  }
  return at as T;
}

const mediaTypeOf = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
const isJsonMediaType = (mediaType: string) => /^application\/(?:[\w.-]+\+)?json$/.test(mediaType);
const headerValue = (headers: ContractResponse['headers'], name: string) => {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
};

function describeErrors(errors: readonly ErrorObject[] | null | undefined, where: string): string[] {
  return (errors ?? []).map((error) => {
    const at = `${where}${error.instancePath}` || where;
    const params = error.params as Record<string, unknown>;
    const extra =
      'additionalProperty' in params
        ? ` ("${String(params.additionalProperty)}")`
        : 'allowedValues' in params
          ? ` (${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`
          : '';
    return `${at}: ${error.message ?? 'is not valid'}${extra}`;
  });
}

const truncate = (text: string, max = 1500) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);

interface Located {
  template: string;
  method: HttpMethod;
  operation: OpenApiOperation;
}

/** The checks, over one document. `openApiContract()` is the one over the API's own. */
export class OpenApiContract {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ template: string; pattern: RegExp; literals: number }>;
  private readonly seen = new Map<string, Set<number>>();

  constructor(readonly document: OpenApiDocument) {
    this.ajv = createSchemaValidator(document);
    this.templates = Object.keys(document.paths)
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`),
        literals: template.replace(/\{[^}]+\}/g, '').length,
      }))
      // A literal segment wins over a parameter: /connections/{id} must not swallow a longer literal path.
      .sort((a, b) => b.literals - a.literals);
  }

  /** The operation a request went to: the path relative to /api/v1 or with it, any query left off. */
  locate(method: string, routePath: string): { path: string; located?: Located; pathKnown: boolean } {
    let path = routePath.split('?')[0]!.split('#')[0]!;
    if (path === API_V1_BASE_PATH || path.startsWith(`${API_V1_BASE_PATH}/`)) path = path.slice(API_V1_BASE_PATH.length) || '/';
    const lower = method.toLowerCase() as HttpMethod;
    const match = this.templates.find((t) => t.pattern.test(path));
    if (!match) return { path, pathKnown: false };
    const operation = this.document.paths[match.template]?.[lower];
    return { path, pathKnown: true, located: operation ? { template: match.template, method: lower, operation } : undefined };
  }

  private validator(key: string, schema: JsonSchema): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = compileDocumentSchema(this.ajv, schema);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** Every way the answer differs from the document; none when it matches. */
  check(method: string, routePath: string, response: ContractResponse): string[] {
    const { located, pathKnown } = this.locate(method, routePath);
    const problems: string[] = [];
    const contentType = headerValue(response.headers, 'content-type');
    const mediaType = mediaTypeOf(contentType);

    let documented: OpenApiResponse;
    let key: string;
    if (!located) {
      // What the document does not name must be refused, as a problem: 404 for a path, 405 (or 404) for a method.
      if (response.status !== 404 && response.status !== 405) {
        problems.push(
          `${method.toUpperCase()} ${routePath} is not in the document (${pathKnown ? 'the path is, but not this method' : 'no such path'}), yet it answered ${response.status}: document it in server/src/api/openapi.ts, or refuse it with a 404 or 405 problem.`,
        );
        return problems;
      }
      documented = deref<OpenApiResponse>(this.document, { $ref: '#/components/responses/NotFound' });
      key = `unknown ${response.status}`;
    } else {
      const { operation } = located;
      const status = String(response.status);
      const found = operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
      if (!found) {
        problems.push(`${operation.operationId} answered ${response.status}, which it does not document (it documents ${Object.keys(operation.responses).join(', ')}).`);
        return problems;
      }
      documented = deref<OpenApiResponse>(this.document, found);
      key = `${operation.operationId} ${status}`;
      this.note(located, response.status);
    }

    for (const [name, value] of Object.entries(documented.headers ?? {})) {
      if (name.toLowerCase() === 'content-type') continue;
      const header = deref<OpenApiHeader>(this.document, value);
      const sent = headerValue(response.headers, name);
      if (sent === undefined) {
        if (header.required) problems.push(`header ${name}: missing, and the document requires it.`);
        continue;
      }
      const validate = this.validator(`${key} header ${name}`, header.schema);
      if (!validate(sent)) problems.push(...describeErrors(validate.errors, `header ${name} (${JSON.stringify(sent)})`));
    }

    const content = documented.content ?? {};
    const mediaTypes = Object.keys(content);
    const text = response.text ?? (response.body === undefined || response.body === null || (typeof response.body === 'object' && Object.keys(response.body).length === 0) ? '' : JSON.stringify(response.body));
    if (mediaTypes.length === 0) {
      if (text !== '') problems.push(`body: the document says there is none, but there is: ${truncate(text, 200)}`);
      return problems;
    }
    const chosen = mediaTypes.find((candidate) => candidate === mediaType) ?? mediaTypes.find((candidate) => candidate.endsWith('/*') && mediaType.startsWith(candidate.slice(0, -1)));
    if (!chosen) {
      problems.push(`content type: ${contentType === undefined ? 'none sent' : JSON.stringify(contentType)}, where the document says ${mediaTypes.join(' or ')}.`);
      return problems;
    }
    let body: unknown = response.body;
    if (isJsonMediaType(mediaType) && response.text !== undefined) {
      try {
        body = JSON.parse(response.text);
      } catch {
        problems.push(`body: not JSON, though the content type is ${mediaType}: ${truncate(response.text, 200)}`);
        return problems;
      }
    }
    const validate = this.validator(`${key} ${chosen}`, content[chosen]!.schema);
    if (!validate(body)) problems.push(...describeErrors(validate.errors, 'body'));
    return problems;
  }

  /** Throws a ContractViolation that says what differs, and shows the answer. */
  assert(method: string, routePath: string, response: ContractResponse): void {
    const problems = this.check(method, routePath, response);
    if (problems.length === 0) return;
    const { located } = this.locate(method, routePath);
    const name = located ? `${located.operation.operationId}, ${located.method.toUpperCase()} ${located.template}` : 'no operation';
    const shown = response.text ?? (response.body === undefined ? '' : JSON.stringify(response.body));
    throw new ContractViolation(
      [
        `${method.toUpperCase()} ${routePath} (${name}) answered ${response.status}, and that is not what the OpenAPI document (server/src/api/openapi.ts) says:`,
        ...problems.map((problem) => `  - ${problem}`),
        `  content-type: ${headerValue(response.headers, 'content-type') ?? '(none)'}`,
        `  body: ${truncate(shown) || '(empty)'}`,
      ].join('\n'),
    );
  }

  private note(located: Located, status: number): void {
    const key = `${located.method.toUpperCase()} ${located.template}`;
    const statuses = this.seen.get(key) ?? new Set<number>();
    statuses.add(status);
    this.seen.set(key, statuses);
  }

  /** Which operations the checks have seen answer, and with which statuses; the others were never seen. */
  coverage(): { seen: Array<{ operation: string; statuses: number[] }>; unseen: string[] } {
    const all = operationsOf(this.document).map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    return {
      seen: all.filter((op) => this.seen.has(op)).map((operation) => ({ operation, statuses: [...this.seen.get(operation)!].sort((a, b) => a - b) })),
      unseen: all.filter((op) => !this.seen.has(op)),
    };
  }
}

let contract: OpenApiContract | undefined;

/** The contract of /api/v1 itself, one per test file (vitest isolates files), so coverage adds up across a file's tests. */
export function openApiContract(): OpenApiContract {
  contract ??= new OpenApiContract(openApiDocument());
  return contract;
}

/**
 * Fails (throws a ContractViolation) unless the answer is what the document says of that
 * operation. `routePath` may carry /api/v1 and a query: "/api/v1/connections/abc?x=1".
 */
export function assertMatchesContract(method: string, routePath: string, response: ContractResponse): void {
  openApiContract().assert(method, routePath, response);
}

type SupertestApp = Parameters<typeof supertest>[0];

export interface ApiV1Client {
  get(path: string): supertest.Test;
  post(path: string): supertest.Test;
  patch(path: string): supertest.Test;
  delete(path: string): supertest.Test;
}

export interface ApiV1Options {
  /** Sent as x-sandbox-name on every request; leave it out for the default sandbox. */
  sandbox?: string;
}

/**
 * supertest for /api/v1 with an API key (`null` sends none): paths are relative to /api/v1, and
 * every answer is checked against the OpenAPI document before the test sees it, as the first of
 * the request's expectations, so a drifted answer fails the test with what differs.
 *
 *   const api = apiV1(app, key);
 *   const created = await api.post('/connections').send(body).expect(201);
 *   // PATCH goes as application/json-patch+json unless the test sets another type.
 *   await api.patch(`/connections/${created.body.id}`).set('if-match', created.body.etag)
 *     .send([{ op: 'replace', path: '/name', value: 'New' }]).expect(200);
 */
export function apiV1(app: SupertestApp, key: string | null, options: ApiV1Options = {}): ApiV1Client {
  const request = (method: 'get' | 'post' | 'patch' | 'delete') => (path: string) => {
    const url = `${API_V1_BASE_PATH}${path.startsWith('/') ? path : `/${path}`}`;
    const test = supertest(app)[method](url);
    if (key !== null) test.set('authorization', `Bearer ${key}`);
    if (options.sandbox !== undefined) test.set('x-sandbox-name', options.sandbox);
    // What PATCH takes; a test of another type sets its own after this.
    if (method === 'patch') test.set('content-type', JSON_PATCH_CONTENT_TYPE);
    return test.expect((response: supertest.Response) => assertMatchesContract(method, url, response));
  };
  return { get: request('get'), post: request('post'), patch: request('patch'), delete: request('delete') };
}

