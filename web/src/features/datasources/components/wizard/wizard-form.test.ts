import { zodResolver } from '@hookform/resolvers/zod';
import { dataSourceFixture } from '@/test-support/data-source';
import { describe, expect, it } from 'vitest';
import type { DataSource } from '@keyway/shared';
import { connectionKey, emptyWizardValues, STEP_FIELDS, storedSecretOf, storedSecretRefusal, valuesFromDataSource, wizardSchema, type WizardValues } from './wizard-form';

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

const saved: DataSource = dataSourceFixture({
  auth: { type: 'oauth2', grantType: 'client_credentials', clientId: 'id', tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token', scope: '', clientAuthMethod: 'client_secret_post' },
  secretSet: true,
  health: { state: 'enabled', reason: 'Healthy' },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const paths = (result: ReturnType<ReturnType<typeof wizardSchema>['safeParse']>) =>
  result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));

describe('wizardSchema', () => {
  it('on create, needs the Swagger file and the secret', () => {
    const values = filled();
    expect(wizardSchema('create', null).safeParse(values).success).toBe(true);
    expect(paths(wizardSchema('create', null).safeParse({ ...values, swagger: { ...values.swagger, document: '' } }))).toContain('swagger.document');
    expect(paths(wizardSchema('create', null).safeParse({ ...values, auth: { ...values.auth, clientSecret: '' } }))).toContain('auth.clientSecret');
  });

  it('on create, needs the fetched description when the source is a URL, as the server does', () => {
    const values = { ...filled(), swagger: { source: 'url' as const, url: 'https://api.example.com/openapi.json', fileName: '', document: '' } };
    expect(paths(wizardSchema('create', null).safeParse(values))).toContain('swagger.document');
    expect(wizardSchema('create', null).safeParse({ ...values, swagger: { ...values.swagger, document: 'openapi: 3.0.3' } }).success).toBe(true);
  });

  it('reports a missing Swagger file beside other errors, so Test Connection shows them all at once', () => {
    const values = { ...filled(), host: '', swagger: { ...filled().swagger, document: '' } };
    expect(paths(wizardSchema('create', null).safeParse(values))).toEqual(expect.arrayContaining(['host', 'swagger.document']));
  });

  it('Test Connection validates the Swagger file, which save needs (its asterisk)', () => {
    expect(STEP_FIELDS[2]).toContain('swagger.document');
  });

  it('gives the Title and Description fields the schema’s message for a hidden character, as for a title saved before they were refused', async () => {
    const stored = dataSourceFixture({ title: '\u202Egnp.exe', description: 'Owner: sales\u200B' });
    const values = valuesFromDataSource(stored);
    // What react-hook-form runs (zodResolver) and puts under each field as its error.
    const { errors } = await zodResolver(wizardSchema('edit', storedSecretOf(stored)))(values, undefined, { fields: {}, shouldUseNativeValidation: false });
    expect(Object.fromEntries(Object.entries(errors).map(([field, error]) => [field, error?.message]))).toEqual({
      title: 'Remove the invisible character U+202E (right-to-left override) at position 1',
      description: 'Remove the invisible character U+200B (zero-width space) at position 13',
    });
    // Every other field is kept as loaded, so fixing the title is all it takes.
    expect(wizardSchema('edit', storedSecretOf(stored)).safeParse({ ...values, title: 'gnp.exe', description: 'Owner: sales' }).success).toBe(true);
  });

  it('on edit, an empty Swagger file keeps the stored one', () => {
    expect(wizardSchema('edit', storedSecretOf(saved)).safeParse(valuesFromDataSource(saved)).success).toBe(true);
  });

  it('on edit, an empty secret keeps the stored one, unless the authentication type changed', () => {
    const values = valuesFromDataSource(saved);
    expect(wizardSchema('edit', storedSecretOf(saved)).safeParse(values).success).toBe(true);
    const basic = { ...values, auth: { type: 'basic' as const, username: 'u', password: '' } };
    expect(paths(wizardSchema('edit', storedSecretOf(saved)).safeParse(basic))).toContain('auth.password');
  });

  it('on edit, an empty secret is refused once the address it was sent to changed', () => {
    const values = { ...valuesFromDataSource(saved), host: 'evil.example.com' };
    const result = wizardSchema('edit', storedSecretOf(saved)).safeParse(values);
    expect(paths(result)).toContain('auth.clientSecret');
    expect(result.error?.issues[0]?.message).toBe(storedSecretRefusal(values, storedSecretOf(saved)));
    const typed = { ...values, auth: { ...values.auth, clientSecret: 'new' } };
    expect(wizardSchema('edit', storedSecretOf(saved)).safeParse(typed).success).toBe(true);
  });
});

describe('storedSecretRefusal', () => {
  const stored = storedSecretOf(saved);
  const values = valuesFromDataSource(saved);

  it('allows the stored secret for the same scheme, host (any case) and token URL', () => {
    expect(storedSecretRefusal(values, stored)).toBeNull();
    expect(storedSecretRefusal({ ...values, host: ' ACME.my.salesforce.com ' }, stored)).toBeNull();
  });

  it('says which part of the address changed', () => {
    expect(storedSecretRefusal({ ...values, host: 'other.my.salesforce.com' }, stored)).toBe(
      'The host changed, and the tokens of the stored Client Secret go only to the address it was entered for: type the Client Secret again.',
    );
    expect(storedSecretRefusal({ ...values, scheme: 'http' }, stored)).toMatch(/^The scheme changed/);
    const tokenUrl = 'https://other.my.salesforce.com/services/oauth2/token';
    expect(storedSecretRefusal({ ...values, auth: { ...values.auth, tokenUrl } as typeof values.auth }, stored)).toBe(
      'The Access Token URL changed, and the stored Client Secret goes only to the address it was entered for: type the Client Secret again.',
    );
  });

  it('has nothing to refuse without a stored secret of this authentication type', () => {
    expect(storedSecretRefusal({ ...values, host: 'other.example.com' }, null)).toBeNull();
    expect(storedSecretRefusal({ ...values, host: 'other.example.com', auth: { type: 'none' } }, stored)).toBeNull();
    expect(storedSecretRefusal({ ...values, host: 'other.example.com', auth: { type: 'basic', username: 'u', password: '' } }, stored)).toBeNull();
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
    // The key says whether a passed test still stands: renaming or relabelling a data source, or typing its host in capitals, keeps it.
    const relabelled: WizardValues[] = [
      { ...values, title: 'SALESFORCE' },
      { ...values, title: 'Salesforce Production' },
      { ...values, name: 'SALESFORCE' },
      { ...values, name: 'salesforce-prod' },
      { ...values, host: 'ACME.My.SalesForce.COM' },
      { ...values, title: 'sALESFORCE', name: 'SalesForce', host: 'ACME.MY.SALESFORCE.COM' },
    ];
    for (const variant of relabelled) expect(connectionKey(variant), JSON.stringify(variant)).toBe(key);
    expect(connectionKey({ ...values, host: 'other.my.salesforce.com' })).not.toBe(key);
    expect(connectionKey({ ...values, basePath: '/services/data/v65.0' })).not.toBe(key);
    expect(connectionKey({ ...values, auth: { ...values.auth, scope: 'api' } })).not.toBe(key);
    expect(connectionKey({ ...values, auth: { ...values.auth, clientSecret: 'other' } })).not.toBe(key);
  });
});
