import { z } from 'zod';
import {
  ApiKeyAuthSchema,
  ExtraTokenParametersSchema,
  HttpUrlSchema,
  OriginUrlSchema,
  SALESFORCE_AUDIENCES,
  SalesforceApiVersionSchema,
  SECRET_FIELDS,
} from '../datasources/auth.schema';
import { SOAP_LOGIN_LAST_API_VERSION } from '../datasources/salesforce';

/**
 * The connection specs of the machine API, as Adobe Experience Platform's Flow Service names
 * them: a spec is a kind of source (Salesforce, a RESTful service), each with the ways it can
 * authenticate ("auth specs"), each of those a JSON Schema of its params. The schemas here are
 * zod; the API serves them as JSON Schema made from these, so they cannot be written twice.
 */

/** Flow Service's own id for its Salesforce source, kept so that Flow clients work unchanged. */
export const SALESFORCE_SPEC_ID = 'cfc0fee1-7dc0-40ef-b73e-d8b134c436f5';
/** Keyway's generic REST source, what the console's wizard makes. */
export const RESTFUL_SPEC_ID = '6a1e35b4-5c1f-4a52-8c52-2f0f4c9d7a10';
export const CONNECTION_SPEC_VERSION = '1.0';

export const AUTH_SPEC_NAMES = {
  clientCredentials: 'OAuth2 Client Credential',
  jwtBearer: 'OAuth2 JWT Token Credential',
  basic: 'Basic Authentication',
  apiKey: 'API Key',
  none: 'No Authentication',
} as const;
export type AuthSpecName = (typeof AUTH_SPEC_NAMES)[keyof typeof AUTH_SPEC_NAMES];

/** Create: every required secret must be sent. Update: a secret left out is kept as stored. */
export type ParamsMode = 'create' | 'update';

/** A write-only param: never returned, marked so in the JSON Schema (OpenAPI's "password" format). */
const secret = (schema: z.ZodString, description: string) => schema.meta({ format: 'password', writeOnly: true, description });
const secretParam = (mode: ParamsMode, description: string, max = 4096) => {
  const value = secret(z.string().min(1, 'Enter a value').max(max, `Use at most ${max} characters`), description);
  return mode === 'create' ? value : value.optional();
};

const salesforceCommon = {
  environmentUrl: OriginUrlSchema.meta({
    description: 'The org\'s address, scheme and host only: https://<MyDomain>.my.salesforce.com (or login.salesforce.com / test.salesforce.com for the SOAP login).',
  }),
  includeDeletedObjects: z.boolean().optional().meta({ description: 'Kept for Flow Service compatibility; stored and returned as given.' }),
};
const clientId = z.string().trim().min(1, 'Enter the Consumer Key').max(512).meta({ description: 'The connected app\'s Consumer Key.' });
const apiVersion = SalesforceApiVersionSchema.meta({ description: 'Salesforce API version, e.g. "60.0": the base path is /services/data/v<apiVersion>.' });
const username = z.string().trim().min(1, 'Enter the user name').max(255);
const PRIVATE_KEY_MAX_CHARS = 16384;

const jwtKeyParams = () => ({
  privateKey: secret(z.string().min(1).max(PRIVATE_KEY_MAX_CHARS), 'RSA private key, PEM (PKCS#8 or PKCS#1). Or leave it out and send keyPairId.').optional(),
  keyPairId: z.string().trim().min(1).max(64).optional().meta({
    description: 'A key pair made by POST /api/v1/keyPairs: its private key stays in Keyway; upload its certificate to the connected app.',
  }),
  jwtToken: secret(z.string().min(1).max(8192), 'Flow Service\'s ready-made assertion, accepted for compatibility: it is sent as it is and stops working when it expires (Salesforce allows at most 3 minutes). Prefer privateKey or keyPairId, with which Keyway signs a fresh assertion for every exchange.').optional(),
});

/** A JWT connection names one key: a private key, a key pair Keyway generated, or a ready-made jwtToken. */
function oneKey<T extends { privateKey?: string; keyPairId?: string; jwtToken?: string }>(mode: ParamsMode) {
  return (params: T, ctx: z.RefinementCtx) => {
    const given = (['privateKey', 'keyPairId', 'jwtToken'] as const).filter((name) => params[name]);
    if (given.length > 1) {
      ctx.addIssue({ code: 'custom', path: [given[1]!], message: `Send one of privateKey, keyPairId and jwtToken, not ${given.join(' and ')}` });
    } else if (mode === 'create' && given.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['privateKey'], message: 'Send privateKey (PEM) or keyPairId (from POST /api/v1/keyPairs)' });
    }
  };
}

export function salesforceParamSchemas(mode: ParamsMode) {
  return {
    [AUTH_SPEC_NAMES.clientCredentials]: z.strictObject({
      ...salesforceCommon,
      clientId,
      clientSecret: secretParam(mode, 'The connected app\'s Consumer Secret.'),
      apiVersion,
    }),
    [AUTH_SPEC_NAMES.jwtBearer]: z
      .strictObject({
        ...salesforceCommon,
        clientId,
        username: username.meta({ description: 'The Salesforce user the token acts as; pre-authorized for the connected app.' }),
        audience: HttpUrlSchema.default(SALESFORCE_AUDIENCES[0]).meta({
          description: 'https://login.salesforce.com (default), https://test.salesforce.com, or the org\'s My Domain URL.',
        }),
        ...jwtKeyParams(),
        apiVersion,
      })
      .superRefine(oneKey(mode)),
    [AUTH_SPEC_NAMES.basic]: z.strictObject({
      ...salesforceCommon,
      username,
      password: secretParam(mode, 'The user\'s password.'),
      securityToken: secret(z.string().max(4096), 'The user\'s security token; leave it out when the org trusts Keyway\'s IP range.').optional(),
      apiVersion: apiVersion.default(SOAP_LOGIN_LAST_API_VERSION),
    }),
  } as const;
}

const url = HttpUrlSchema.meta({ description: 'The API\'s base URL: scheme, host and base path, e.g. https://api.example.com/v1.' });

export function restfulParamSchemas(mode: ParamsMode) {
  return {
    [AUTH_SPEC_NAMES.none]: z.strictObject({ url }),
    [AUTH_SPEC_NAMES.basic]: z.strictObject({ url, username: z.string().min(1).max(512), password: secretParam(mode, 'The password.') }),
    [AUTH_SPEC_NAMES.apiKey]: z.strictObject({
      url,
      placement: ApiKeyAuthSchema.shape.placement,
      keyName: ApiKeyAuthSchema.shape.keyName,
      keyValue: secretParam(mode, 'The API key.'),
    }),
    [AUTH_SPEC_NAMES.clientCredentials]: z.strictObject({
      url,
      clientId,
      clientSecret: secretParam(mode, 'The client secret.'),
      tokenUrl: HttpUrlSchema,
      scope: z.string().trim().max(1024).default(''),
      clientAuthMethod: z.enum(['client_secret_post', 'client_secret_basic']).default('client_secret_post'),
      extraParams: ExtraTokenParametersSchema.default([]).meta({ description: 'Non-secret extra token request parameters, e.g. Auth0\'s audience.' }),
    }),
    [AUTH_SPEC_NAMES.jwtBearer]: z
      .strictObject({
        url,
        clientId,
        username,
        audience: HttpUrlSchema,
        tokenUrl: HttpUrlSchema,
        scope: z.string().trim().max(1024).default(''),
        ...jwtKeyParams(),
      })
      .superRefine(oneKey(mode)),
  } as const;
}

export interface AuthSpecDefinition {
  name: AuthSpecName;
  /** Flow Service's "type" of an auth spec. */
  type: 'OAuth2' | 'Basic' | 'ApiKey' | 'None';
  description: string;
  /** Flow Service deprecates Salesforce's Basic Authentication; Keyway says so too. */
  deprecated?: boolean;
}

export interface ConnectionSpecDefinition {
  /** Keyway's key for it, stored with connections made from it. */
  key: 'salesforce' | 'restful';
  id: string;
  name: string;
  description: string;
  authSpecs: readonly AuthSpecDefinition[];
}

export const CONNECTION_SPECS: readonly ConnectionSpecDefinition[] = [
  {
    key: 'salesforce',
    id: SALESFORCE_SPEC_ID,
    name: 'salesforce',
    description: 'A Salesforce org\'s REST API, through a connected app.',
    authSpecs: [
      { name: AUTH_SPEC_NAMES.clientCredentials, type: 'OAuth2', description: 'The client credentials flow: the token acts as the connected app\'s Run As user.' },
      { name: AUTH_SPEC_NAMES.jwtBearer, type: 'OAuth2', description: 'The JWT bearer flow (RFC 7523): each exchange signs a fresh assertion for the pre-authorized user.' },
      {
        name: AUTH_SPEC_NAMES.basic,
        type: 'Basic',
        deprecated: true,
        description: 'Deprecated: the SOAP API login() with user name, password and security token. Salesforce removed login() from API version 65.0.',
      },
    ],
  },
  {
    key: 'restful',
    id: RESTFUL_SPEC_ID,
    name: 'RESTful Service',
    description: 'Any REST API, with the authentication types of the console\'s wizard.',
    authSpecs: [
      { name: AUTH_SPEC_NAMES.none, type: 'None', description: 'No credentials.' },
      { name: AUTH_SPEC_NAMES.basic, type: 'Basic', description: 'HTTP Basic authentication.' },
      { name: AUTH_SPEC_NAMES.apiKey, type: 'ApiKey', description: 'A key in a request header or query parameter.' },
      { name: AUTH_SPEC_NAMES.clientCredentials, type: 'OAuth2', description: 'OAuth 2.0 client credentials grant.' },
      { name: AUTH_SPEC_NAMES.jwtBearer, type: 'OAuth2', description: 'OAuth 2.0 JWT bearer grant (RFC 7523).' },
    ],
  },
];

/** The zod schema of one auth spec's params. */
export function paramSchemaOf(spec: ConnectionSpecDefinition, authSpecName: string, mode: ParamsMode): z.ZodType<Record<string, unknown>> | undefined {
  const schemas: Record<string, z.ZodType<Record<string, unknown>>> = spec.key === 'salesforce' ? salesforceParamSchemas(mode) : restfulParamSchemas(mode);
  return Object.hasOwn(schemas, authSpecName) ? schemas[authSpecName] : undefined;
}

/** Every param an auth spec takes, by name, from its JSON Schema. */
export function paramNamesOf(spec: ConnectionSpecDefinition, authSpecName: string): string[] {
  const schema = paramSchemaOf(spec, authSpecName, 'update');
  if (!schema) return [];
  return Object.keys((z.toJSONSchema(schema, { io: 'input' }) as { properties?: Record<string, unknown> }).properties ?? {});
}

/** The params of an auth spec that are write-only: never returned, listed by name in `secretParams`. */
export const SECRET_PARAMS = SECRET_FIELDS;
