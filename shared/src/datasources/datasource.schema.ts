import { z } from 'zod';
import { HealthStateSchema } from '../health/health.schema';
import { MachineNameSchema } from '../names';
import { API_DESCRIPTION_MAX_BYTES_CEILING, formatByteSize } from '../swagger/description-size';
import { displayText } from '../text/display-text';

/** Service types a data source can have; only RESTful Service connects today. */
export const SERVICE_TYPES = [
  { value: 'restful', label: 'RESTful Service', available: true },
  { value: 'soap', label: 'SOAP Web Service', available: false },
  { value: 'odata', label: 'OData Service', available: false },
] as const;
export const ServiceTypeSchema = z.enum(['restful'], {
  message: 'Only RESTful Service can be configured in this version',
});
export type ServiceType = z.infer<typeof ServiceTypeSchema>;

export const AUTH_TYPES = [
  { value: 'none', label: 'None' },
  { value: 'basic', label: 'Basic Authentication' },
  { value: 'api_key', label: 'API Key' },
  { value: 'oauth2', label: 'OAuth 2.0' },
] as const;
export type AuthType = (typeof AUTH_TYPES)[number]['value'];

export const CLIENT_AUTH_METHODS = [
  { value: 'client_secret_post', label: 'Credentials in the request body' },
  { value: 'client_secret_basic', label: 'HTTP Basic header' },
] as const;

/**
 * A write-only secret as the browser sends it: a new value, or an empty string / absence
 * to keep the one already stored. The server never sends a secret back.
 */
const SecretInputSchema = z.string().max(4096, 'Use at most 4096 characters').optional();

const HttpUrlSchema = z
  .string()
  .trim()
  .min(1, 'Enter a URL')
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.hash;
    } catch {
      return false;
    }
  }, 'Enter a full http(s) URL without a user name, password or #fragment');

/** host or host:port; IPv6 literals in brackets. */
export const HostSchema = z
  .string()
  .trim()
  .min(1, 'Host is required')
  .max(261)
  .regex(
    /^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(:\d{1,5})?$/,
    'Enter a host name, optionally with a port (for example "acme.my.salesforce.com" or "api.example.com:8443")',
  )
  .refine((host) => {
    const port = /:(\d+)$/.exec(host)?.[1];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
    try {
      return new URL(`https://${host}/`).host !== '';
    } catch {
      return false;
    }
  }, 'Enter a valid host; a port must be between 1 and 65535');

export const BasePathSchema = z
  .string()
  .trim()
  .max(1024)
  .regex(/^\/[^\s?#]*$/, 'Start the base path with "/" (for example "/services/data"); no spaces, ? or #');

export const NoAuthSchema = z.object({ type: z.literal('none') });

export const OAuth2AuthSchema = z.object({
  type: z.literal('oauth2'),
  /** Only the client-credentials grant: the console acts as a system, never as a signed-in end user. */
  grantType: z.literal('client_credentials'),
  /** The connected app's Consumer Key. */
  clientId: z.string().trim().min(1, 'Client Id is required').max(512),
  /** The connected app's Consumer Secret; write-only. */
  clientSecret: SecretInputSchema,
  /** Where the client-credentials request is POSTed, e.g. https://<MyDomain>.my.salesforce.com/services/oauth2/token. */
  tokenUrl: HttpUrlSchema,
  /** Space-separated scopes to ask for; empty lets the provider decide. */
  scope: z.string().trim().max(1024),
  /** RFC 6749 §2.3.1: in the form body (Salesforce's default) or as an HTTP Basic header. */
  clientAuthMethod: z.enum(['client_secret_post', 'client_secret_basic']),
});

export const BasicAuthSchema = z.object({
  type: z.literal('basic'),
  username: z.string().min(1, 'User name is required').max(512),
  /** Write-only. */
  password: SecretInputSchema,
});

export const ApiKeyAuthSchema = z.object({
  type: z.literal('api_key'),
  /** Sent as a request header or as a query parameter. */
  placement: z.enum(['header', 'query']),
  keyName: z
    .string()
    .trim()
    .min(1, 'Key name is required')
    .max(256)
    .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Use a valid header or parameter name (letters, digits, - and _)'),
  /** Write-only. */
  keyValue: SecretInputSchema,
});

export const AuthInputSchema = z.discriminatedUnion('type', [
  NoAuthSchema,
  BasicAuthSchema,
  ApiKeyAuthSchema,
  OAuth2AuthSchema,
]);
export type AuthInput = z.infer<typeof AuthInputSchema>;

/** Which field of each authentication type holds its secret. */
export const SECRET_FIELD_BY_AUTH_TYPE = {
  none: null,
  basic: 'password',
  api_key: 'keyValue',
  oauth2: 'clientSecret',
} as const satisfies Record<AuthType, string | null>;

export function secretOf(auth: AuthInput): string | undefined {
  switch (auth.type) {
    case 'none':
      return undefined;
    case 'basic':
      return auth.password || undefined;
    case 'api_key':
      return auth.keyValue || undefined;
    case 'oauth2':
      return auth.clientSecret || undefined;
  }
}

export const SwaggerInputSchema = z
  .object({
    /** Where the Swagger / OpenAPI description comes from. */
    source: z.enum(['file', 'url']),
    /** For source "url": where the server fetched it from. */
    url: z.string().trim().max(2048),
    /** For source "file": the uploaded file's name. */
    fileName: z.string().max(255),
    /**
     * The description's text; empty on edit to keep the stored one. The server holds it to its
     * SWAGGER_MAX_BYTES (5 MB by default); this bound is only the highest that setting may take.
     */
    document: z
      .string()
      .max(API_DESCRIPTION_MAX_BYTES_CEILING, `The Swagger file is larger than ${formatByteSize(API_DESCRIPTION_MAX_BYTES_CEILING)}`),
  })
  .superRefine((value, ctx) => {
    if (value.source === 'url' && !HttpUrlSchema.safeParse(value.url).success) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'Enter the full http(s) URL of the Swagger file' });
    }
  });

export const DataSourceInputSchema = z.object({
  /** Shown in lists; required. */
  title: displayText().trim().min(1, 'Title is required').max(100, 'Use at most 100 characters'),
  /** Unique in its folder and URL-safe; derived from the title unless edited. */
  name: MachineNameSchema,
  /** Optional notes for other administrators. */
  description: displayText({ multiline: true }).trim().max(1000, 'Use at most 1000 characters'),
  serviceType: ServiceTypeSchema,
  swagger: SwaggerInputSchema,
  /** Scheme of the API's address, filled from the Swagger file. */
  scheme: z.enum(['http', 'https'], { message: 'Choose http or https' }),
  /** Host (and port) of the API, filled from the Swagger file. */
  host: HostSchema,
  /** Path every API call starts with, filled from the Swagger file. */
  basePath: BasePathSchema,
  auth: AuthInputSchema,
});
export type DataSourceInput = z.infer<typeof DataSourceInputSchema>;

/** The values a connection test needs; `dataSourceId` lets a saved data source lend its stored secret. */
export const ConnectionTestRequestSchema = DataSourceInputSchema.pick({
  scheme: true,
  host: true,
  basePath: true,
  auth: true,
}).extend({
  dataSourceId: z.string().optional(),
});
export type ConnectionTestRequest = z.infer<typeof ConnectionTestRequestSchema>;

export const DataSourceCreateSchema = DataSourceInputSchema.extend({
  folderId: z.string().min(1),
  /** Issued by a successful Test Connection of exactly these values. */
  testReceipt: z.string().min(1, 'Test the connection before you create the data source'),
});
export type DataSourceCreateInput = z.infer<typeof DataSourceCreateSchema>;

export const DataSourceUpdateSchema = DataSourceInputSchema.extend({
  /** Required when connection settings change; optional for a change of title or description. */
  testReceipt: z.string().optional(),
});
export type DataSourceUpdateInput = z.infer<typeof DataSourceUpdateSchema>;

export const SwaggerFetchRequestSchema = z.object({ url: HttpUrlSchema });

export const LastTestSchema = z.object({
  ok: z.boolean(),
  testedAt: z.string(),
  /** One sentence: "Connection successful" or what failed. */
  message: z.string(),
});

/** A data source as the server presents it: secrets appear only as "set". */
export const DataSourceSchema = z.object({
  id: z.string(),
  folderId: z.string(),
  name: z.string(),
  title: z.string(),
  description: z.string(),
  serviceType: ServiceTypeSchema,
  swagger: z.object({
    source: z.enum(['file', 'url']),
    url: z.string(),
    fileName: z.string(),
    format: z.string(),
    apiTitle: z.string(),
    apiVersion: z.string(),
    operationCount: z.number().int(),
  }),
  scheme: z.enum(['http', 'https']),
  host: z.string(),
  basePath: z.string(),
  auth: z.discriminatedUnion('type', [
    NoAuthSchema,
    BasicAuthSchema.omit({ password: true }),
    ApiKeyAuthSchema.omit({ keyValue: true }),
    OAuth2AuthSchema.omit({ clientSecret: true }),
  ]),
  /** Grafana's secureJsonFields idea: the browser learns only that a secret is stored. */
  secretSet: z.boolean(),
  /** The last Test Connection (by a person); secondary to `health`. */
  lastTest: LastTestSchema.nullable(),
  /** What the scheduled checks last found, as the Health dashboard shows it, with why. */
  health: z.object({ state: HealthStateSchema, reason: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DataSource = z.infer<typeof DataSourceSchema>;
