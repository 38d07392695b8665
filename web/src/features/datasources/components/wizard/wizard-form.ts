import {
  DataSourceInputSchema,
  SECRET_FIELD_BY_AUTH_TYPE,
  storedSecretChange,
  type AuthInput,
  type AuthType,
  type DataSource,
  type DataSourceInput,
  type SecretDestination,
} from '@keyway/shared';

export type WizardValues = DataSourceInput;

/**
 * The fields each step validates. The Swagger fields are named one by one: they are set with
 * setValue, not registered, and react-hook-form's trigger('swagger') then drops their errors.
 */
export const STEP_FIELDS = {
  1: ['title', 'name', 'description', 'serviceType'],
  2: ['swagger.document', 'swagger.url', 'scheme', 'host', 'basePath', 'auth'],
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

const SECRET_LABELS = { clientSecret: 'Client Secret', password: 'Password', keyValue: 'Key Value' } as const;

/** Where a saved data source's secret was allowed to go; null when no secret is stored. */
export type StoredSecret = SecretDestination;

export function storedSecretOf(ds: DataSource | undefined): StoredSecret | null {
  return ds?.secretSet ? { scheme: ds.scheme, host: ds.host, auth: ds.auth } : null;
}

/** How the wizard names each part of the destination that can change. */
const CHANGED_LABELS = { host: 'host', scheme: 'scheme', token_url: 'Access Token URL' } as const;

/**
 * Why the stored secret cannot be used with these values, or null when it can (or none is stored
 * for this authentication type). The rule is the server's too: storedSecretChange in @keyway/shared.
 */
export function storedSecretRefusal(values: Pick<WizardValues, 'scheme' | 'host' | 'auth'>, stored: StoredSecret | null): string | null {
  const field = SECRET_FIELD_BY_AUTH_TYPE[values.auth.type];
  if (!field || !stored) return null;
  const change = storedSecretChange(stored, values);
  // Another authentication type has no stored secret to refuse: its own is simply required.
  if (!change || change === 'auth_type') return null;
  const label = SECRET_LABELS[field];
  // With OAuth 2.0 the secret itself goes only to the token URL, but the tokens it gets go to the host.
  const what = values.auth.type === 'oauth2' && change !== 'token_url' ? `the tokens of the stored ${label} go` : `the stored ${label} goes`;
  return `The ${CHANGED_LABELS[change]} changed, and ${what} only to the address it was entered for: type the ${label} again.`;
}

/**
 * The shared schema plus what the server checks beyond it: a new data source needs an API
 * description (the stored one is kept on edit), and an authenticated type needs its secret
 * unless a stored one may be used (same type, same destination).
 */
export function wizardSchema(mode: 'create' | 'edit', stored: StoredSecret | null) {
  return DataSourceInputSchema.superRefine((values, ctx) => {
    if (mode === 'create' && !values.swagger.document) {
      const message = values.swagger.source === 'url' ? 'Fetch the Swagger file from its URL' : 'Choose a Swagger file';
      ctx.addIssue({ code: 'custom', path: ['swagger', 'document'], message });
    }
    const field = SECRET_FIELD_BY_AUTH_TYPE[values.auth.type];
    const typed = field ? (values.auth as Record<string, unknown>)[field] : undefined;
    if (!field || typed) return;
    if (stored?.auth.type !== values.auth.type) {
      ctx.addIssue({ code: 'custom', path: ['auth', field], message: `${SECRET_LABELS[field]} is required` });
      return;
    }
    const refusal = storedSecretRefusal(values, stored);
    if (refusal) ctx.addIssue({ code: 'custom', path: ['auth', field], message: refusal });
  });
}

/** The values a connection test depends on; a test is current only while these are unchanged. */
export function connectionKey(values: Pick<WizardValues, 'scheme' | 'host' | 'basePath' | 'auth'>): string {
  return JSON.stringify({ scheme: values.scheme, host: values.host.trim().toLowerCase(), basePath: values.basePath.trim(), auth: values.auth });
}
