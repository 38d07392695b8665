import { z } from 'zod';
import { SOAP_LOGIN_LAST_API_VERSION } from './salesforce';

/**
 * How a data source signs in to its API: the authentication types, their fields, and which of
 * those fields are secrets. The wizard, the server and the machine API all read this one file.
 */

export const AUTH_TYPES = [
  { value: 'none', label: 'None' },
  { value: 'basic', label: 'Basic Authentication' },
  { value: 'api_key', label: 'API Key' },
  { value: 'oauth2', label: 'OAuth 2.0' },
  { value: 'salesforce_login', label: 'Salesforce user name and password (deprecated)' },
] as const;
export type AuthType = (typeof AUTH_TYPES)[number]['value'];

export const GRANT_TYPES = [
  { value: 'client_credentials', label: 'Client Credentials' },
  { value: 'jwt_bearer', label: 'JWT Bearer' },
] as const;
export type GrantType = (typeof GRANT_TYPES)[number]['value'];

export const CLIENT_AUTH_METHODS = [
  { value: 'client_secret_post', label: 'Credentials in the request body' },
  { value: 'client_secret_basic', label: 'HTTP Basic header' },
] as const;

/** Salesforce's two login hosts; a My Domain URL is the third kind of audience. */
export const SALESFORCE_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'] as const;

/**
 * A write-only secret as a client sends it: a new value, or an empty string / absence to keep
 * the one already stored. The server never sends a secret back.
 */
const secretInput = (max = 4096) => z.string().max(max, `Use at most ${max} characters`).optional();

/** PEM private keys of RSA 4096 bits are about 3.3 kB; room for PKCS#1 headers and line ends. */
const PRIVATE_KEY_MAX_CHARS = 16384;

export const HttpUrlSchema = z
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

/** An origin such as https://acme.my.salesforce.com: scheme, host and port, no path. */
export const OriginUrlSchema = HttpUrlSchema.refine((value) => {
  // zod runs this check even when HttpUrlSchema's failed: a value that is no URL has its message already.
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return true;
  }
  return (url.pathname === '/' || url.pathname === '') && !url.search;
}, 'Enter only the scheme and host (for example https://acme.my.salesforce.com), without a path');

/** The origin an OriginUrlSchema value names, however it was written ("https://Acme.example/" → "https://acme.example"). */
export const originOf = (value: string): string => new URL(value.trim()).origin;

/** Salesforce API versions as Flow Service writes them: "60.0". */
export const SalesforceApiVersionSchema = z
  .string()
  .trim()
  .regex(/^[1-9]\d{1,2}\.0$/, 'Enter a Salesforce API version such as "60.0"');

/** Names the token request sets itself; an extra parameter of the same name would change the grant or leak into it. */
export const RESERVED_TOKEN_PARAMETERS = [
  'grant_type',
  'client_id',
  'client_secret',
  'assertion',
  'client_assertion',
  'client_assertion_type',
  'scope',
] as const;

const TOKEN_PARAMETER_NAME = /^[A-Za-z0-9._~-]+$/;

export const ExtraTokenParameterSchema = z.object({
  name: z.string().trim().min(1, 'Enter the parameter name').max(128).regex(TOKEN_PARAMETER_NAME, 'Use letters, digits, ".", "_", "~" and "-"'),
  /** Not a secret: it is stored and shown like the Client Id. */
  value: z.string().max(2048, 'Use at most 2048 characters'),
});

export const ExtraTokenParametersSchema = z
  .array(ExtraTokenParameterSchema)
  .max(20, 'Use at most 20 extra parameters')
  .superRefine((params, ctx) => {
    const seen = new Set<string>();
    params.forEach((param, index) => {
      const name = param.name.trim().toLowerCase();
      if ((RESERVED_TOKEN_PARAMETERS as readonly string[]).includes(name)) {
        const why = name === 'scope' ? 'use the Scope field' : 'Keyway sets it itself';
        ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `"${param.name}" cannot be an extra parameter: ${why}` });
      } else if (seen.has(name)) {
        ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `"${param.name}" is listed twice` });
      }
      seen.add(name);
    });
  });
export type ExtraTokenParameter = z.infer<typeof ExtraTokenParameterSchema>;

export const NoAuthSchema = z.object({ type: z.literal('none') });

export const BasicAuthSchema = z.object({
  type: z.literal('basic'),
  username: z.string().min(1, 'User name is required').max(512),
  /** Write-only. */
  password: secretInput(),
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
  keyValue: secretInput(),
});

const clientIdSchema = z.string().trim().min(1, 'Client Id is required').max(512);
const scopeSchema = z.string().trim().max(1024);

/** The client-credentials grant: the console acts as a system, never as a signed-in end user. */
export const OAuth2ClientCredentialsSchema = z.object({
  type: z.literal('oauth2'),
  grantType: z.literal('client_credentials'),
  /** The connected app's Consumer Key. */
  clientId: clientIdSchema,
  /** The connected app's Consumer Secret; write-only. */
  clientSecret: secretInput(),
  /** Where the token request is POSTed, e.g. https://<MyDomain>.my.salesforce.com/services/oauth2/token. */
  tokenUrl: HttpUrlSchema,
  /** Space-separated scopes to ask for; empty lets the provider decide. */
  scope: scopeSchema,
  /** RFC 6749 §2.3.1: in the form body (Salesforce's default) or as an HTTP Basic header. */
  clientAuthMethod: z.enum(['client_secret_post', 'client_secret_basic']),
  /** Non-secret extras some providers need (Auth0's audience, Azure's resource). */
  extraParams: ExtraTokenParametersSchema.optional(),
});

/**
 * RFC 7523's JWT bearer grant, as Salesforce's "OAuth 2.0 JWT Bearer Flow" uses it: each exchange
 * signs a fresh assertion with the private key; the token acts as `username`.
 */
export const OAuth2JwtBearerSchema = z.object({
  type: z.literal('oauth2'),
  grantType: z.literal('jwt_bearer'),
  /** The connected app's Consumer Key: the assertion's issuer. */
  clientId: clientIdSchema,
  /** The Salesforce user the token acts as: the assertion's subject. */
  username: z.string().trim().min(1, 'User name is required').max(255),
  /** https://login.salesforce.com, https://test.salesforce.com or a My Domain URL. */
  audience: HttpUrlSchema,
  tokenUrl: HttpUrlSchema,
  scope: scopeSchema,
  /** PEM, PKCS#8 or PKCS#1; write-only. Empty keeps the stored key. */
  privateKey: secretInput(PRIVATE_KEY_MAX_CHARS),
  /** A key pair Keyway generated for this form: its private key is taken from the server's store, never sent. */
  generatedKeyId: z.string().trim().max(64).optional(),
  /**
   * 'jwt_token': no key, a ready-made assertion (Flow Service's jwtToken), sent as it is until it
   * expires, which for Salesforce is minutes after it was signed. Absent: the private key.
   */
  keySource: z.enum(['private_key', 'jwt_token']).optional(),
  /** The ready-made assertion of keySource 'jwt_token'; write-only. */
  jwtToken: secretInput(8192),
});

export const OAuth2AuthSchema = z.discriminatedUnion('grantType', [OAuth2ClientCredentialsSchema, OAuth2JwtBearerSchema]);

/**
 * Salesforce's SOAP API login(): user name, password and security token. Flow Service keeps it as
 * "Basic Authentication" and marks it deprecated; Keyway does the same.
 */
export const SalesforceLoginAuthSchema = z.object({
  type: z.literal('salesforce_login'),
  /** https://login.salesforce.com, https://test.salesforce.com or the org's My Domain URL. */
  loginUrl: OriginUrlSchema,
  // Salesforce removed login() from API version 65.0 on, and answers UNSUPPORTED_API_VERSION below 31.0.
  apiVersion: SalesforceApiVersionSchema.refine(
    (version) => Number(version) >= 31 && Number(version) <= Number(SOAP_LOGIN_LAST_API_VERSION),
    `The SOAP login exists in Salesforce API versions 31.0 to ${SOAP_LOGIN_LAST_API_VERSION}: use ${SOAP_LOGIN_LAST_API_VERSION} or earlier`,
  ),
  username: z.string().trim().min(1, 'User name is required').max(255),
  /** Write-only. */
  password: secretInput(),
  /** Write-only; empty when the org trusts Keyway's address range. */
  securityToken: secretInput(),
});

export const AuthInputSchema = z.discriminatedUnion('type', [
  NoAuthSchema,
  BasicAuthSchema,
  ApiKeyAuthSchema,
  OAuth2AuthSchema,
  SalesforceLoginAuthSchema,
]);
export type AuthInput = z.infer<typeof AuthInputSchema>;
export type OAuth2ClientCredentialsAuth = z.infer<typeof OAuth2ClientCredentialsSchema>;
export type OAuth2JwtBearerAuth = z.infer<typeof OAuth2JwtBearerSchema>;
export type SalesforceLoginAuth = z.infer<typeof SalesforceLoginAuthSchema>;

/** The certificate of a key pair Keyway generated: public, for the connected app's "Use digital signatures". */
export const CertificateSchema = z.object({
  pem: z.string(),
  subject: z.string(),
  notAfter: z.string(),
  /** SHA-256 of the DER, hex, colon-separated: what Salesforce shows for an uploaded certificate. */
  sha256: z.string(),
});
export type Certificate = z.infer<typeof CertificateSchema>;

/**
 * How long the server keeps a generated key pair that no data source has been saved with yet, for
 * the form that asked for it; then it is forgotten, and the form says so.
 */
export const PENDING_KEY_PAIR_HOURS = 24;

/** "Generate a key pair for me": the certificate's common name (RFC 5280 allows 64 characters). */
export const KeyPairRequestSchema = z.object({
  commonName: z.string().trim().min(1, 'Enter a name for the certificate').max(64, 'Use at most 64 characters'),
});

/** The answer: an id for the form to save with, and the certificate to upload. Never the private key. */
export const GeneratedKeyPairSchema = z.object({ id: z.string(), certificate: CertificateSchema });
export type GeneratedKeyPair = z.infer<typeof GeneratedKeyPairSchema>;

/** Authentication as the server presents it: no secret, and for JWT the generated certificate if any. */
export const PresentedAuthSchema = z.discriminatedUnion('type', [
  NoAuthSchema,
  BasicAuthSchema.omit({ password: true }),
  ApiKeyAuthSchema.omit({ keyValue: true }),
  z.discriminatedUnion('grantType', [
    OAuth2ClientCredentialsSchema.omit({ clientSecret: true }),
    OAuth2JwtBearerSchema.omit({ privateKey: true, generatedKeyId: true, jwtToken: true }).extend({ certificate: CertificateSchema.nullable() }),
  ]),
  SalesforceLoginAuthSchema.omit({ password: true, securityToken: true }),
]);
export type PresentedAuth = z.infer<typeof PresentedAuthSchema>;

export const SECRET_FIELDS = ['clientSecret', 'password', 'keyValue', 'privateKey', 'securityToken', 'jwtToken'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

export interface SecretFieldSpec {
  field: SecretField;
  label: string;
  /** A required secret must be typed or stored; an optional one may be absent. */
  required: boolean;
}

const secret = (field: SecretField, label: string, required = true): SecretFieldSpec => ({ field, label, required });

/** The secret fields of an authentication, in the order the wizard shows them. */
export function secretFieldsOf(auth: Pick<AuthInput, 'type'> & { grantType?: GrantType; keySource?: 'private_key' | 'jwt_token' }): readonly SecretFieldSpec[] {
  switch (auth.type) {
    case 'none':
      return [];
    case 'basic':
      return [secret('password', 'Password')];
    case 'api_key':
      return [secret('keyValue', 'Key Value')];
    case 'oauth2':
      if (auth.grantType !== 'jwt_bearer') return [secret('clientSecret', 'Client Secret')];
      return auth.keySource === 'jwt_token' ? [secret('jwtToken', 'Signed JWT')] : [secret('privateKey', 'Private Key')];
    case 'salesforce_login':
      return [secret('password', 'Password'), secret('securityToken', 'Security Token', false)];
  }
}

/** The secrets typed in these values, by field; empty strings are "keep the stored one". */
export function typedSecretsOf(auth: AuthInput): Partial<Record<SecretField, string>> {
  const typed: Partial<Record<SecretField, string>> = {};
  for (const { field } of secretFieldsOf(auth)) {
    const value = (auth as Partial<Record<SecretField, string>>)[field];
    if (value) typed[field] = value;
  }
  return typed;
}

/** An authentication's settings without its secrets (and without a pending generated key): what is stored as configuration and fingerprinted. */
export function withoutSecrets(auth: AuthInput): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...auth };
  // Every secret name, not only this type's: a stray one sent with another type is never stored as a setting.
  for (const field of SECRET_FIELDS) delete copy[field];
  delete copy.generatedKeyId;
  // No extras and an empty list are one setting: a row saved before extras existed matches a form that sends [].
  if (Array.isArray(copy.extraParams) && copy.extraParams.length === 0) delete copy.extraParams;
  return copy;
}
