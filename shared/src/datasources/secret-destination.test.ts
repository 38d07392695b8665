import { describe, expect, it } from 'vitest';
import { storedSecretChange, type SecretDestination } from './secret-destination';

const oauth2 = (tokenUrl: string) =>
  ({ type: 'oauth2', grantType: 'client_credentials', clientId: 'id', tokenUrl, scope: '', clientAuthMethod: 'client_secret_post' }) as const;

const saved = {
  scheme: 'https',
  host: 'acme.my.salesforce.com',
  auth: oauth2('https://acme.my.salesforce.com/services/oauth2/token'),
} as const satisfies SecretDestination;

describe('storedSecretChange', () => {
  it('lets the stored secret go to the same destination, with or without a newly typed secret field', () => {
    expect(storedSecretChange(saved, saved)).toBeNull();
    expect(storedSecretChange(saved, { ...saved, auth: { ...saved.auth, clientSecret: '' } })).toBeNull();
    // What is not a destination (client id, scope, how the client authenticates) does not count.
    const reworded = { ...saved.auth, clientId: 'other', scope: 'api', clientAuthMethod: 'client_secret_basic' as const };
    expect(storedSecretChange(saved, { ...saved, auth: reworded })).toBeNull();
  });

  it('reads the host in any case and ignores the spaces around a typed one, as the schema trims them', () => {
    expect(storedSecretChange(saved, { ...saved, host: 'ACME.My.Salesforce.COM' })).toBeNull();
    expect(storedSecretChange(saved, { ...saved, host: ' acme.my.salesforce.com ' })).toBeNull();
    expect(storedSecretChange({ ...saved, host: 'ACME.my.salesforce.com' }, saved)).toBeNull();
  });

  it('asks for the secret again for a new token URL, even one differing only in case', () => {
    expect(storedSecretChange(saved, { ...saved, auth: oauth2('https://evil.example.com/services/oauth2/token') })).toBe('token_url');
    expect(storedSecretChange(saved, { ...saved, auth: oauth2('https://acme.my.salesforce.com/services/oauth2/token2') })).toBe('token_url');
    expect(storedSecretChange(saved, { ...saved, auth: oauth2('https://acme.my.salesforce.com/Services/OAuth2/Token') })).toBe('token_url');
    expect(storedSecretChange(saved, { ...saved, auth: oauth2(' https://acme.my.salesforce.com/services/oauth2/token ') })).toBeNull();
  });

  it('asks for the secret again for a new host, port included, for every authentication type', () => {
    expect(storedSecretChange(saved, { ...saved, host: 'evil.example.com' })).toBe('host');
    expect(storedSecretChange(saved, { ...saved, host: 'acme.my.salesforce.com:8443' })).toBe('host');
    const basic: SecretDestination = { scheme: 'https', host: 'api.example.com', auth: { type: 'basic', username: 'u' } };
    expect(storedSecretChange(basic, { ...basic, host: 'other.example.com' })).toBe('host');
    const apiKey = { scheme: 'https', host: 'api.example.com', auth: { type: 'api_key', placement: 'query', keyName: 'k' } } as const satisfies SecretDestination;
    expect(storedSecretChange(apiKey, { ...apiKey, host: 'other.example.com' })).toBe('host');
    // Into a header is no wider than the query string it came from; the other way is (next test).
    expect(storedSecretChange(apiKey, { ...apiKey, auth: { ...apiKey.auth, placement: 'header' } })).toBeNull();
  });

  it('asks for the secret again for a new scheme', () => {
    expect(storedSecretChange(saved, { ...saved, scheme: 'http' })).toBe('scheme');
    const basic: SecretDestination = { scheme: 'http', host: 'api.example.com', auth: { type: 'basic', username: 'u' } };
    expect(storedSecretChange(basic, { ...basic, scheme: 'https' })).toBe('scheme');
  });

  it('asks for the secret again when the authentication type changed, whatever else stayed', () => {
    expect(storedSecretChange(saved, { ...saved, auth: { type: 'basic', username: 'u', password: '' } })).toBe('auth_type');
    expect(storedSecretChange(saved, { ...saved, auth: { type: 'none' } })).toBe('auth_type');
    // The type is named first: a new type needs its own secret, wherever it goes.
    expect(storedSecretChange(saved, { scheme: 'http', host: 'evil.example.com', auth: { type: 'api_key', placement: 'header', keyName: 'k' } })).toBe('auth_type');
  });

  it('names the host before the scheme and the scheme before the token URL', () => {
    const everything: SecretDestination = { scheme: 'http', host: 'evil.example.com', auth: oauth2('https://evil.example.com/token') };
    expect(storedSecretChange(saved, everything)).toBe('host');
    expect(storedSecretChange(saved, { ...everything, host: saved.host })).toBe('scheme');
  });

  it('keeps a stored private key to its token URL and audience, and apart from client credentials', () => {
    const jwt = {
      scheme: 'https',
      host: 'acme.my.salesforce.com',
      auth: {
        type: 'oauth2',
        grantType: 'jwt_bearer',
        clientId: 'id',
        username: 'u@acme.example',
        audience: 'https://login.salesforce.com',
        tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token',
        scope: '',
      },
    } as const satisfies SecretDestination;
    expect(storedSecretChange(jwt, jwt)).toBeNull();
    expect(storedSecretChange(jwt, { ...jwt, auth: { ...jwt.auth, username: 'other@acme.example' } })).toBeNull();
    expect(storedSecretChange(jwt, { ...jwt, auth: { ...jwt.auth, tokenUrl: 'https://evil.example.com/token' } })).toBe('token_url');
    expect(storedSecretChange(jwt, { ...jwt, auth: { ...jwt.auth, audience: 'https://evil.example.com' } })).toBe('audience');
    // The same type, another grant: the client secret stored before is not the key's, nor the other way round.
    expect(storedSecretChange(saved, { ...jwt, auth: { ...jwt.auth, tokenUrl: saved.auth.tokenUrl } })).toBe('auth_type');
  });

  it('keeps a stored Salesforce password to its login URL', () => {
    const login = {
      scheme: 'https',
      host: 'acme.my.salesforce.com',
      auth: { type: 'salesforce_login', loginUrl: 'https://login.salesforce.com', apiVersion: '60.0', username: 'u' },
    } as const satisfies SecretDestination;
    expect(storedSecretChange(login, { ...login, auth: { ...login.auth, apiVersion: '61.0' } })).toBeNull();
    expect(storedSecretChange(login, { ...login, auth: { ...login.auth, loginUrl: 'https://test.salesforce.com' } })).toBe('token_url');
  });

  it('keeps a stored password to the user name it was entered for, in any case', () => {
    const basic: SecretDestination = { scheme: 'https', host: 'api.example.com', auth: { type: 'basic', username: 'svc' } };
    expect(storedSecretChange(basic, { ...basic, auth: { type: 'basic', username: 'SVC' } })).toBeNull();
    expect(storedSecretChange(basic, { ...basic, auth: { type: 'basic', username: 'admin' } })).toBe('username');
    const login = { scheme: 'https', host: 'acme.my.salesforce.com', auth: { type: 'salesforce_login', loginUrl: 'https://login.salesforce.com', apiVersion: '60.0', username: 'u@acme.example' } } as const satisfies SecretDestination;
    expect(storedSecretChange(login, { ...login, auth: { ...login.auth, username: 'ceo@acme.example' } })).toBe('username');
  });

  it('asks for an API key again when it moves from a header into the query string, where access logs keep it', () => {
    const header = { scheme: 'https', host: 'api.example.com', auth: { type: 'api_key', placement: 'header', keyName: 'X-Key' } } as const satisfies SecretDestination;
    expect(storedSecretChange(header, { ...header, auth: { ...header.auth, placement: 'query' } })).toBe('key_placement');
  });
});
