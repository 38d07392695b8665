import {
  DataSourceInputSchema,
  SALESFORCE_AUDIENCES,
  secretFieldsOf,
  storedSecretChange,
  type AuthInput,
  type AuthType,
  type Certificate,
  type DataSource,
  type DataSourceInput,
  type GrantType,
  type OAuth2ClientCredentialsAuth,
  type OAuth2JwtBearerAuth,
  type SalesforceLoginAuth,
  type SecretDestination,
  type SecretDestinationChange,
  type SecretField,
  type SecretFieldSpec,
} from '@keyway/shared';
import type { ApiDescriptionState } from './swagger-source-fields';

export type WizardValues = DataSourceInput;

/**
 * The fields each step validates. The Swagger fields are named one by one: they are set with
 * setValue, not registered, and react-hook-form's trigger('swagger') then drops their errors.
 */
export const STEP_FIELDS = {
  1: ['title', 'name', 'description', 'serviceType'],
  2: ['swagger.document', 'swagger.url', 'scheme', 'host', 'basePath', 'auth'],
} as const;

/** Salesforce's production login host: the default audience of a JWT and URL of a SOAP login. */
export const SALESFORCE_LOGIN_URL: string = SALESFORCE_AUDIENCES[0];

/** The SOAP login's API version when nothing else is chosen. */
export const DEFAULT_SOAP_API_VERSION = '60.0';

type OAuth2Auth = Extract<AuthInput, { type: 'oauth2' }>;

/**
 * OAuth 2.0 with `grantType`; the Client Id, token URL and scope of `from` carry over, so that a
 * change of grant keeps what both grants share.
 */
type SharedOAuth2 = Pick<OAuth2Auth, 'clientId' | 'tokenUrl' | 'scope'>;
export function defaultOAuth2(grantType: 'jwt_bearer', from?: SharedOAuth2): OAuth2JwtBearerAuth;
export function defaultOAuth2(grantType: 'client_credentials', from?: SharedOAuth2): OAuth2ClientCredentialsAuth;
export function defaultOAuth2(grantType: GrantType, from?: SharedOAuth2): OAuth2Auth;
export function defaultOAuth2(grantType: GrantType, from?: SharedOAuth2): OAuth2Auth {
  const shared = { clientId: from?.clientId ?? '', tokenUrl: from?.tokenUrl ?? '', scope: from?.scope ?? '' };
  if (grantType === 'jwt_bearer') {
    return { type: 'oauth2', grantType, ...shared, username: '', audience: SALESFORCE_LOGIN_URL, privateKey: '', generatedKeyId: '' };
  }
  return { type: 'oauth2', grantType, ...shared, clientSecret: '', clientAuthMethod: 'client_secret_post', extraParams: [] };
}

export function defaultAuth(type: AuthType): AuthInput {
  switch (type) {
    case 'none':
      return { type: 'none' };
    case 'basic':
      return { type: 'basic', username: '', password: '' };
    case 'api_key':
      return { type: 'api_key', placement: 'header', keyName: '', keyValue: '' };
    case 'oauth2':
      return defaultOAuth2('client_credentials');
    case 'salesforce_login':
      return { type: 'salesforce_login', loginUrl: SALESFORCE_LOGIN_URL, apiVersion: DEFAULT_SOAP_API_VERSION, username: '', password: '', securityToken: '' };
  }
}

export const emptyWizardValues = (): WizardValues => ({
  title: '',
  name: '',
  description: '',
  serviceType: 'restful',
  swagger: { source: 'file', url: '', fileName: '', document: '' },
  scheme: 'https',
  host: '',
  basePath: '/',
  auth: defaultAuth('oauth2'),
});

/** A saved authentication as form values: every secret empty (kept unless replaced), no certificate, no pending key pair. */
function authFromDataSource(presented: DataSource['auth']): AuthInput {
  const { certificate: _certificate, ...auth } = presented as DataSource['auth'] & { certificate?: unknown };
  const values: Record<string, unknown> = { ...auth };
  for (const { field } of secretFieldsOf(presented)) values[field] = '';
  if (presented.type === 'oauth2' && presented.grantType === 'jwt_bearer') values.generatedKeyId = '';
  if (presented.type === 'oauth2' && presented.grantType === 'client_credentials') values.extraParams = presented.extraParams ?? [];
  return values as AuthInput;
}

/** A saved data source as form values: secrets empty (kept unless replaced), the stored Swagger kept unless replaced. */
export function valuesFromDataSource(ds: DataSource): WizardValues {
  return {
    title: ds.title,
    name: ds.name,
    description: ds.description,
    serviceType: ds.serviceType,
    swagger: { source: ds.swagger.source, url: ds.swagger.url, fileName: ds.swagger.fileName, document: '' },
    scheme: ds.scheme,
    host: ds.host,
    basePath: ds.basePath,
    auth: authFromDataSource(ds.auth),
  };
}

/** What the form says of a saved data source's API description; nothing for one made through the API without one. */
export function apiDescriptionStateOf(ds: DataSource | undefined): ApiDescriptionState {
  if (!ds || ds.swagger.source === 'none') return {};
  const { apiTitle: title, apiVersion: version, operationCount, format } = ds.swagger;
  return { summary: { title, version, operationCount, format: format as 'swagger-2.0', warnings: [] } };
}

/**
 * What the edit form knows of the stored API description: 'description' when one is stored (a
 * new file or URL replaces it, none keeps it), 'none' for a data source made through the API
 * without one (it may be saved so, or be given one), null on create.
 */
export type StoredApiDescription = 'description' | 'none' | null;

export const storedApiDescriptionOf = (ds: DataSource | undefined): StoredApiDescription =>
  !ds ? null : ds.swagger.source === 'none' ? 'none' : 'description';

/** The wizard's names for the settings of a data source, for saying which of them someone else changed. */
const CHANGED_SETTINGS: ReadonlyArray<readonly [string, (ds: DataSource) => unknown]> = [
  ['Title', (ds) => ds.title],
  ['Description', (ds) => ds.description],
  ['Service Type', (ds) => ds.serviceType],
  ['API description', (ds) => ds.swagger],
  ['Scheme', (ds) => ds.scheme],
  ['Host', (ds) => ds.host],
  ['Base Path', (ds) => ds.basePath],
  // A secret replaced shows only as a new set of stored secrets, if at all: the rest of it is not known here.
  ['Authentication', (ds) => [ds.auth, ds.storedSecrets]],
];

export interface EditConflictReset {
  /** The form's new values: the current data source, secrets empty (kept unless replaced), as when the form is opened. */
  values: WizardValues;
  apiDescription: ApiDescriptionState;
  /** What differs between the data source the form was opened on and the current one, by the wizard's names. */
  changed: string[];
  /** The secrets the person had given in the refused save (typed, or a generated key pair): they are not carried over. */
  droppedSecrets: string[];
}

/**
 * After a save refused with edit_conflict: the form starts again from the data source as it is
 * now. Nothing of the refused save is carried over, its secrets least of all: a secret typed for
 * the old settings could go somewhere its owner did not mean it to, so the person gives it again.
 */
export function editConflictReset(opened: DataSource, current: DataSource, refused: WizardValues): EditConflictReset {
  const changed = CHANGED_SETTINGS.filter(([, read]) => JSON.stringify(read(opened)) !== JSON.stringify(read(current))).map(([label]) => label);
  const droppedSecrets = secretFieldsOf(refused.auth)
    .filter((spec) => secretGiven(refused.auth, spec))
    .map((spec) => spec.label);
  return { values: valuesFromDataSource(current), apiDescription: apiDescriptionStateOf(current), changed, droppedSecrets };
}

/** Where a saved data source's secrets were allowed to go, and which of them are stored; null when none is. */
export interface StoredSecret extends SecretDestination {
  fields: readonly SecretField[];
}

export function storedSecretOf(ds: DataSource | undefined): StoredSecret | null {
  return ds && ds.storedSecrets.length > 0 ? { scheme: ds.scheme, host: ds.host, auth: ds.auth, fields: ds.storedSecrets } : null;
}

/** The certificate of a saved JWT data source's generated key pair, if it has one. */
export function storedCertificateOf(ds: DataSource | undefined): Certificate | null {
  return ds?.auth.type === 'oauth2' && ds.auth.grantType === 'jwt_bearer' ? ds.auth.certificate : null;
}

type Destination = Pick<WizardValues, 'scheme' | 'host' | 'auth'>;

/**
 * The secret fields stored for these values' authentication: none once the type or grant differs
 * from the saved one (the other type's secrets are never used), whatever else changed.
 */
export function storedFieldsFor(values: Destination, stored: StoredSecret | null): readonly SecretField[] {
  if (!stored || storedSecretChange(stored, values) === 'auth_type') return [];
  const fields = secretFieldsOf(values.auth).map((spec) => spec.field);
  return stored.fields.filter((field) => fields.includes(field));
}

/** How the wizard names each part of the destination that can change. */
function changedLabel(change: Exclude<SecretDestinationChange, 'auth_type'>, auth: AuthInput): string {
  switch (change) {
    case 'host':
      return 'host';
    case 'scheme':
      return 'scheme';
    case 'token_url':
      return auth.type === 'salesforce_login' ? 'Login URL' : 'Access Token URL';
    case 'audience':
      return 'Audience';
    case 'username':
      return 'User Name';
    case 'key_placement':
      return 'placement';
  }
}

/** What a person does to give a refused or missing secret again. */
const againOf = (spec: SecretFieldSpec) => {
  if (spec.field === 'privateKey') return 'paste the private key again or generate a new key pair';
  // A signed JWT is set through the API only; in the wizard the way on is a key of one's own.
  if (spec.field === 'jwtToken') return 'use a private key instead (paste one or generate a key pair)';
  return `type the ${spec.label} again`;
};

function refusalOf(spec: SecretFieldSpec, change: Exclude<SecretDestinationChange, 'auth_type'>, auth: AuthInput): string {
  const changed = `The ${changedLabel(change, auth)} changed`;
  const again = againOf(spec);
  if (spec.field === 'privateKey' || spec.field === 'jwtToken') {
    const stored = spec.field === 'privateKey' ? 'the stored Private Key signs requests' : 'the stored Signed JWT is good';
    // The key never leaves Keyway: it signs requests addressed to the token URL and the audience.
    if (change === 'audience') return `${changed}, and ${stored} only for the audience it was entered for: ${again}.`;
    if (change === 'token_url') return `${changed}, and ${stored} only for the address it was entered for: ${again}.`;
    return `${changed}, and the tokens of the stored ${spec.label} go only to the address it was entered for: ${again}.`;
  }
  if (change === 'key_placement') return `The key moved into the query string, where the logs of every server on the way keep it: ${again} to send it there.`;
  if (change === 'username') return `${changed}, and the stored ${spec.label} is used only with the user name it was entered for: ${again}.`;
  // With OAuth 2.0 the secret itself goes only to the token URL, but the tokens it gets go to the
  // host; a SOAP login's session goes to the host in the same way.
  const credentialHost = change !== 'token_url';
  const what =
    credentialHost && auth.type === 'oauth2'
      ? `the tokens of the stored ${spec.label} go`
      : credentialHost && auth.type === 'salesforce_login'
        ? `the sessions of the stored ${spec.label} go`
        : `the stored ${spec.label} goes`;
  return `${changed}, and ${what} only to the address it was entered for: ${again}.`;
}

/**
 * Why each stored secret cannot be used with these values, by field; empty when all can (or none
 * is stored for this authentication type and grant). The rule is the server's too:
 * storedSecretChange in @keyway/shared.
 */
export function storedSecretRefusals(values: Destination, stored: StoredSecret | null): Partial<Record<SecretField, string>> {
  const refusals: Partial<Record<SecretField, string>> = {};
  const fields = storedFieldsFor(values, stored);
  if (!stored || fields.length === 0) return refusals;
  const change = storedSecretChange(stored, values);
  // Another authentication type has no stored secret to refuse: its own is simply required.
  if (!change || change === 'auth_type') return refusals;
  for (const spec of secretFieldsOf(values.auth)) {
    if (fields.includes(spec.field)) refusals[spec.field] = refusalOf(spec, change, values.auth);
  }
  return refusals;
}

/** Why the stored secret of `field` (by default the authentication's first) cannot be used with these values, or null. */
export function storedSecretRefusal(values: Destination, stored: StoredSecret | null, field?: SecretField): string | null {
  const refusals = storedSecretRefusals(values, stored);
  const name = field ?? secretFieldsOf(values.auth)[0]?.field;
  return (name && refusals[name]) || null;
}

const typedSecret = (auth: AuthInput, field: SecretField) => (auth as Partial<Record<SecretField, string>>)[field] || undefined;

/** A generated key pair stands in for a typed private key. */
const generatedKeyOf = (auth: AuthInput) => (auth.type === 'oauth2' && auth.grantType === 'jwt_bearer' ? auth.generatedKeyId || undefined : undefined);

/** Whether these values give the secret of `spec` anew: typed, or for the private key a generated key pair. */
export function secretGiven(auth: AuthInput, spec: Pick<SecretFieldSpec, 'field'>): boolean {
  return Boolean(typedSecret(auth, spec.field) || (spec.field === 'privateKey' && generatedKeyOf(auth)));
}

const requiredMessage = (spec: SecretFieldSpec) => (spec.field === 'privateKey' ? 'Generate a key pair or paste a private key' : `${spec.label} is required`);

/** Why the values need an API description they do not have, or null. */
function missingDescription(swagger: WizardValues['swagger'], storedDescription: StoredApiDescription): string | null {
  // A data source made through the API without one may stay so; a new one may not.
  if (swagger.source === 'none') return storedDescription === 'none' ? null : 'Choose a Swagger file';
  if (swagger.document || storedDescription === 'description') return null;
  const message = swagger.source === 'url' ? 'Fetch the Swagger file from its URL' : 'Choose a Swagger file';
  return storedDescription === 'none' ? `${message}, or choose None to save without one` : message;
}

/**
 * The shared schema plus what the server checks beyond it: a new data source needs an API
 * description (a stored one is kept on edit; one made through the API without one may be saved
 * so, or be given one), and each required secret must be given unless a stored one may be used
 * (same type and grant, same destination). An optional secret that is stored is refused like a
 * required one once its destination changed, as the server does.
 */
export function wizardSchema(mode: 'create' | 'edit', stored: StoredSecret | null, storedDescription: StoredApiDescription = mode === 'edit' ? 'description' : null) {
  return DataSourceInputSchema.superRefine((values, ctx) => {
    const description = missingDescription(values.swagger, mode === 'create' ? null : storedDescription);
    if (description) ctx.addIssue({ code: 'custom', path: ['swagger', 'document'], message: description });
    const storedFields = storedFieldsFor(values, stored);
    const refusals = storedSecretRefusals(values, stored);
    for (const spec of secretFieldsOf(values.auth)) {
      if (secretGiven(values.auth, spec)) continue;
      if (!storedFields.includes(spec.field)) {
        if (spec.required) ctx.addIssue({ code: 'custom', path: ['auth', spec.field], message: requiredMessage(spec) });
        continue;
      }
      const refusal = refusals[spec.field];
      if (refusal) ctx.addIssue({ code: 'custom', path: ['auth', spec.field], message: refusal });
    }
  });
}

/** The values a connection test depends on; a test is current only while these are unchanged. */
export function connectionKey(values: Pick<WizardValues, 'scheme' | 'host' | 'basePath' | 'auth'>): string {
  return JSON.stringify({ scheme: values.scheme, host: values.host.trim().toLowerCase(), basePath: values.basePath.trim(), auth: values.auth });
}

/** Whether a Salesforce URL is one of the shared login hosts rather than an org's own My Domain. */
export const isSalesforceLoginHost = (url: string) => (SALESFORCE_AUDIENCES as readonly string[]).includes(url.trim().replace(/\/+$/, '').toLowerCase());

/**
 * "Move to OAuth 2.0 client credentials": the connected app's Client Id and Secret are typed anew.
 * A My Domain login URL gives the token URL (client credentials need the org's own domain); a
 * shared login host gives none, and the person fills it.
 */
export function clientCredentialsFrom(login: Pick<SalesforceLoginAuth, 'loginUrl'>): OAuth2ClientCredentialsAuth {
  let tokenUrl = '';
  try {
    if (!isSalesforceLoginHost(login.loginUrl)) tokenUrl = `${new URL(login.loginUrl.trim()).origin}/services/oauth2/token`;
  } catch {
    // Not a URL: nothing to derive.
  }
  return { ...defaultOAuth2('client_credentials'), tokenUrl };
}
