import { describe, expect, it } from 'vitest';
import type { DataSource } from '@keyway/shared';
import { connectionKey, emptyWizardValues, valuesFromDataSource, wizardSchema } from './wizard-form';

const filled = () => ({
  ...emptyWizardValues(),
  title: 'Salesforce',
  name: 'salesforce',
  host: 'acme.my.salesforce.com',
  basePath: '/services/data',
  swagger: { source: 'file' as const, url: '', fileName: 'api.yaml', document: 'swagger: "2.0"' },
  auth: {
    type: 'oauth2' as const,
    grantType: 'client_credentials' as const,
    clientId: 'id',
    clientSecret: 'secret',
    tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token',
    scope: '',
    clientAuthMethod: 'client_secret_post' as const,
  },
});

const saved: DataSource = {
  id: 'ds1',
  folderId: 'f1',
  name: 'salesforce',
  title: 'Salesforce',
  description: '',
  serviceType: 'restful',
  swagger: { source: 'file', url: '', fileName: 'api.yaml', format: 'swagger-2.0', apiTitle: 'API', apiVersion: '1', operationCount: 3 },
  scheme: 'https',
  host: 'acme.my.salesforce.com',
  basePath: '/services/data',
  auth: { type: 'oauth2', grantType: 'client_credentials', clientId: 'id', tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token', scope: '', clientAuthMethod: 'client_secret_post' },
  secretSet: true,
  lastTest: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const paths = (result: ReturnType<ReturnType<typeof wizardSchema>['safeParse']>) =>
  result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));

describe('wizardSchema', () => {
  it('on create, needs the Swagger file and the secret', () => {
    const values = filled();
    expect(wizardSchema('create', null).safeParse(values).success).toBe(true);
    expect(paths(wizardSchema('create', null).safeParse({ ...values, swagger: { ...values.swagger, document: '' } }))).toContain('swagger.document');
    expect(paths(wizardSchema('create', null).safeParse({ ...values, auth: { ...values.auth, clientSecret: '' } }))).toContain('auth.clientSecret');
  });

  it('on edit, an empty secret keeps the stored one, unless the authentication type changed', () => {
    const values = valuesFromDataSource(saved);
    expect(wizardSchema('edit', 'oauth2').safeParse(values).success).toBe(true);
    const basic = { ...values, auth: { type: 'basic' as const, username: 'u', password: '' } };
    expect(paths(wizardSchema('edit', 'oauth2').safeParse(basic))).toContain('auth.password');
  });
});

describe('valuesFromDataSource', () => {
  it('never carries a secret or the stored Swagger text into the form', () => {
    const values = valuesFromDataSource(saved);
    expect(values.auth).toMatchObject({ type: 'oauth2', clientSecret: '' });
    expect(values.swagger.document).toBe('');
  });
});

describe('connectionKey', () => {
  it('changes with any connection value and ignores title, name and host case', () => {
    const values = filled();
    const key = connectionKey(values);
    expect(connectionKey({ ...values, host: 'ACME.my.salesforce.com' })).toBe(key);
    expect(connectionKey({ ...values, basePath: '/services/data/v65.0' })).not.toBe(key);
    expect(connectionKey({ ...values, auth: { ...values.auth, scope: 'api' } })).not.toBe(key);
    expect(connectionKey({ ...values, auth: { ...values.auth, clientSecret: 'other' } })).not.toBe(key);
  });
});
