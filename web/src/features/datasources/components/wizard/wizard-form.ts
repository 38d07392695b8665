import {
  DataSourceInputSchema,
  SECRET_FIELD_BY_AUTH_TYPE,
  type AuthInput,
  type AuthType,
  type DataSource,
  type DataSourceInput,
} from '@keyway/shared';

export type WizardValues = DataSourceInput;

export const STEP_FIELDS = {
  1: ['title', 'name', 'description', 'serviceType'],
  2: ['swagger', 'scheme', 'host', 'basePath', 'auth'],
} as const;

export function defaultAuth(type: AuthType): AuthInput {
  switch (type) {
    case 'none':
      return { type: 'none' };
    case 'basic':
      return { type: 'basic', username: '', password: '' };
    case 'api_key':
      return { type: 'api_key', placement: 'header', keyName: '', keyValue: '' };
    case 'oauth2':
      return {
        type: 'oauth2',
        grantType: 'client_credentials',
        clientId: '',
        clientSecret: '',
        tokenUrl: '',
        scope: '',
        clientAuthMethod: 'client_secret_post',
      };
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

/** A saved data source as form values: secrets empty (kept unless replaced), the stored Swagger kept unless replaced. */
export function valuesFromDataSource(ds: DataSource): WizardValues {
  const field = SECRET_FIELD_BY_AUTH_TYPE[ds.auth.type];
  return {
    title: ds.title,
    name: ds.name,
    description: ds.description,
    serviceType: ds.serviceType,
    swagger: { source: ds.swagger.source, url: ds.swagger.url, fileName: ds.swagger.fileName, document: '' },
    scheme: ds.scheme,
    host: ds.host,
    basePath: ds.basePath,
    auth: (field ? { ...ds.auth, [field]: '' } : { ...ds.auth }) as AuthInput,
  };
}

/**
 * The shared schema plus what only a new data source needs: a Swagger file and, for
 * authenticated types, the secret (on edit an empty secret keeps the stored one).
 */
export function wizardSchema(mode: 'create' | 'edit', storedSecretType: AuthType | null) {
  return DataSourceInputSchema.superRefine((values, ctx) => {
    if (mode === 'create' && !values.swagger.document) {
      ctx.addIssue({ code: 'custom', path: ['swagger', 'document'], message: 'Choose a Swagger file' });
    }
    const field = SECRET_FIELD_BY_AUTH_TYPE[values.auth.type];
    const typed = field ? (values.auth as Record<string, unknown>)[field] : undefined;
    if (field && !typed && storedSecretType !== values.auth.type) {
      const label = { clientSecret: 'Client Secret', password: 'Password', keyValue: 'Key value' }[field];
      ctx.addIssue({ code: 'custom', path: ['auth', field], message: `${label} is required` });
    }
  });
}

/** The values a connection test depends on; a test is current only while these are unchanged. */
export function connectionKey(values: Pick<WizardValues, 'scheme' | 'host' | 'basePath' | 'auth'>): string {
  return JSON.stringify({ scheme: values.scheme, host: values.host.trim().toLowerCase(), basePath: values.basePath.trim(), auth: values.auth });
}
