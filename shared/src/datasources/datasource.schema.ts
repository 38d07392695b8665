import { z } from 'zod';
import { HealthStateSchema } from '../health/health.schema';
import { MachineNameSchema } from '../names';
import { API_DESCRIPTION_MAX_BYTES_CEILING, formatByteSize } from '../swagger/description-size';
import { displayText } from '../text/display-text.schema';
import { AuthInputSchema, HttpUrlSchema, PresentedAuthSchema, SECRET_FIELDS } from './auth.schema';

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

export const SwaggerInputSchema = z
  .object({
    /** Where the Swagger / OpenAPI description comes from; 'none' only for a connection made through the API without one. */
    source: z.enum(['file', 'url', 'none']),
    /** For source "url": where the server fetched it from. */
    url: z.string().trim().max(2048),
    /** For source "file": the uploaded file's name. */
    fileName: z.string().max(255),
    /**
     * The description's text; empty on edit to keep the stored one. The server holds it to its
     * SWAGGER_MAX_BYTES (25 MB by default); this bound is only the highest that setting may take.
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
  /**
   * The version the form was opened on: if anyone (another person, the API) changed the data
   * source since, the save is refused and the form shows the current values. Required, so that no
   * client can save without the check.
   */
  version: z
    .number({ message: 'Send the version of the data source this edit was made on (its "version")' })
    .int()
    .min(1),
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
    /** 'none': made through the API without a description. */
    source: z.enum(['file', 'url', 'none']),
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
  auth: PresentedAuthSchema,
  /** Grafana's secureJsonFields idea: the browser learns only that a secret is stored. True when every required secret is. */
  secretSet: z.boolean(),
  /** Which secret fields are stored, by name; never their values or lengths. */
  storedSecrets: z.array(z.enum(SECRET_FIELDS)),
  /** The last Test Connection (by a person); secondary to `health`. */
  lastTest: LastTestSchema.nullable(),
  /** What the scheduled checks last found, as the Health dashboard shows it, with why. */
  health: z.object({ state: HealthStateSchema, reason: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Raised by every change, from the console or the API: a save names the version it edited, and a stale one is refused. */
  version: z.number().int(),
});
export type DataSource = z.infer<typeof DataSourceSchema>;
