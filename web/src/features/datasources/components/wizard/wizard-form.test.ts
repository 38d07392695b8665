import { zodResolver } from '@hookform/resolvers/zod';
import { dataSourceFixture } from '@/test-support/data-source';
import { describe, expect, it } from 'vitest';
import type { DataSource } from '@keyway/shared';
import {
  apiDescriptionStateOf,
  clientCredentialsFrom,
  connectionKey,
  defaultAuth,
  defaultOAuth2,
  editConflictReset,
  emptyWizardValues,
  STEP_FIELDS,
  storedCertificateOf,
  storedFieldsFor,
  storedSecretOf,
  storedSecretRefusal,
  storedSecretRefusals,
  storedApiDescriptionOf,
  valuesFromDataSource,
  wizardSchema,
  type WizardValues,
} from './wizard-form';

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

const CERTIFICATE = { pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', subject: 'CN=Keyway Salesforce', notAfter: '2028-11-01T00:00:00.000Z', sha256: 'AB:CD' };
const TOKEN_URL = 'https://acme.my.salesforce.com/services/oauth2/token';

const savedJwt: DataSource = dataSourceFixture({
  auth: { type: 'oauth2', grantType: 'jwt_bearer', clientId: 'id', username: 'integration@acme.example', audience: 'https://login.salesforce.com', tokenUrl: TOKEN_URL, scope: '', certificate: CERTIFICATE },
  secretSet: true,
});

const savedLogin = (storedSecrets: DataSource['storedSecrets']): DataSource =>
  dataSourceFixture({
    auth: { type: 'salesforce_login', loginUrl: 'https://acme.my.salesforce.com', apiVersion: '60.0', username: 'integration@acme.example' },
    secretSet: true,
    storedSecrets,
  });

describe('the JWT bearer grant', () => {
  const jwtValues = (auth: Partial<Extract<WizardValues['auth'], { grantType: 'jwt_bearer' }>>): WizardValues => ({
    ...filled(),
    auth: { ...defaultOAuth2('jwt_bearer', { clientId: 'id', tokenUrl: TOKEN_URL, scope: '' }), username: 'integration@acme.example', ...auth },
  });

  it('on create, needs a private key: pasted, or a key pair generated for the form', () => {
    expect(paths(wizardSchema('create', null).safeParse(jwtValues({})))).toEqual(['auth.privateKey']);
    const missing = wizardSchema('create', null).safeParse(jwtValues({}));
    expect(missing.error?.issues[0]?.message).toBe('Generate a key pair or paste a private key');
    expect(wizardSchema('create', null).safeParse(jwtValues({ privateKey: '-----BEGIN PRIVATE KEY-----' })).success).toBe(true);
    expect(wizardSchema('create', null).safeParse(jwtValues({ generatedKeyId: 'k1' })).success).toBe(true);
  });

  it('starts with Salesforce production as the audience, and keeps the Client Id, token URL and scope across a change of grant', () => {
    const jwt = defaultOAuth2('jwt_bearer', { clientId: '3MVG9', tokenUrl: TOKEN_URL, scope: 'api' });
    expect(jwt).toMatchObject({ grantType: 'jwt_bearer', clientId: '3MVG9', tokenUrl: TOKEN_URL, scope: 'api', audience: 'https://login.salesforce.com', privateKey: '', generatedKeyId: '' });
    expect(defaultOAuth2('client_credentials', jwt)).toMatchObject({ grantType: 'client_credentials', clientId: '3MVG9', clientSecret: '', extraParams: [] });
  });

  it('loads a saved one without its certificate or any key in the values, the certificate apart', () => {
    const values = valuesFromDataSource(savedJwt);
    expect(values.auth).toEqual({ ...savedJwt.auth, certificate: undefined, privateKey: '', generatedKeyId: '' });
    expect('certificate' in values.auth).toBe(false);
    expect(storedCertificateOf(savedJwt)).toEqual(CERTIFICATE);
    expect(storedCertificateOf(saved)).toBeNull();
  });

  it('on edit, keeps the stored key for the same token URL and audience, and refuses it for another', () => {
    const stored = storedSecretOf(savedJwt);
    const values = valuesFromDataSource(savedJwt);
    expect(wizardSchema('edit', stored).safeParse(values).success).toBe(true);

    const audience = { ...values, auth: { ...values.auth, audience: 'https://test.salesforce.com' } } as WizardValues;
    expect(paths(wizardSchema('edit', stored).safeParse(audience))).toEqual(['auth.privateKey']);
    expect(storedSecretRefusal(audience, stored)).toBe(
      'The Audience changed, and the stored Private Key signs requests only for the audience it was entered for: paste the private key again or generate a new key pair.',
    );
    const tokenUrl = { ...values, auth: { ...values.auth, tokenUrl: 'https://other.my.salesforce.com/services/oauth2/token' } } as WizardValues;
    expect(storedSecretRefusal(tokenUrl, stored)).toMatch(/^The Access Token URL changed, and the stored Private Key signs requests only for the address/);
    expect(storedSecretRefusal({ ...values, host: 'other.my.salesforce.com' }, stored)).toMatch(/^The host changed, and the tokens of the stored Private Key go/);

    // A new key pair (or a pasted key) is what the refusal asks for.
    expect(wizardSchema('edit', stored).safeParse({ ...audience, auth: { ...audience.auth, generatedKeyId: 'k2' } }).success).toBe(true);
  });

  it('keeps the signed JWT of a data source made through the API, and asks for a key once it may not be used', () => {
    const savedToken = dataSourceFixture({
      auth: { type: 'oauth2', grantType: 'jwt_bearer', keySource: 'jwt_token', clientId: 'id', username: 'u', audience: 'https://login.salesforce.com', tokenUrl: TOKEN_URL, scope: '', certificate: null },
      secretSet: true,
    });
    const stored = storedSecretOf(savedToken);
    expect(stored?.fields).toEqual(['jwtToken']);
    const values = valuesFromDataSource(savedToken);
    expect(values.auth).toMatchObject({ keySource: 'jwt_token', jwtToken: '' });
    expect(wizardSchema('edit', stored).safeParse(values).success).toBe(true);
    const moved = { ...values, host: 'other.my.salesforce.com' };
    expect(storedSecretRefusal(moved, stored)).toBe(
      'The host changed, and the tokens of the stored Signed JWT go only to the address it was entered for: use a private key instead (paste one or generate a key pair).',
    );
    // "Use a private key": the key source changes, and a key is what is asked for.
    const withKey = { ...values, auth: { ...values.auth, keySource: 'private_key' as const, jwtToken: '', privateKey: '' } };
    expect(paths(wizardSchema('edit', stored).safeParse(withKey))).toEqual(['auth.privateKey']);
    expect(wizardSchema('edit', stored).safeParse({ ...withKey, auth: { ...withKey.auth, generatedKeyId: 'k1' } }).success).toBe(true);
  });

  it('does not lend the stored key of one grant to the other', () => {
    const stored = storedSecretOf(savedJwt);
    const clientCredentials = { ...valuesFromDataSource(savedJwt), auth: defaultOAuth2('client_credentials', { clientId: 'id', tokenUrl: TOKEN_URL, scope: '' }) };
    expect(storedFieldsFor(clientCredentials, stored)).toEqual([]);
    expect(storedSecretRefusals(clientCredentials, stored)).toEqual({});
    expect(paths(wizardSchema('edit', stored).safeParse(clientCredentials))).toEqual(['auth.clientSecret']);
  });
});

describe('the Salesforce SOAP login', () => {
  const loginValues = (auth: Partial<Extract<WizardValues['auth'], { type: 'salesforce_login' }>>): WizardValues => ({
    ...filled(),
    auth: { ...(defaultAuth('salesforce_login') as Extract<WizardValues['auth'], { type: 'salesforce_login' }>), username: 'integration@acme.example', ...auth },
  });

  it('starts at login.salesforce.com with API version 60.0, and needs the password but not the security token', () => {
    expect(defaultAuth('salesforce_login')).toEqual({
      type: 'salesforce_login',
      loginUrl: 'https://login.salesforce.com',
      apiVersion: '60.0',
      username: '',
      password: '',
      securityToken: '',
    });
    expect(paths(wizardSchema('create', null).safeParse(loginValues({})))).toEqual(['auth.password']);
    expect(wizardSchema('create', null).safeParse(loginValues({ password: 'pw' })).success).toBe(true);
    expect(wizardSchema('create', null).safeParse(loginValues({ password: 'pw', securityToken: 'tok' })).success).toBe(true);
  });

  it('refuses a login URL with a path and an API version without login(), in the schema’s words', () => {
    const result = wizardSchema('create', null).safeParse(loginValues({ password: 'pw', loginUrl: 'https://login.salesforce.com/services', apiVersion: '65.0' }));
    expect(paths(result).sort()).toEqual(['auth.apiVersion', 'auth.loginUrl']);
  });

  it('on edit, keeps each stored secret alone, and refuses every stored one once the login URL changed', () => {
    const both = savedLogin(['password', 'securityToken']);
    const values = valuesFromDataSource(both);
    expect(values.auth).toMatchObject({ password: '', securityToken: '' });
    expect(wizardSchema('edit', storedSecretOf(both)).safeParse(values).success).toBe(true);
    // The password replaced, the token kept.
    expect(wizardSchema('edit', storedSecretOf(both)).safeParse({ ...values, auth: { ...values.auth, password: 'new' } }).success).toBe(true);

    const moved = { ...values, auth: { ...values.auth, loginUrl: 'https://login.salesforce.com' } } as WizardValues;
    expect(paths(wizardSchema('edit', storedSecretOf(both)).safeParse(moved)).sort()).toEqual(['auth.password', 'auth.securityToken']);
    expect(storedSecretRefusals(moved, storedSecretOf(both))).toEqual({
      password: 'The Login URL changed, and the stored Password goes only to the address it was entered for: type the Password again.',
      securityToken: 'The Login URL changed, and the stored Security Token goes only to the address it was entered for: type the Security Token again.',
    });
    expect(storedSecretRefusal({ ...values, host: 'other.example.com' }, storedSecretOf(both), 'securityToken')).toBe(
      'The host changed, and the sessions of the stored Security Token go only to the address it was entered for: type the Security Token again.',
    );
  });

  it('without a stored security token, asks again only for the password', () => {
    const passwordOnly = savedLogin(['password']);
    const moved = { ...valuesFromDataSource(passwordOnly), host: 'other.example.com' };
    expect(paths(wizardSchema('edit', storedSecretOf(passwordOnly)).safeParse(moved))).toEqual(['auth.password']);
  });

  it('moves to OAuth 2.0 client credentials with a My Domain’s token URL, and none from a shared login host', () => {
    expect(clientCredentialsFrom({ loginUrl: 'https://acme.my.salesforce.com' })).toEqual({
      type: 'oauth2',
      grantType: 'client_credentials',
      clientId: '',
      clientSecret: '',
      tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token',
      scope: '',
      clientAuthMethod: 'client_secret_post',
      extraParams: [],
    });
    expect(clientCredentialsFrom({ loginUrl: 'http://127.0.0.1:4010' }).tokenUrl).toBe('http://127.0.0.1:4010/services/oauth2/token');
    expect(clientCredentialsFrom({ loginUrl: 'https://login.salesforce.com' }).tokenUrl).toBe('');
    expect(clientCredentialsFrom({ loginUrl: 'https://TEST.salesforce.com/' }).tokenUrl).toBe('');
    // The stored password is not a Client Secret: the move asks for one.
    const moved = { ...valuesFromDataSource(savedLogin(['password'])), auth: clientCredentialsFrom({ loginUrl: 'https://acme.my.salesforce.com' }) };
    expect(paths(wizardSchema('edit', storedSecretOf(savedLogin(['password']))).safeParse({ ...moved, auth: { ...moved.auth, clientId: 'id' } }))).toEqual([
      'auth.clientSecret',
    ]);
  });
});

describe('extra token parameters', () => {
  const withParams = (extraParams: { name: string; value: string }[]) => {
    const values = filled();
    return { ...values, auth: { ...values.auth, extraParams } };
  };

  it('puts the schema’s refusal of a reserved or repeated name under that parameter’s name', () => {
    const result = wizardSchema('create', null).safeParse(
      withParams([
        { name: 'audience', value: 'https://api.example.com' },
        { name: 'client_secret', value: 'x' },
        { name: 'Audience', value: 'again' },
        { name: 'scope', value: 'api' },
      ]),
    );
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['auth.extraParams.1.name', '"client_secret" cannot be an extra parameter: Keyway sets it itself'],
      ['auth.extraParams.2.name', '"Audience" is listed twice'],
      ['auth.extraParams.3.name', '"scope" cannot be an extra parameter: use the Scope field'],
    ]);
    expect(new Set(paths(wizardSchema('create', null).safeParse(withParams([{ name: '', value: 'x' }]))))).toEqual(new Set(['auth.extraParams.0.name']));
    expect(wizardSchema('create', null).safeParse(withParams([{ name: 'resource', value: 'https://graph.example.com' }])).success).toBe(true);
  });

  it('loads a data source saved before extra parameters existed with an empty list, and a test of it stays current', () => {
    const values = valuesFromDataSource(saved);
    expect(values.auth).toMatchObject({ extraParams: [] });
    expect(connectionKey(values)).toBe(connectionKey(valuesFromDataSource(saved)));
    expect(connectionKey(withParams([{ name: 'audience', value: 'a' }]))).not.toBe(connectionKey(filled()));
  });
});

describe('a data source made through the API without an API description', () => {
  const madeByApi = dataSourceFixture({
    ...saved,
    swagger: { source: 'none', url: '', fileName: '', format: '', apiTitle: '', apiVersion: '', operationCount: 0 },
  });
  const schema = () => wizardSchema('edit', storedSecretOf(madeByApi), storedApiDescriptionOf(madeByApi));

  it('is known as such, and shows no summary', () => {
    expect(storedApiDescriptionOf(madeByApi)).toBe('none');
    expect(storedApiDescriptionOf(saved)).toBe('description');
    expect(storedApiDescriptionOf(undefined)).toBeNull();
    expect(apiDescriptionStateOf(madeByApi)).toEqual({});
    expect(apiDescriptionStateOf(saved).summary).toMatchObject({ title: 'API', version: '1', operationCount: 3 });
  });

  it('is saved as it is, without a description, as the server takes it', () => {
    const values = valuesFromDataSource(madeByApi);
    expect(values.swagger).toEqual({ source: 'none', url: '', fileName: '', document: '' });
    expect(schema().safeParse(values).success).toBe(true);
  });

  it('once File or URL is chosen, needs the description, which then replaces none', () => {
    const values = valuesFromDataSource(madeByApi);
    const file = schema().safeParse({ ...values, swagger: { source: 'file', url: '', fileName: '', document: '' } });
    expect(file.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['swagger.document', 'Choose a Swagger file, or choose None to save without one'],
    ]);
    const url = schema().safeParse({ ...values, swagger: { source: 'url', url: 'https://api.example.com/openapi.json', fileName: '', document: '' } });
    expect(url.error?.issues[0]?.message).toBe('Fetch the Swagger file from its URL, or choose None to save without one');
    expect(schema().safeParse({ ...values, swagger: { source: 'file', url: '', fileName: 'api.yaml', document: 'swagger: "2.0"' } }).success).toBe(true);
  });

  it('is no way to create one: a new data source needs a description', () => {
    const values = { ...filled(), swagger: { source: 'none' as const, url: '', fileName: '', document: '' } };
    expect(paths(wizardSchema('create', null).safeParse(values))).toEqual(['swagger.document']);
    // Nor to drop the description a data source has.
    expect(paths(wizardSchema('edit', storedSecretOf(saved)).safeParse({ ...valuesFromDataSource(saved), swagger: values.swagger }))).toEqual(['swagger.document']);
  });
});

describe('editConflictReset', () => {
  const opened = saved;
  const current: DataSource = {
    ...saved,
    title: 'Renamed by someone else',
    host: 'other.my.salesforce.com',
    swagger: { ...saved.swagger, fileName: 'v2.yaml', apiVersion: '2' },
    updatedAt: '2026-01-02T00:00:00.000Z',
    version: 2,
  };

  it('starts the form again from the current values, secrets empty and kept unless replaced, as on open', () => {
    const refused = { ...valuesFromDataSource(opened), description: 'My change', auth: { ...valuesFromDataSource(opened).auth, clientSecret: 'typed-secret' } as WizardValues['auth'] };
    const reset = editConflictReset(opened, current, refused);
    expect(reset.values).toEqual(valuesFromDataSource(current));
    expect(reset.values).toMatchObject({ title: 'Renamed by someone else', description: '', host: 'other.my.salesforce.com', auth: { clientSecret: '' } });
    expect(JSON.stringify(reset.values)).not.toContain('typed-secret');
    expect(reset.apiDescription).toEqual(apiDescriptionStateOf(current));
    // The stored secret is the current data source's: the reset values are valid with it, as on open.
    expect(wizardSchema('edit', storedSecretOf(current)).safeParse(reset.values).success).toBe(true);
  });

  it('names what the other person changed in the wizard\'s words, and nothing when only the version moved', () => {
    expect(editConflictReset(opened, current, valuesFromDataSource(opened)).changed).toEqual(['Title', 'API description', 'Host']);
    expect(editConflictReset(opened, { ...opened, version: 2, updatedAt: current.updatedAt }, valuesFromDataSource(opened)).changed).toEqual([]);
    const secretAdded = { ...opened, auth: { type: 'basic' as const, username: 'u' }, storedSecrets: ['password' as const] };
    expect(editConflictReset(opened, secretAdded, valuesFromDataSource(opened)).changed).toEqual(['Authentication']);
  });

  it('says which secrets the person had given, since they are not carried over; a generated key pair counts as the private key', () => {
    const values = valuesFromDataSource(opened);
    expect(editConflictReset(opened, current, values).droppedSecrets).toEqual([]);
    const typed = { ...values, auth: { ...values.auth, clientSecret: 'typed' } as typeof values.auth };
    expect(editConflictReset(opened, current, typed).droppedSecrets).toEqual(['Client Secret']);
    const soap = { type: 'salesforce_login' as const, loginUrl: 'https://login.salesforce.com', apiVersion: '60.0', username: 'u', password: 'pw', securityToken: 'tok' };
    expect(editConflictReset(opened, current, { ...values, auth: soap }).droppedSecrets).toEqual(['Password', 'Security Token']);
    const jwt = { ...defaultOAuth2('jwt_bearer'), clientId: 'id', username: 'u', tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token', generatedKeyId: 'k1' };
    expect(editConflictReset(opened, current, { ...values, auth: jwt }).droppedSecrets).toEqual(['Private Key']);
  });
});
