import { presentConnectionSpec } from './connection-mapping';
import { z } from 'zod';
import {
  AUTH_SPEC_NAMES,
  CertificateSchema,
  CONNECTION_SPEC_VERSION,
  CONNECTION_SPECS,
  ConnectionCreatedSchema,
  ConnectionCreateSchema,
  ConnectionItemsSchema,
  ConnectionListSchema,
  ConnectionSchema,
  ConnectionSpecListSchema,
  ConnectionSpecSchema,
  ConnectionTestResultSchema,
  GeneratedKeyPairSchema,
  GLOBAL_FOLDER_NAME,
  JsonPatchSchema,
  KeyPairRequestSchema,
  paramSchemaOf,
  ProblemSchema,
  RESTFUL_SPEC_ID,
  SALESFORCE_SPEC_ID,
  SECRET_PARAMS,
  type Connection,
  type ConnectionSpecDefinition,
  type Problem,
} from '@keyway/shared';
import { API_KEY_MISSING_MESSAGE, API_KEY_REFUSED_MESSAGE, DEFAULT_API_KEY_RATE_LIMIT } from './api-key-authentication';
import { PROBLEM_CONTENT_TYPE, problemType } from './problem-details';

/**
 * The OpenAPI 3.1 document of /api/v1, made from the zod schemas that validate its requests and
 * shape its answers (shared/src/connections), so that it cannot say one thing while the code does
 * another; test-support/openapi-contract.ts checks every answer the tests see against it. Request
 * bodies are the schemas' input side (defaults optional), answers their output side. The paths,
 * their parameters and statuses are written here, in Flow Service's words where Flow has them.
 */

export const API_V1_BASE_PATH = '/api/v1';
export const JSON_PATCH_CONTENT_TYPE = 'application/json-patch+json';
const JSON_CONTENT_TYPE = 'application/json';
const SANDBOX_HEADER = 'x-sandbox-name';

export type JsonSchema = { [keyword: string]: unknown };
export interface Reference {
  $ref: string;
  /** OpenAPI 3.1 lets a reference say what the thing means here. */
  description?: string;
}
export interface OpenApiExample {
  summary: string;
  description?: string;
  value: unknown;
}
export interface OpenApiMediaType {
  schema: JsonSchema;
  examples?: Record<string, OpenApiExample>;
}
export interface OpenApiHeader {
  description: string;
  required?: boolean;
  schema: JsonSchema;
  example?: string;
}
export interface OpenApiResponse {
  description: string;
  headers?: Record<string, OpenApiHeader | Reference>;
  content?: Record<string, OpenApiMediaType>;
  /** The problem codes an error answer carries, with what each means (this document's own extension). */
  'x-problem-codes'?: Array<{ code: string; meaning: string }>;
}
export interface OpenApiParameter {
  name: string;
  in: 'query' | 'header' | 'path';
  description: string;
  required?: boolean;
  schema: JsonSchema;
  style?: 'form' | 'simple';
  explode?: boolean;
  example?: unknown;
}
export interface OpenApiRequestBody {
  description?: string;
  required: boolean;
  content: Record<string, OpenApiMediaType>;
}
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}
/** Which params schema `auth.params` follows for each connection spec and auth spec (this document's own extension). */
export interface AuthParamsBinding {
  connectionSpecId: string;
  connectionSpecName: string;
  specName: string;
  type: string;
  deprecated?: boolean;
  schema: Reference;
}
export interface OpenApiOperation {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  parameters?: Array<OpenApiParameter | Reference>;
  requestBody?: OpenApiRequestBody;
  responses: Record<string, OpenApiResponse | Reference>;
  security?: Array<Record<string, string[]>>;
  /** The convention Redoc and others read for request examples. */
  'x-codeSamples'?: CodeSample[];
  'x-auth-params'?: AuthParamsBinding[];
}
export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export type OpenApiPathItem = Partial<Record<HttpMethod, OpenApiOperation>>;
export interface OpenApiDocument {
  openapi: '3.1.0';
  jsonSchemaDialect: string;
  info: { title: string; version: string; summary: string; description: string };
  servers: Array<{ url: string; description: string }>;
  security: Array<Record<string, string[]>>;
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, OpenApiPathItem>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, OpenApiParameter>;
    headers: Record<string, OpenApiHeader>;
    responses: Record<string, OpenApiResponse>;
    securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; description: string }>;
  };
}

const ref = (kind: 'schemas' | 'parameters' | 'headers' | 'responses', name: string, description?: string): Reference => ({
  $ref: `#/components/${kind}/${name}`,
  ...(description ? { description } : {}),
});
const schemaRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/* ------------------------------------------------------------------ schemas from zod */

/** The answer of POST /connections/{id}/test: the test's result, never a token. */
export const ConnectionTestResponseSchema = z.object({ result: ConnectionTestResultSchema });

/** "OAuth2 JWT Token Credential" → "OAuth2JWTTokenCredential"; "RESTful Service" → "RESTfulService". */
const pascal = (words: string) =>
  words
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');

/** The component name of one auth spec's params, e.g. SalesforceOAuth2ClientCredentialParams. */
export const paramsSchemaName = (spec: ConnectionSpecDefinition, authSpecName: string) => `${pascal(spec.name)}${pascal(authSpecName)}Params`;

const OUTPUT_SCHEMAS = {
  Connection: ConnectionSchema,
  ConnectionItems: ConnectionItemsSchema,
  ConnectionList: ConnectionListSchema,
  ConnectionCreated: ConnectionCreatedSchema,
  ConnectionSpec: ConnectionSpecSchema,
  ConnectionSpecList: ConnectionSpecListSchema,
  ConnectionTestResult: ConnectionTestResultSchema,
  ConnectionTestResponse: ConnectionTestResponseSchema,
  Certificate: CertificateSchema,
  GeneratedKeyPair: GeneratedKeyPairSchema,
  Problem: ProblemSchema,
} as const;

const INPUT_SCHEMAS = {
  ConnectionCreate: ConnectionCreateSchema,
  JsonPatch: JsonPatchSchema,
  KeyPairRequest: KeyPairRequestSchema,
} as const;

/** Every schema of one side (input or output), as components that refer to each other by $ref. */
function componentsOf(schemas: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: made } = z.toJSONSchema(registry, { io, target: 'draft-2020-12', uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, JsonSchema>;
  };
  // In a document, the dialect is the document's (jsonSchemaDialect) and a component's name is its address.
  return Object.fromEntries(Object.entries(made).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema]));
}

/** Each auth spec's params, as a create sends them: secrets required, write-only, format "password". */
function paramComponents(): { schemas: Record<string, JsonSchema>; bindings: AuthParamsBinding[] } {
  const schemas: Record<string, z.ZodType> = {};
  const bindings: AuthParamsBinding[] = [];
  for (const spec of CONNECTION_SPECS) {
    for (const authSpec of spec.authSpecs) {
      const schema = paramSchemaOf(spec, authSpec.name, 'create');
      if (!schema) throw new Error(`${spec.name} has no params schema for "${authSpec.name}"`);
      const name = paramsSchemaName(spec, authSpec.name);
      schemas[name] = schema.meta({ description: `${spec.name}, "${authSpec.name}": ${authSpec.description}` });
      bindings.push({
        connectionSpecId: spec.id,
        connectionSpecName: spec.name,
        specName: authSpec.name,
        type: authSpec.type,
        ...(authSpec.deprecated ? { deprecated: true } : {}),
        schema: ref('schemas', name),
      });
    }
  }
  return { schemas: componentsOf(schemas, 'input'), bindings };
}

/**
 * Words for properties whose zod schema has none (its JSDoc does not reach JSON Schema). Each
 * names a place that must exist: a property renamed in shared/ fails here, not silently.
 */
const PROPERTY_DESCRIPTIONS: Record<string, Record<string, string>> = {
  Connection: {
    '/properties/id': 'The connection\'s id: the one in /connections/{id}.',
    '/properties/name': 'The connection\'s name; the console shows it as the data source\'s title.',
    '/properties/description': 'What the connection is for.',
    '/properties/connectionSpec': 'The connection spec it was made from (GET /connectionSpecs/{id}).',
    '/properties/state': '`initializing` until the first check; then `enabled`, `degraded` or `failing`, as the checks find; `disabled` while paused.',
    '/properties/stateReason': 'Why the state is what it is, in a sentence.',
    '/properties/auth/properties/specName': 'The auth spec the connection authenticates with, one of the spec\'s `authSpec[].name`.',
    '/properties/auth/properties/params':
      'Every param but the secret ones. Secret params are write-only: never returned, not even masked; their names are in `secretParams`.',
    '/properties/secretParams': 'The secret (write-only) params stored for this connection, by name.',
    '/properties/deprecated': 'Set on a connection whose auth spec is deprecated (Salesforce\'s Basic Authentication).',
    '/properties/sandboxName': 'The configuration folder the connection is in, which Flow Service calls the sandbox.',
    '/properties/createdBy': 'Who made it: a person\'s email, or an API key\'s name and prefix.',
    '/properties/updatedBy': 'Who changed it last, named as in `createdBy`.',
    '/properties/version': 'Goes up by one with every change, made in the console or through this API.',
    '/properties/etag': 'The version as an entity tag, quotes included: send it in `If-Match`. The same as the `ETag` header.',
  },
  ConnectionList: {
    '/properties/_links/properties/next': 'The next page: the same query with a `continuationToken`. Absent on the last page.',
  },
  ConnectionCreated: {
    '/properties/id': 'The new (or changed) connection\'s id.',
    '/properties/etag': 'Its etag now, quotes included: the `If-Match` for the next PATCH.',
  },
  ConnectionSpec: {
    '/properties/id': 'The spec\'s id, to send as `connectionSpec.id`.',
    '/properties/authSpec/items/properties/name': 'What `auth.specName` names.',
    '/properties/authSpec/items/properties/spec':
      'The params\' JSON Schema (2020-12). Secret params carry `"format": "password"` and `"writeOnly": true`.',
  },
  ConnectionTestResult: {
    '/properties/ok': 'Whether every step succeeded.',
    '/properties/testedAt': 'When the test ran (ISO 8601).',
    '/properties/steps': 'What the test did, in order: the token request, then one GET against the API with the token.',
    '/properties/steps/items/properties/name': '`token`: the token request; `api`: the GET against the API.',
    '/properties/steps/items/properties/method': 'The HTTP method of the step.',
    '/properties/steps/items/properties/url': 'The address it called.',
    '/properties/steps/items/properties/ok': 'Whether the step succeeded.',
    '/properties/steps/items/properties/httpStatus': 'The HTTP status; absent when no answer came (refused, timed out, network error).',
    '/properties/steps/items/properties/durationMs': 'How long the step took, in milliseconds.',
    '/properties/token': 'What the token response said, without the token itself.',
    '/properties/token/properties/tokenType': 'The token type, e.g. `Bearer`.',
    '/properties/token/properties/scope': 'The scope granted.',
    '/properties/token/properties/instanceUrl': 'Salesforce\'s instance URL, when it sends one.',
    '/properties/token/properties/issuedAt': 'When it was issued (ISO 8601).',
    '/properties/token/properties/expiresInSeconds': 'Its lifetime, as the provider said.',
    '/properties/failure': 'Set when the test failed: where, how, and what to do about it.',
    '/properties/failure/properties/step': 'The step that failed.',
    '/properties/failure/properties/kind':
      '`refused`: Keyway\'s outbound policy said no; `network`, `timeout`: no answer; `oauth_error`: the provider said no; `http_error`: the API said no; `invalid_response`: an answer Keyway could not read.',
    '/properties/failure/properties/httpStatus': 'The HTTP status of the failed step, when there was one.',
    '/properties/failure/properties/error': 'The provider\'s `error`, verbatim.',
    '/properties/failure/properties/errorDescription': 'The provider\'s `error_description`, verbatim, with any echoed secret removed.',
    '/properties/failure/properties/message': 'What happened, in one sentence.',
    '/properties/failure/properties/hint': 'What to do about it, when Keyway knows.',
    '/properties/receipt': 'Present after a success: proof, for the console, that exactly these values were tested.',
  },
  ConnectionTestResponse: {
    '/properties/result': 'What the test did and found: each step, and for a failure what went wrong and what to do about it. Never a token.',
  },
  GeneratedKeyPair: {
    '/properties/id': 'The key pair\'s id: send it as `keyPairId` in the params of an "OAuth2 JWT Token Credential" connection.',
    '/properties/certificate': 'The certificate to upload to the connected app ("Use digital signatures"). The private key stays in Keyway.',
  },
  Certificate: {
    '/properties/pem': 'The certificate, PEM.',
    '/properties/subject': 'Its subject, e.g. "CN=Keyway JWT".',
    '/properties/notAfter': 'When it expires (ISO 8601).',
    '/properties/sha256': 'SHA-256 of the DER, hex, colon-separated: what Salesforce shows for an uploaded certificate.',
  },
  Problem: {
    '/properties/type': 'A URN per code (`urn:keyway:problem:<code>`), stable to switch on.',
    '/properties/title': 'HTTP\'s words for the status.',
    '/properties/status': 'The HTTP status, repeated.',
    '/properties/detail': 'What went wrong and what to do about it, for a person.',
    '/properties/code': 'The console\'s stable, snake_case code for this problem.',
    '/properties/errors': 'For bad input: every problem, each at its place in the request.',
    '/properties/errors/items/properties/pointer': 'A JSON Pointer (RFC 6901) into the body (`/auth/params/clientSecret`), or `/<parameter>` for a query parameter.',
    '/properties/errors/items/properties/detail': 'What is wrong there.',
  },
  ConnectionCreate: {
    '/properties/name': 'The connection\'s name; the console shows it as the data source\'s title.',
    '/properties/description': 'What the connection is for.',
    '/properties/auth/properties/specName': 'The auth spec, by name, as the spec lists it in `authSpec[].name`: "OAuth2 Client Credential", "OAuth2 JWT Token Credential", "Basic Authentication", …',
    '/properties/auth/properties/params':
      'The auth spec\'s params, as its JSON Schema in GET /connectionSpecs says; the schema of each spec and auth spec is listed with POST /connections (`x-auth-params`).',
    '/properties/connectionSpec/properties/id': `The connection spec's id: \`${SALESFORCE_SPEC_ID}\` for Salesforce (Flow Service's own), \`${RESTFUL_SPEC_ID}\` for a RESTful Service.`,
    '/properties/connectionSpec/properties/version': `"${CONNECTION_SPEC_VERSION}", or leave it out.`,
  },
  JsonPatch: {
    '/items/properties/op': '`add`, `replace` or `remove`.',
    '/items/properties/path':
      'A JSON Pointer into the connection as GET shows it: `/name`, `/description`, `/auth/params`, `/auth/params/<param>`. Secret params can be set, never read.',
    '/items/properties/value': 'The new value (for `add` and `replace`).',
  },
  KeyPairRequest: {
    '/properties/commonName': 'The certificate\'s common name, e.g. the connected app\'s name.',
  },
};

function pointerTarget(schema: JsonSchema, pointer: string): JsonSchema | undefined {
  let at: unknown = schema;
  for (const segment of pointer.split('/').slice(1)) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return typeof at === 'object' && at !== null ? (at as JsonSchema) : undefined;
}

function describeProperties(schemas: Record<string, JsonSchema>): void {
  for (const [component, places] of Object.entries(PROPERTY_DESCRIPTIONS)) {
    const schema = schemas[component];
    if (!schema) throw new Error(`openapi: no component ${component} to describe`);
    for (const [pointer, description] of Object.entries(places)) {
      const target = pointerTarget(schema, pointer);
      if (!target) throw new Error(`openapi: ${component} has nothing at ${pointer}`);
      target.description ??= description;
    }
  }
}

/* ------------------------------------------------------------------ examples */

const EXAMPLE_ID = '4cb0c374-d3bb-4557-b139-5712880adc55';
const EXAMPLE_KEY_PAIR_ID = '9d1f0a52-3c4e-4b7a-8e61-2f5d7c9b0a13';
const ENVIRONMENT_URL = 'https://acme-enterprise-3126.my.salesforce.com';
const CREATED_BY = 'ci (API key kw_7hq2mxa4)';
const etagExample = (version: number) => `"v${version}"`;

const CREATE_EXAMPLES: Record<string, OpenApiExample> = {
  salesforceClientCredential: {
    summary: 'Salesforce, OAuth2 Client Credential',
    description: 'Flow Service\'s own request: a connected app with the client credentials flow and a Run As user.',
    value: {
      name: 'ACME Salesforce account',
      description: 'Salesforce account using OAuth 2',
      auth: {
        specName: AUTH_SPEC_NAMES.clientCredentials,
        params: { environmentUrl: ENVIRONMENT_URL, clientId: '3MVG9xOCXq4ID1uElRYWhpUWjXYxVh0', clientSecret: '{CLIENT_SECRET}', apiVersion: '60.0' },
      },
      connectionSpec: { id: SALESFORCE_SPEC_ID, version: CONNECTION_SPEC_VERSION },
    },
  },
  salesforceJwtBearer: {
    summary: 'Salesforce, OAuth2 JWT Token Credential with a key pair Keyway made',
    description:
      'Rather than a ready-made `jwtToken`, name the key pair from POST /keyPairs (or send `privateKey`, PEM): Keyway signs a fresh assertion for every token exchange.',
    value: {
      name: 'ACME Salesforce (JWT)',
      description: 'Integration user, JWT bearer flow',
      auth: {
        specName: AUTH_SPEC_NAMES.jwtBearer,
        params: {
          environmentUrl: ENVIRONMENT_URL,
          clientId: '3MVG9xOCXq4ID1uElRYWhpUWjXYxVh0',
          username: 'integration@acme.example',
          audience: 'https://login.salesforce.com',
          keyPairId: EXAMPLE_KEY_PAIR_ID,
          apiVersion: '60.0',
        },
      },
      connectionSpec: { id: SALESFORCE_SPEC_ID, version: CONNECTION_SPEC_VERSION },
    },
  },
  restfulApiKey: {
    summary: 'RESTful Service, API Key',
    value: {
      name: 'Weather API',
      auth: { specName: AUTH_SPEC_NAMES.apiKey, params: { url: 'https://api.weather.example/v2', placement: 'header', keyName: 'X-API-Key', keyValue: '{API_KEY_VALUE}' } },
      connectionSpec: { id: RESTFUL_SPEC_ID },
    },
  },
};

const CONNECTION_EXAMPLE: Connection = {
  id: EXAMPLE_ID,
  name: 'ACME Salesforce account',
  description: 'Salesforce account using OAuth 2',
  connectionSpec: { id: SALESFORCE_SPEC_ID, version: CONNECTION_SPEC_VERSION },
  state: 'enabled',
  stateReason: 'The last check got a token and an answer from the API in 212 ms.',
  auth: { specName: AUTH_SPEC_NAMES.clientCredentials, params: { environmentUrl: ENVIRONMENT_URL, clientId: '3MVG9xOCXq4ID1uElRYWhpUWjXYxVh0', apiVersion: '60.0' } },
  secretParams: ['clientSecret'],
  sandboxName: GLOBAL_FOLDER_NAME,
  createdAt: 1736506325115,
  updatedAt: 1736506413299,
  createdBy: CREATED_BY,
  updatedBy: CREATED_BY,
  version: 2,
  etag: etagExample(2),
};
const INITIALIZING_EXAMPLE: Connection = {
  ...CONNECTION_EXAMPLE,
  state: 'initializing',
  stateReason: 'Not checked yet: the first check runs within a few seconds.',
  updatedAt: CONNECTION_EXAMPLE.createdAt,
  version: 1,
  etag: etagExample(1),
};


const problem = (status: number, title: string, code: string, detail: string, errors?: Problem['errors']): Problem => ({
  type: problemType(code),
  title,
  status,
  detail,
  code,
  ...(errors ? { errors } : {}),
});

/* ------------------------------------------------------------------ problems */

interface ProblemResponseDefinition {
  status: number;
  name: string;
  title: string;
  description: string;
  codes: Array<{ code: string; meaning: string }>;
  example: Problem;
  headers?: Record<string, Reference>;
}

const PROBLEMS: ProblemResponseDefinition[] = [
  {
    status: 400,
    name: 'BadRequest',
    title: 'Bad Request',
    description: 'The request is not one this API reads: `errors` lists every problem at its place (JSON Pointer).',
    codes: [
      { code: 'validation_error', meaning: 'The body, a query parameter or a param is missing or not valid; `errors` says where and why.' },
      { code: 'invalid_body', meaning: 'The body is not JSON, or it could not be read.' },
      { code: 'invalid_path', meaning: 'The address has a malformed %-escape.' },
    ],
    example: problem(400, 'Bad Request', 'validation_error', 'Some params are missing or not valid.', [
      { pointer: '/auth/params/clientSecret', detail: 'Enter a value' },
      { pointer: '/auth/params/apiVersion', detail: 'Enter a Salesforce API version such as "60.0"' },
    ]),
  },
  {
    status: 401,
    name: 'Unauthorized',
    title: 'Unauthorized',
    description: 'No API key, or one that is wrong, revoked or expired. `WWW-Authenticate` says so (RFC 6750).',
    codes: [{ code: 'unauthenticated', meaning: 'Send `Authorization: Bearer <API key>` with a key that works.' }],
    example: problem(401, 'Unauthorized', 'unauthenticated', API_KEY_REFUSED_MESSAGE),
    headers: { 'WWW-Authenticate': ref('headers', 'WWW-Authenticate') },
  },
  {
    status: 403,
    name: 'Forbidden',
    title: 'Forbidden',
    description: 'The API key\'s role does not allow this: a Viewer key reads, an Editor key also creates, changes, tests and deletes.',
    codes: [{ code: 'forbidden', meaning: 'Use a key with a role that may do it.' }],
    example: problem(403, 'Forbidden', 'forbidden', 'This API key\'s role (Viewer) does not allow it to create, edit or delete data sources. An administrator can make a key with another role.'),
  },
  {
    status: 404,
    name: 'NotFound',
    title: 'Not Found',
    description: 'No such connection, connection spec or sandbox.',
    codes: [
      { code: 'not_found', meaning: 'There is no such connection (in this sandbox), connection spec, or endpoint.' },
      { code: 'sandbox_not_found', meaning: `No configuration folder has the name in \`${SANDBOX_HEADER}\`; the detail lists those there are.` },
    ],
    example: problem(404, 'Not Found', 'not_found', `There is no connection with id "${EXAMPLE_ID}" in the sandbox "global".`),
  },
  {
    status: 409,
    name: 'Conflict',
    title: 'Conflict',
    description: 'The change conflicts with what is stored.',
    codes: [{ code: 'conflict', meaning: 'The change cannot be made as things stand; the detail says why.' }],
    example: problem(409, 'Conflict', 'conflict', 'The connection cannot be changed as things stand.'),
  },
  {
    status: 412,
    name: 'PreconditionFailed',
    title: 'Precondition Failed',
    description: 'The `If-Match` etag is not the connection\'s current one: someone changed it since you read it.',
    codes: [{ code: 'precondition_failed', meaning: 'GET the connection again, apply your change to what is there now, and send its etag.' }],
    example: problem(
      412,
      'Precondition Failed',
      'precondition_failed',
      'The connection changed since that etag was read: it is now "v3". Read it again (GET), apply your change to what is there now, and send the new etag in If-Match.',
    ),
  },
  {
    status: 413,
    name: 'ContentTooLarge',
    title: 'Content Too Large',
    description: 'The request body is too large.',
    codes: [{ code: 'payload_too_large', meaning: 'Send a smaller body.' }],
    example: problem(413, 'Content Too Large', 'payload_too_large', 'The request is too large.'),
  },
  {
    status: 415,
    name: 'UnsupportedMediaType',
    title: 'Unsupported Media Type',
    description: 'The body is not in the media type, encoding or charset this operation reads.',
    codes: [
      { code: 'unsupported_media_type', meaning: 'Send the Content-Type the operation names (`application/json`, or `application/json-patch+json` for PATCH).' },
      { code: 'unsupported_encoding', meaning: 'Send the body uncompressed, or as gzip, deflate or br.' },
      { code: 'unsupported_charset', meaning: 'Send UTF-8.' },
    ],
    example: problem(415, 'Unsupported Media Type', 'unsupported_media_type', `Send the patch as ${JSON_PATCH_CONTENT_TYPE}.`),
  },
  {
    status: 422,
    name: 'UnprocessableContent',
    title: 'Unprocessable Content',
    description: 'The request is well formed, but what it asks for cannot be done with what is stored.',
    codes: [
      { code: 'secret_required', meaning: 'A secret param is needed and none is stored: send it.' },
      { code: 'key_pair_expired', meaning: 'The key pair named by `keyPairId` is no longer available: make a new one with POST /keyPairs.' },
    ],
    example: problem(422, 'Unprocessable Content', 'key_pair_expired', 'The generated key pair is no longer available (it is kept for 24 hours until the data source is saved). Generate a new one.', [
      { pointer: '/auth/params/keyPairId', detail: 'Generate a new key pair' },
    ]),
  },
  {
    status: 428,
    name: 'PreconditionRequired',
    title: 'Precondition Required',
    description: 'A PATCH needs `If-Match` with the connection\'s etag, so that it cannot overwrite a change it has not seen.',
    codes: [{ code: 'precondition_required', meaning: 'GET the connection and send its etag in `If-Match`.' }],
    example: problem(
      428,
      'Precondition Required',
      'precondition_required',
      'Send If-Match with the connection\'s etag (now "v2"), so that a change made by someone else since you read it is not overwritten.',
    ),
  },
  {
    status: 429,
    name: 'TooManyRequests',
    title: 'Too Many Requests',
    description: `Each API key may make ${DEFAULT_API_KEY_RATE_LIMIT.points} requests a minute. Wait the seconds \`Retry-After\` says.`,
    codes: [{ code: 'too_many_requests', meaning: 'Wait `Retry-After` seconds, then go on.' }],
    example: problem(429, 'Too Many Requests', 'too_many_requests', 'Too many requests with this API key. Try again in 12 seconds.'),
    headers: { 'Retry-After': ref('headers', 'Retry-After') },
  },
  {
    status: 500,
    name: 'InternalServerError',
    title: 'Internal Server Error',
    description: 'Something went wrong on the server; it was logged, and nothing internal is in the answer.',
    codes: [{ code: 'internal_error', meaning: 'Try again later; if it persists, the server\'s log has the cause.' }],
    example: problem(500, 'Internal Server Error', 'internal_error', 'Something went wrong on the server. The error was logged.'),
  },
];

function problemResponses(): Record<string, OpenApiResponse> {
  return Object.fromEntries(
    PROBLEMS.map((p) => [
      p.name,
      {
        description: p.description,
        ...(p.headers ? { headers: p.headers } : {}),
        content: { [PROBLEM_CONTENT_TYPE]: { schema: schemaRef('Problem'), examples: { [p.example.code]: { summary: p.title, value: p.example } } } },
        'x-problem-codes': p.codes,
      },
    ]),
  );
}

/** The error answers an operation gives, each by reference to its problem response, optionally with words for this operation. */
function errors(statuses: number[], words: Record<number, string> = {}): Record<string, Reference> {
  return Object.fromEntries(
    statuses.map((status) => {
      const definition = PROBLEMS.find((p) => p.status === status);
      if (!definition) throw new Error(`openapi: no problem response for ${status}`);
      return [String(status), ref('responses', definition.name, words[status])];
    }),
  );
}

/** What every authenticated operation may answer besides its own. */
// 404 included: a sandbox that is not there is one, whatever the operation.
const AUTHENTICATED = [401, 403, 404, 429, 500];
const sortStatuses = (statuses: number[]) => [...new Set(statuses)].sort((a, b) => a - b);

/* ------------------------------------------------------------------ curl */

function curl(method: string, path: string, options: { headers?: string[]; body?: unknown; contentType?: string } = {}): CodeSample {
  const lines = [`curl -X ${method} "$KEYWAY_URL${API_V1_BASE_PATH}${path}"`, '-H "Authorization: Bearer $KEYWAY_API_KEY"', `-H '${SANDBOX_HEADER}: ${GLOBAL_FOLDER_NAME}'`];
  for (const header of options.headers ?? []) lines.push(`-H '${header}'`);
  if (options.body !== undefined) {
    lines.push(`-H 'Content-Type: ${options.contentType ?? JSON_CONTENT_TYPE}'`);
    // The body indented under the command, its quotes kept from the shell.
    lines.push(`-d '${JSON.stringify(options.body, null, 2).replace(/'/g, `'\\''`).replace(/\n/g, '\n  ')}'`);
  }
  return { lang: 'shell', label: 'curl', source: lines.join(' \\\n  ') };
}

/* ------------------------------------------------------------------ the document */

/** What the description says of Flow's `jwtToken`: whatever the JWT params schema says, so that the words follow the code. */
function jwtWords(): string {
  const salesforce = CONNECTION_SPECS.find((spec) => spec.id === SALESFORCE_SPEC_ID)!;
  const schema = z.toJSONSchema(paramSchemaOf(salesforce, AUTH_SPEC_NAMES.jwtBearer, 'create')!, { io: 'input' }) as { properties?: Record<string, unknown> };
  const keys =
    'send the private key (`privateKey`, PEM) or, better, make a key pair with `POST /keyPairs` and send its `keyPairId`, whose private key never leaves Keyway: Keyway then signs a fresh assertion for every token exchange.';
  return Object.hasOwn(schema.properties ?? {}, 'jwtToken')
    ? `Flow Service takes a \`jwtToken\`, an assertion signed in advance. Keyway accepts one for compatibility and sends it as it is, so the connection stops working when it expires (Salesforce allows at most 3 minutes). Instead, ${keys}`
    : `Flow Service takes a \`jwtToken\`, an assertion signed in advance; Keyway does not accept one. Instead, ${keys}`;
}

const infoDescription = () => `Keyway's machine API, in the shape of Adobe Experience Platform's **Flow Service**: connection specs, connections made from them with an auth spec and its params, states, etags and JSON Patch. A program that talks to Flow Service's \`/connections\` talks to this one with a different base URL (\`${API_V1_BASE_PATH}\` on the console) and a Keyway API key.

### Authentication
Every request carries \`Authorization: Bearer <API key>\`. An administrator makes keys under **Administration > API keys**, or with \`keyway api-key create --name ci --role editor\`; a key has a role, as a person does: a Viewer key reads, an Editor key also creates, changes, tests and deletes. There is no \`x-api-key\` or \`x-gw-ims-org-id\`. A missing or refused key gets 401 with \`WWW-Authenticate: Bearer realm="keyway"\`; each key may make ${DEFAULT_API_KEY_RATE_LIMIT.points} requests a minute, and then gets 429 with \`Retry-After\`.

### Sandboxes
Flow Service's sandbox is Keyway's configuration folder. Every request may name one in the \`${SANDBOX_HEADER}\` header; without it, the folder is \`${GLOBAL_FOLDER_NAME}\`. A connection lives in one folder, and is found only through it.

### Auth specs and params
\`GET /connectionSpecs\` lists each connection spec with its auth specs, each with the JSON Schema of its params. A connection names its spec (\`connectionSpec.id\`), its auth spec (\`auth.specName\`) and sends that auth spec's params (\`auth.params\`); the same schemas are in this document as components (\`SalesforceOAuth2ClientCredentialParams\` and the others), bound to their spec in the \`x-auth-params\` of POST /connections.
- **Secret params are write-only**: \`${SECRET_PARAMS.join('`, `')}\`. They are sent on create and PATCH, stored encrypted, and never returned, not even masked: a connection lists the names of those it has in \`secretParams\`. A PATCH that replaces \`/auth/params\` without a secret keeps the stored one.
- **OAuth2 JWT Token Credential**: ${jwtWords()}
- **Basic Authentication** for Salesforce (the SOAP login) is deprecated, as in Flow Service: connections that use it say \`"deprecated": true\`.

### States
A new connection is \`initializing\` until its first check, moments later; then \`enabled\` (a token, and the API answers), \`degraded\` (a token, but the API fails or is slow) or \`failing\` (no token). \`disabled\` means its checks are paused. Poll \`GET /connections/{id}\` until it leaves \`initializing\`; \`stateReason\` says why.

### Etags
Every connection has an \`etag\` (in its body and in the \`ETag\` header of GET, POST and PATCH), a new one after every change from anywhere. \`PATCH\` requires \`If-Match\` with it: without one the answer is 428, with a stale one 412. \`DELETE\` takes \`If-Match\` too, and then deletes only what you read.

### Errors
Every error is RFC 9457 problem details (\`${PROBLEM_CONTENT_TYPE}\`) with a stable \`code\` beside the status; bad input lists every problem in \`errors\`, each at its JSON Pointer in the request. A path or method this document does not name gets a 404 (or 405) problem.`;

function buildDocument(): OpenApiDocument {
  const outputs = componentsOf(OUTPUT_SCHEMAS, 'output');
  const inputs = componentsOf(INPUT_SCHEMAS, 'input');
  const params = paramComponents();
  const schemas = { ...outputs, ...inputs, ...params.schemas };
  if (Object.keys(schemas).length !== Object.keys(outputs).length + Object.keys(inputs).length + Object.keys(params.schemas).length) {
    throw new Error('openapi: two components have one name');
  }
  describeProperties(schemas);

  const json = (schema: string, examples?: Record<string, OpenApiExample>): Record<string, OpenApiMediaType> => ({
    [JSON_CONTENT_TYPE]: { schema: schemaRef(schema), ...(examples ? { examples } : {}) },
  });
  const etag = { ETag: ref('headers', 'ETag') };
  const sandbox = ref('parameters', 'SandboxName');
  const connectionId = ref('parameters', 'ConnectionId');

  const paths: Record<string, OpenApiPathItem> = {
    '/connectionSpecs': {
      get: {
        operationId: 'listConnectionSpecs',
        tags: ['Connection specs'],
        summary: 'List connection specs',
        description: 'Every kind of source Keyway connects to, each with its auth specs and the JSON Schema of their params.',
        parameters: [sandbox],
        responses: {
          '200': {
            description: 'The connection specs.',
            content: json('ConnectionSpecList', { all: { summary: 'Salesforce and RESTful Service', value: { items: CONNECTION_SPECS.map(presentConnectionSpec) } } }),
          },
          ...errors(sortStatuses([400, ...AUTHENTICATED])),
        },
        'x-codeSamples': [curl('GET', '/connectionSpecs')],
      },
    },
    '/connectionSpecs/{id}': {
      get: {
        operationId: 'getConnectionSpec',
        tags: ['Connection specs'],
        summary: 'Look up a connection spec',
        description: 'One connection spec, as an `items` list of one, as Flow Service answers.',
        parameters: [ref('parameters', 'ConnectionSpecId'), sandbox],
        responses: {
          '200': {
            description: 'The connection spec, alone in `items`.',
            content: json('ConnectionSpecList', { salesforce: { summary: 'Salesforce', value: { items: [presentConnectionSpec(CONNECTION_SPECS[0]!)] } } }),
          },
          ...errors(sortStatuses([400, 404, ...AUTHENTICATED]), { 404: 'There is no connection spec with this id.' }),
        },
        'x-codeSamples': [curl('GET', `/connectionSpecs/${SALESFORCE_SPEC_ID}`)],
      },
    },
    '/connections': {
      get: {
        operationId: 'listConnections',
        tags: ['Connections'],
        summary: 'List connections',
        description: 'The connections in the sandbox, filtered by `property`, ordered by `orderby`, a page of `limit` at a time. Secret params are never in them.',
        parameters: [ref('parameters', 'Property'), ref('parameters', 'OrderBy'), ref('parameters', 'Limit'), ref('parameters', 'ContinuationToken'), sandbox],
        responses: {
          '200': {
            description: 'A page of connections; `_links.next.href` fetches the next.',
            content: json('ConnectionList', {
              page: {
                summary: 'A page with more after it',
                value: { items: [CONNECTION_EXAMPLE], _links: { next: { href: `${API_V1_BASE_PATH}/connections?limit=1&continuationToken=eyJvIjoxLCJxIjoiNWQ0MWFiYzAxMjM0NTY3OCJ9` } } },
              },
            }),
          },
          ...errors(sortStatuses([400, 404, ...AUTHENTICATED]), { 400: 'A `property`, `orderby`, `limit` or `continuationToken` this API does not read.', 404: 'There is no such sandbox.' }),
        },
        'x-codeSamples': [curl('GET', "/connections?property=state==enabled&property=connectionSpec.id==" + SALESFORCE_SPEC_ID + '&orderby=-updatedAt&limit=20')],
      },
      post: {
        operationId: 'createConnection',
        tags: ['Connections'],
        summary: 'Create a connection',
        description:
          'Flow Service\'s base connection: a spec, an auth spec and its params. The params are checked against the auth spec\'s schema (see `x-auth-params`) and the addresses against the console\'s outbound policy; the connection is then `initializing` until its first check, which starts at once.',
        parameters: [sandbox],
        requestBody: { required: true, content: json('ConnectionCreate', CREATE_EXAMPLES) },
        responses: {
          '201': {
            description: 'Created: its id and etag.',
            headers: { Location: ref('headers', 'Location'), ...etag },
            content: json('ConnectionCreated', { created: { summary: 'Created', value: { id: EXAMPLE_ID, etag: etagExample(1) } } }),
          },
          ...errors(sortStatuses([400, 404, 409, 413, 415, 422, ...AUTHENTICATED]), {
            400: 'The body, the spec, the auth spec or a param is not valid; or an address is one Keyway does not call.',
            404: 'There is no such sandbox.',
          }),
        },
        'x-codeSamples': [curl('POST', '/connections', { body: CREATE_EXAMPLES.salesforceClientCredential!.value })],
        'x-auth-params': params.bindings,
      },
    },
    '/connections/{id}': {
      get: {
        operationId: 'getConnection',
        tags: ['Connections'],
        summary: 'Look up a connection',
        description: 'One connection, as an `items` list of one, as Flow Service answers; its etag also in `ETag`. Poll it until `state` leaves `initializing`.',
        parameters: [connectionId, sandbox],
        responses: {
          '200': {
            description: 'The connection, alone in `items`.',
            headers: etag,
            content: json('ConnectionItems', {
              initializing: { summary: 'Just created', value: { items: [INITIALIZING_EXAMPLE] } },
              enabled: { summary: 'Checked: enabled', value: { items: [CONNECTION_EXAMPLE] } },
            }),
          },
          ...errors(sortStatuses([400, 404, ...AUTHENTICATED])),
        },
        'x-codeSamples': [curl('GET', `/connections/${EXAMPLE_ID}`)],
      },
      patch: {
        operationId: 'updateConnection',
        tags: ['Connections'],
        summary: 'Update a connection',
        description:
          'RFC 6902 JSON Patch (`add`, `replace`, `remove`) on the connection as GET shows it: its name, description and auth params. Secret params can be set, never read; `id`, `state`, `etag` and the like cannot be changed. `If-Match` is required.',
        parameters: [connectionId, ref('parameters', 'IfMatchRequired'), sandbox],
        requestBody: {
          required: true,
          content: {
            [JSON_PATCH_CONTENT_TYPE]: {
              schema: schemaRef('JsonPatch'),
              examples: {
                rotateSecret: {
                  summary: 'Rename, describe, rotate the client secret',
                  value: [
                    { op: 'replace', path: '/name', value: 'ACME Salesforce (production)' },
                    { op: 'add', path: '/description', value: 'Rotated 2025-01-10' },
                    { op: 'replace', path: '/auth/params/clientSecret', value: '{NEW_CLIENT_SECRET}' },
                  ],
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Changed: its id and new etag.',
            headers: etag,
            content: json('ConnectionCreated', { changed: { summary: 'Changed', value: { id: EXAMPLE_ID, etag: etagExample(3) } } }),
          },
          ...errors(sortStatuses([400, 404, 409, 412, 413, 415, 422, 428, ...AUTHENTICATED]), {
            400: 'Not a JSON Patch this API takes, a path that cannot be changed, or params that are not valid afterwards.',
            412: 'The connection changed since that etag was read.',
            428: 'No `If-Match`.',
          }),
        },
        'x-codeSamples': [
          curl('PATCH', `/connections/${EXAMPLE_ID}`, {
            headers: [`If-Match: ${etagExample(2)}`],
            contentType: JSON_PATCH_CONTENT_TYPE,
            body: [{ op: 'replace', path: '/auth/params/clientSecret', value: '{NEW_CLIENT_SECRET}' }],
          }),
        ],
      },
      delete: {
        operationId: 'deleteConnection',
        tags: ['Connections'],
        summary: 'Delete a connection',
        description: 'Deletes the connection and its stored secrets. With `If-Match`, only if it is still the version you read.',
        parameters: [connectionId, ref('parameters', 'IfMatchOptional'), sandbox],
        responses: {
          '204': { description: 'Deleted.' },
          ...errors(sortStatuses([400, 404, 409, 412, ...AUTHENTICATED]), { 412: 'The connection changed since that etag was read.' }),
        },
        'x-codeSamples': [curl('DELETE', `/connections/${EXAMPLE_ID}`, { headers: [`If-Match: ${etagExample(3)}`] })],
      },
    },
    '/connections/{id}/test': {
      post: {
        operationId: 'testConnection',
        tags: ['Connections'],
        summary: 'Test a connection',
        description:
          'Runs the connection\'s token exchange and one GET against its API now, with the stored params, as the console\'s **Test Connection** does. The answer says what each step did; it never holds the token.',
        parameters: [connectionId, sandbox],
        responses: {
          '200': {
            description: 'The test ran; `result.ok` says whether it passed.',
            content: json('ConnectionTestResponse', {
              passed: {
                summary: 'Passed',
                value: {
                  result: {
                    ok: true,
                    testedAt: '2025-01-10T11:02:31.412Z',
                    steps: [
                      { name: 'token', method: 'POST', url: `${ENVIRONMENT_URL}/services/oauth2/token`, ok: true, httpStatus: 200, durationMs: 184 },
                      { name: 'api', method: 'GET', url: `${ENVIRONMENT_URL}/services/data/v60.0`, ok: true, httpStatus: 200, durationMs: 63 },
                    ],
                    token: { tokenType: 'Bearer', scope: 'api', instanceUrl: ENVIRONMENT_URL, issuedAt: '2025-01-10T11:02:31.000Z' },
                  },
                },
              },
              failed: {
                summary: 'The provider refused the client',
                value: {
                  result: {
                    ok: false,
                    testedAt: '2025-01-10T11:04:09.017Z',
                    steps: [{ name: 'token', method: 'POST', url: `${ENVIRONMENT_URL}/services/oauth2/token`, ok: false, httpStatus: 400, durationMs: 151 }],
                    failure: {
                      step: 'token',
                      kind: 'oauth_error',
                      httpStatus: 400,
                      error: 'invalid_client',
                      errorDescription: 'invalid client credentials',
                      message: 'Salesforce refused the client id and secret.',
                      hint: 'Check the Consumer Key and Secret of the connected app, and that its client credentials flow is enabled with a Run As user.',
                    },
                  },
                },
              },
            }),
          },
          ...errors(sortStatuses([400, 404, 409, 422, ...AUTHENTICATED])),
        },
        'x-codeSamples': [curl('POST', `/connections/${EXAMPLE_ID}/test`)],
      },
    },
    '/keyPairs': {
      post: {
        operationId: 'createKeyPair',
        tags: ['Key pairs'],
        summary: 'Make a key pair for the JWT bearer flow',
        description:
          'Keyway makes an RSA key pair and a self-signed certificate. Upload the certificate to the connected app, then create an "OAuth2 JWT Token Credential" connection with `keyPairId`: the private key never leaves the server. An unused key pair is kept for a limited time.',
        parameters: [sandbox],
        requestBody: { required: true, content: json('KeyPairRequest', { keyway: { summary: 'A certificate for the connected app', value: { commonName: 'Keyway JWT' } } }) },
        responses: {
          '201': {
            description: 'Made: its id and the certificate. Never the private key.',
            content: json('GeneratedKeyPair', {
              made: {
                summary: 'Made',
                value: {
                  id: EXAMPLE_KEY_PAIR_ID,
                  certificate: {
                    pem: '-----BEGIN CERTIFICATE-----\nMIIC/zCCAeegAwIBAgIUXw…\n-----END CERTIFICATE-----\n',
                    subject: 'CN=Keyway JWT',
                    notAfter: '2027-01-10T11:00:00.000Z',
                    sha256: '3A:7F:19:C2:5D:88:0B:E4:61:AF:92:0C:D7:14:5B:E8:33:C9:70:1A:4E:BD:26:F5:08:93:6C:DA:11:7E:A2:4F',
                  },
                },
              },
            }),
          },
          ...errors(sortStatuses([400, 413, 415, ...AUTHENTICATED])),
        },
        'x-codeSamples': [curl('POST', '/keyPairs', { body: { commonName: 'Keyway JWT' } })],
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'getOpenApiDocument',
        tags: ['Meta'],
        summary: 'This document',
        description: 'The OpenAPI 3.1 document of this API, made from the schemas that validate it. It needs no API key; /api/docs shows it as a page.',
        security: [],
        responses: {
          '200': {
            description: 'The document.',
            content: {
              [JSON_CONTENT_TYPE]: {
                schema: {
                  type: 'object',
                  properties: { openapi: { const: '3.1.0' }, info: { type: 'object' }, paths: { type: 'object' }, components: { type: 'object' } },
                  required: ['openapi', 'info', 'paths', 'components'],
                },
              },
            },
          },
          ...errors([429, 500]),
        },
      },
    },
  };

  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Keyway API',
      version: '1.0.0',
      summary: 'Connections to OAuth-secured REST APIs, in the shape of Adobe Experience Platform\'s Flow Service.',
      description: infoDescription(),
    },
    servers: [{ url: API_V1_BASE_PATH, description: 'This console' }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'Connection specs', description: 'The kinds of source, and how each authenticates.' },
      { name: 'Connections', description: 'Flow Service\'s base connections: Keyway\'s data sources.' },
      { name: 'Key pairs', description: 'Keys for the JWT bearer flow that never leave Keyway.' },
      { name: 'Meta', description: 'This document.' },
    ],
    paths,
    components: {
      schemas,
      parameters: {
        SandboxName: {
          name: SANDBOX_HEADER,
          in: 'header',
          description: `The configuration folder (Flow Service's sandbox) to work in; \`${GLOBAL_FOLDER_NAME}\` when absent.`,
          schema: { type: 'string', default: GLOBAL_FOLDER_NAME },
          example: GLOBAL_FOLDER_NAME,
        },
        ConnectionId: { name: 'id', in: 'path', required: true, description: 'The connection\'s id.', schema: { type: 'string' }, example: EXAMPLE_ID },
        ConnectionSpecId: { name: 'id', in: 'path', required: true, description: 'The connection spec\'s id.', schema: { type: 'string' }, example: SALESFORCE_SPEC_ID },
        IfMatchRequired: {
          name: 'If-Match',
          in: 'header',
          required: true,
          description: 'The connection\'s etag as last read, quotes included (or `*`). Without it: 428; stale: 412.',
          schema: { type: 'string' },
          example: etagExample(2),
        },
        IfMatchOptional: {
          name: 'If-Match',
          in: 'header',
          description: 'The connection\'s etag as last read: the request then fails with 412 if it changed since.',
          schema: { type: 'string' },
          example: etagExample(3),
        },
        Property: {
          name: 'property',
          in: 'query',
          description:
            'A filter, `field==value` or `field!=value`, on `id`, `name`, `state`, `connectionSpec.id` or `auth.specName`. Repeat it: every filter must hold.',
          schema: { type: 'array', items: { type: 'string' } },
          style: 'form',
          explode: true,
          example: ['state==enabled', `connectionSpec.id==${SALESFORCE_SPEC_ID}`],
        },
        OrderBy: {
          name: 'orderby',
          in: 'query',
          description: 'The order: by `createdAt` (the default), `updatedAt` or `name`; a leading `-` reverses it.',
          schema: { type: 'string', enum: ['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'name', '-name'], default: 'createdAt' },
        },
        Limit: {
          name: 'limit',
          in: 'query',
          description: 'How many connections a page holds.',
          schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
        },
        ContinuationToken: {
          name: 'continuationToken',
          in: 'query',
          description: 'Where the next page starts, from `_links.next.href`: only for the query that gave it.',
          schema: { type: 'string' },
        },
      },
      headers: {
        ETag: {
          description:
            'The connection\'s etag, a strong RFC 9110 entity tag (quotes included, no `W/`: If-Match compares strongly): the `If-Match` of the next PATCH or DELETE.',
          required: true,
          schema: { type: 'string', pattern: '^"[\\x21\\x23-\\x7e]*"$' },
          example: etagExample(2),
        },
        Location: {
          description: 'The new connection\'s address.',
          required: true,
          schema: { type: 'string', format: 'uri-reference' },
          example: `${API_V1_BASE_PATH}/connections/${EXAMPLE_ID}`,
        },
        'Retry-After': {
          description: 'Seconds to wait before the next request with this key.',
          required: true,
          schema: { type: 'string', pattern: '^[0-9]+$' },
          example: '12',
        },
        'WWW-Authenticate': {
          description: 'The bearer challenge (RFC 6750); `error="invalid_token"` when a key was sent but refused.',
          required: true,
          schema: { type: 'string', pattern: '^Bearer ' },
          example: 'Bearer realm="keyway", error="invalid_token"',
        },
      },
      responses: problemResponses(),
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: `A Keyway API key (\`kw_…\`), from Administration > API keys or \`keyway api-key create\`. Missing: "${API_KEY_MISSING_MESSAGE}"`,
        },
      },
    },
  };
}

let memo: OpenApiDocument | undefined;

/** The document, made once per process: it depends on nothing but the code. Treat it as read-only. */
export function openApiDocument(): OpenApiDocument {
  memo ??= buildDocument();
  return memo;
}

/** Every operation in the document, with its path and method, in the document's order. */
export function operationsOf(document: OpenApiDocument): Array<{ path: string; method: HttpMethod; operation: OpenApiOperation }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ path, method, operation }] : [];
    }),
  );
}
