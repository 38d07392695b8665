import { z } from 'zod';
import {
  AUTH_SPEC_NAMES,
  CONNECTION_SPEC_VERSION,
  CONNECTION_SPECS,
  paramSchemaOf,
  originOf,
  type AuthInput,
  type ConnectionSpecDefinition,
  type DataSource,
  type DataSourceInput,
} from '@keyway/shared';

/**
 * One model, two faces: a Flow Service connection (a spec, an auth spec and its params) and a
 * console data source are the same record. These turn one into the other. Params here are
 * validated already (connection-specs.ts); secrets travel only inward.
 */

/** A connection spec as Flow Service serves it, its params' JSON Schema made from the shared zod schemas. */
export function presentConnectionSpec(spec: ConnectionSpecDefinition) {
  return {
    id: spec.id,
    name: spec.name,
    version: CONNECTION_SPEC_VERSION,
    description: spec.description,
    authSpec: spec.authSpecs.map((auth) => {
      const { $schema: _dialect, ...schema } = z.toJSONSchema(paramSchemaOf(spec, auth.name, 'create')!, { io: 'input' }) as Record<string, unknown>;
      return { name: auth.name, type: auth.type, description: auth.description, ...(auth.deprecated ? { deprecated: true } : {}), spec: schema };
    }),
  };
}

export const SALESFORCE = CONNECTION_SPECS.find((spec) => spec.key === 'salesforce')!;
export const RESTFUL = CONNECTION_SPECS.find((spec) => spec.key === 'restful')!;

export const specByKey = (key: string | null) => (key === 'salesforce' ? SALESFORCE : RESTFUL);

/** What a connection's params become: the data source's connection values and the spec's own extras. */
export interface MappedConnection {
  values: Pick<DataSourceInput, 'scheme' | 'host' | 'basePath' | 'auth'>;
  /** Params the data source has no column for (Salesforce's includeDeletedObjects). */
  specParams: Record<string, unknown>;
}

type Params = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' ? value : '');
const optionalStr = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

const SALESFORCE_TOKEN_PATH = '/services/oauth2/token';

/** The key a JWT connection's params name: a private key, a generated pair, or Flow's ready-made jwtToken. */
function jwtKeyOf(params: Params, kept: Kept) {
  const jwtToken = optionalStr(params.jwtToken);
  const privateKey = optionalStr(params.privateKey);
  const generatedKeyId = optionalStr(params.keyPairId);
  if (jwtToken || (!privateKey && !generatedKeyId && kept.keySource === 'jwt_token')) return { keySource: 'jwt_token' as const, jwtToken };
  return { privateKey, generatedKeyId };
}

/** What a patch keeps of the stored connection that its params do not say: which kind of key it has. */
export interface Kept {
  keySource?: 'private_key' | 'jwt_token';
}

/** Salesforce: the token URL and base path come from environmentUrl and apiVersion, as the wizard's helper makes them. */
function fromSalesforceParams(authSpecName: string, params: Params, kept: Kept): MappedConnection {
  const environment = originOf(str(params.environmentUrl));
  const url = new URL(environment);
  const where = { scheme: url.protocol === 'http:' ? ('http' as const) : ('https' as const), host: url.host, basePath: `/services/data/v${str(params.apiVersion)}` };
  const specParams = params.includeDeletedObjects === undefined ? {} : { includeDeletedObjects: params.includeDeletedObjects };
  let auth: AuthInput;
  if (authSpecName === AUTH_SPEC_NAMES.basic) {
    auth = {
      type: 'salesforce_login',
      loginUrl: environment,
      apiVersion: str(params.apiVersion),
      username: str(params.username),
      password: optionalStr(params.password),
      securityToken: optionalStr(params.securityToken),
    };
  } else if (authSpecName === AUTH_SPEC_NAMES.jwtBearer) {
    auth = {
      type: 'oauth2',
      grantType: 'jwt_bearer',
      clientId: str(params.clientId),
      username: str(params.username),
      audience: str(params.audience),
      tokenUrl: `${environment}${SALESFORCE_TOKEN_PATH}`,
      scope: '',
      ...jwtKeyOf(params, kept),
    };
  } else {
    auth = {
      type: 'oauth2',
      grantType: 'client_credentials',
      clientId: str(params.clientId),
      clientSecret: optionalStr(params.clientSecret),
      tokenUrl: `${environment}${SALESFORCE_TOKEN_PATH}`,
      scope: '',
      clientAuthMethod: 'client_secret_post',
    };
  }
  return { values: { ...where, auth }, specParams };
}

/** RESTful: the base URL splits into scheme, host and base path; the auth params are the wizard's fields. */
function fromRestfulParams(authSpecName: string, params: Params, kept: Kept): MappedConnection {
  const url = new URL(str(params.url));
  const basePath = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') || '/' : '/';
  const where = { scheme: url.protocol === 'http:' ? ('http' as const) : ('https' as const), host: url.host, basePath };
  let auth: AuthInput;
  switch (authSpecName) {
    case AUTH_SPEC_NAMES.none:
      auth = { type: 'none' };
      break;
    case AUTH_SPEC_NAMES.basic:
      auth = { type: 'basic', username: str(params.username), password: optionalStr(params.password) };
      break;
    case AUTH_SPEC_NAMES.apiKey:
      auth = { type: 'api_key', placement: params.placement === 'query' ? 'query' : 'header', keyName: str(params.keyName), keyValue: optionalStr(params.keyValue) };
      break;
    case AUTH_SPEC_NAMES.jwtBearer:
      auth = {
        type: 'oauth2',
        grantType: 'jwt_bearer',
        clientId: str(params.clientId),
        username: str(params.username),
        audience: str(params.audience),
        tokenUrl: str(params.tokenUrl),
        scope: str(params.scope),
        ...jwtKeyOf(params, kept),
      };
      break;
    default:
      auth = {
        type: 'oauth2',
        grantType: 'client_credentials',
        clientId: str(params.clientId),
        clientSecret: optionalStr(params.clientSecret),
        tokenUrl: str(params.tokenUrl),
        scope: str(params.scope),
        clientAuthMethod: params.clientAuthMethod === 'client_secret_basic' ? 'client_secret_basic' : 'client_secret_post',
        extraParams: Array.isArray(params.extraParams) ? (params.extraParams as Array<{ name: string; value: string }>) : [],
      };
  }
  return { values: { ...where, auth }, specParams: {} };
}

export function toConnectionValues(spec: ConnectionSpecDefinition, authSpecName: string, params: Params, kept: Kept = {}): MappedConnection {
  return spec.key === 'salesforce' ? fromSalesforceParams(authSpecName, params, kept) : fromRestfulParams(authSpecName, params, kept);
}

/** A data source as a connection of a spec: its auth spec and its non-secret params. */
export interface PresentedConnectionAuth {
  spec: ConnectionSpecDefinition;
  specName: string;
  params: Params;
}

/**
 * A data source in Flow's terms. A data source made as a Salesforce connection stays one while
 * its settings still fit the spec (the console may have changed them); anything else, the
 * console's own included, is a RESTful Service connection. The Salesforce login is Salesforce's.
 */
export function presentConnectionAuth(ds: DataSource, specKey: string | null, specParams: Params): PresentedConnectionAuth {
  const environmentUrl = `${ds.scheme}://${ds.host}`;
  const apiVersion = /^\/services\/data\/v(\d{2,3}\.0)$/.exec(ds.basePath)?.[1];
  const auth = ds.auth;
  if (auth.type === 'salesforce_login') {
    return {
      spec: SALESFORCE,
      specName: AUTH_SPEC_NAMES.basic,
      params: { environmentUrl: originOf(auth.loginUrl), username: auth.username, apiVersion: auth.apiVersion, ...specParams },
    };
  }
  const salesforceTokenUrl = `${environmentUrl}${SALESFORCE_TOKEN_PATH}`;
  if (specKey === 'salesforce' && apiVersion && auth.type === 'oauth2' && auth.tokenUrl === salesforceTokenUrl) {
    const common = { environmentUrl, clientId: auth.clientId, apiVersion, ...specParams };
    if (auth.grantType === 'jwt_bearer') {
      return { spec: SALESFORCE, specName: AUTH_SPEC_NAMES.jwtBearer, params: { ...common, username: auth.username, audience: auth.audience } };
    }
    return { spec: SALESFORCE, specName: AUTH_SPEC_NAMES.clientCredentials, params: common };
  }

  const url = `${environmentUrl}${ds.basePath === '/' ? '' : ds.basePath}`;
  switch (auth.type) {
    case 'none':
      return { spec: RESTFUL, specName: AUTH_SPEC_NAMES.none, params: { url } };
    case 'basic':
      return { spec: RESTFUL, specName: AUTH_SPEC_NAMES.basic, params: { url, username: auth.username } };
    case 'api_key':
      return { spec: RESTFUL, specName: AUTH_SPEC_NAMES.apiKey, params: { url, placement: auth.placement, keyName: auth.keyName } };
    case 'oauth2':
      if (auth.grantType === 'jwt_bearer') {
        return {
          spec: RESTFUL,
          specName: AUTH_SPEC_NAMES.jwtBearer,
          params: { url, clientId: auth.clientId, username: auth.username, audience: auth.audience, tokenUrl: auth.tokenUrl, scope: auth.scope },
        };
      }
      return {
        spec: RESTFUL,
        specName: AUTH_SPEC_NAMES.clientCredentials,
        params: { url, clientId: auth.clientId, tokenUrl: auth.tokenUrl, scope: auth.scope, clientAuthMethod: auth.clientAuthMethod, extraParams: auth.extraParams ?? [] },
      };
  }
}

/**
 * Where a field of the console's model is in an API request: the errors the data source service
 * raises (a secret required, a name taken) point at the param the client sent.
 */
export function pointerOfField(spec: ConnectionSpecDefinition): (field: string) => string {
  const addressParam = spec.key === 'salesforce' ? '/auth/params/environmentUrl' : '/auth/params/url';
  return (field) => {
    if (field === 'title' || field === 'name') return '/name';
    if (field === 'description') return '/description';
    if (field === 'scheme' || field === 'host' || field === 'basePath') return addressParam;
    if (field === 'auth.privateKey') return '/auth/params/privateKey';
    if (spec.key === 'salesforce' && (field === 'auth.tokenUrl' || field === 'auth.loginUrl')) return '/auth/params/environmentUrl';
    if (field.startsWith('auth.')) return `/auth/params/${field.slice('auth.'.length).split('.').join('/')}`;
    return `/${field.split('.').join('/')}`;
  };
}
