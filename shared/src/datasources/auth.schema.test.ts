import { describe, expect, it } from 'vitest';
import {
  AuthInputSchema,
  ExtraTokenParametersSchema,
  OriginUrlSchema,
  originOf,
  secretFieldsOf,
  typedSecretsOf,
  withoutSecrets,
  type AuthInput,
} from './auth.schema';

const clientCredentials: AuthInput = {
  type: 'oauth2',
  grantType: 'client_credentials',
  clientId: '3MVG9',
  clientSecret: 's3cret',
  tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token',
  scope: '',
  clientAuthMethod: 'client_secret_post',
};
const jwt: AuthInput = {
  type: 'oauth2',
  grantType: 'jwt_bearer',
  clientId: '3MVG9',
  username: 'integration@acme.example',
  audience: 'https://login.salesforce.com',
  tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token',
  scope: '',
  privateKey: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
  generatedKeyId: 'k1',
};
const soap: AuthInput = {
  type: 'salesforce_login',
  loginUrl: 'https://login.salesforce.com',
  apiVersion: '60.0',
  username: 'u@acme.example',
  password: 'pw',
  securityToken: '',
};

describe('secret fields', () => {
  it('names each type\'s secrets; the security token is the only optional one', () => {
    expect(secretFieldsOf({ type: 'none' })).toEqual([]);
    expect(secretFieldsOf(clientCredentials).map((s) => s.field)).toEqual(['clientSecret']);
    expect(secretFieldsOf(jwt).map((s) => s.field)).toEqual(['privateKey']);
    expect(secretFieldsOf(soap).map((s) => [s.field, s.required])).toEqual([
      ['password', true],
      ['securityToken', false],
    ]);
  });

  it('reads only the secrets that were typed, empty meaning "keep"', () => {
    expect(typedSecretsOf(clientCredentials)).toEqual({ clientSecret: 's3cret' });
    expect(typedSecretsOf({ ...clientCredentials, clientSecret: '' })).toEqual({});
    expect(typedSecretsOf(soap)).toEqual({ password: 'pw' });
    expect(typedSecretsOf({ type: 'api_key', placement: 'header', keyName: 'X-Key', keyValue: 'k' })).toEqual({ keyValue: 'k' });
  });

  it('stores settings without the secrets or a pending generated key', () => {
    expect(withoutSecrets(jwt)).not.toHaveProperty('privateKey');
    expect(withoutSecrets(jwt)).not.toHaveProperty('generatedKeyId');
    expect(withoutSecrets(jwt)).toMatchObject({ username: 'integration@acme.example', audience: 'https://login.salesforce.com' });
    expect(Object.keys(withoutSecrets(soap)).sort()).toEqual(['apiVersion', 'loginUrl', 'type', 'username']);
  });
});

describe('AuthInputSchema', () => {
  it('accepts each grant and the Salesforce login', () => {
    for (const auth of [clientCredentials, jwt, soap]) expect(AuthInputSchema.safeParse(auth).success).toBe(true);
  });

  it('refuses an unknown grant type, naming what exists', () => {
    const result = AuthInputSchema.safeParse({ ...clientCredentials, grantType: 'password' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('jwt_bearer');
  });

  it.each([
    ['a login URL with a path', { ...soap, loginUrl: 'https://login.salesforce.com/services' }, 'loginUrl'],
    ['an API version without ".0"', { ...soap, apiVersion: '60' }, 'apiVersion'],
    ['an API version without login() (65.0 on)', { ...soap, apiVersion: '65.0' }, 'apiVersion'],
    ['a JWT grant without a user', { ...jwt, username: ' ' }, 'username'],
  ])('refuses %s', (_label, auth, field) => {
    const result = AuthInputSchema.safeParse(auth);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(field);
  });
});

describe('extra token parameters', () => {
  it('accepts a provider\'s own names', () => {
    expect(ExtraTokenParametersSchema.safeParse([{ name: 'audience', value: 'https://api.example.com' }, { name: 'resource', value: 'x' }]).success).toBe(true);
  });

  it.each(['grant_type', 'client_id', 'CLIENT_SECRET', 'assertion', 'scope'])('refuses the reserved name %s', (name) => {
    const result = ExtraTokenParametersSchema.safeParse([{ name, value: 'x' }]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([0, 'name']);
  });

  it('refuses a name listed twice, and names with spaces', () => {
    expect(ExtraTokenParametersSchema.safeParse([{ name: 'a', value: '1' }, { name: 'A', value: '2' }]).error?.issues[0]?.path).toEqual([1, 'name']);
    expect(ExtraTokenParametersSchema.safeParse([{ name: 'a b', value: '1' }]).success).toBe(false);
  });
});

describe('OriginUrlSchema', () => {
  it('accepts a bare origin, with or without the final slash, and reads it back as an origin', () => {
    expect(OriginUrlSchema.safeParse('https://Acme.my.salesforce.com/').success).toBe(true);
    expect(originOf('https://Acme.my.salesforce.com/')).toBe('https://acme.my.salesforce.com');
    expect(OriginUrlSchema.safeParse('https://acme.my.salesforce.com/?x=1').success).toBe(false);
  });

  it('refuses what is not a URL as HttpUrlSchema does, and does not throw (the wizard validates as the person types)', () => {
    for (const value of ['', 'acme', 'https://']) {
      const messages = OriginUrlSchema.safeParse(value).error?.issues.map((issue) => issue.message);
      expect(messages, value).toContain('Enter a full http(s) URL without a user name, password or #fragment');
      expect(messages, value).not.toContain(expect.stringMatching(/^Enter only the scheme and host/));
    }
    expect(AuthInputSchema.safeParse({ ...soap, loginUrl: '' }).error?.issues[0]?.path).toEqual(['loginUrl']);
  });
});
