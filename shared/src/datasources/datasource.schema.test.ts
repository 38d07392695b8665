import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConnectionTestRequestSchema, DataSourceInputSchema, DataSourceSchema, DataSourceUpdateSchema, HostSchema } from './datasource.schema';

const valid = {
  title: 'Salesforce',
  name: 'salesforce',
  description: '',
  serviceType: 'restful',
  swagger: { source: 'file', url: '', fileName: 'api.yaml', document: 'swagger: "2.0"' },
  scheme: 'https',
  host: 'acme.my.salesforce.com',
  basePath: '/services/data',
  auth: {
    type: 'oauth2',
    grantType: 'client_credentials',
    clientId: '3MVG9',
    clientSecret: 's3cret',
    tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token',
    scope: '',
    clientAuthMethod: 'client_secret_post',
  },
} as const;

describe('DataSourceInputSchema', () => {
  it('accepts a complete Salesforce data source', () => {
    expect(DataSourceInputSchema.safeParse(valid).success).toBe(true);
  });

  it.each([
    ['a token URL with credentials in it', { auth: { ...valid.auth, tokenUrl: 'https://user:pw@acme.my.salesforce.com/t' } }, 'auth.tokenUrl'],
    ['a token URL that is not http(s)', { auth: { ...valid.auth, tokenUrl: 'ftp://acme/t' } }, 'auth.tokenUrl'],
    ['a base path without a leading slash', { basePath: 'services/data' }, 'basePath'],
    ['a host with a path', { host: 'acme.example/api' }, 'host'],
    ['another service type', { serviceType: 'soap' }, 'serviceType'],
    ['a Swagger URL source without a URL', { swagger: { ...valid.swagger, source: 'url' } }, 'swagger.url'],
  ])('refuses %s, naming the field', (_label, change, path) => {
    const result = DataSourceInputSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('DataSourceUpdateSchema', () => {
  it('needs the version the edit was made on, so that no save skips the check for a change made since', () => {
    expect(DataSourceUpdateSchema.safeParse({ ...valid, version: 3 }).success).toBe(true);
    const missing = DataSourceUpdateSchema.safeParse(valid);
    expect(missing.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['version', 'Send the version of the data source this edit was made on (its "version")'],
    ]);
    expect(DataSourceUpdateSchema.safeParse({ ...valid, version: 0 }).success).toBe(false);
  });

  it('takes a data source made through the API without an API description as it is', () => {
    expect(DataSourceUpdateSchema.safeParse({ ...valid, swagger: { source: 'none', url: '', fileName: '', document: '' }, version: 1 }).success).toBe(true);
  });
});

describe('person-facing text of a data source', () => {
  it('refuses hidden characters in the title and the description, on the field, with what and where', () => {
    const result = DataSourceInputSchema.safeParse({ ...valid, title: 'Sales\u200Bforce', description: 'Notes\n\u202Etxt.exe' });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['title', 'Remove the invisible character U+200B (zero-width space) at position 6'],
      ['description', 'Remove the invisible character U+202E (right-to-left override) at position 7'],
    ]);
  });

  it('stores both NFC-normalised, the description with its line breaks', () => {
    const parsed = DataSourceInputSchema.parse({ ...valid, title: ' Cafe\u0301 ', description: 'one\r\ntwo' });
    expect([parsed.title, parsed.description]).toEqual(['Caf\u00E9', 'one\ntwo']);
  });
});

describe('HostSchema', () => {
  it.each(['api.example.com:99999', 'api.example.com:0', '[1::2::3]', 'a..b'])('refuses %s', (host) => {
    expect(HostSchema.safeParse(host).success).toBe(false);
  });

  it.each(['api.example.com', 'api.example.com:8443', '127.0.0.1:4010', '[::1]:8080'])('accepts %s', (host) => {
    expect(HostSchema.safeParse(host).success).toBe(true);
  });
});

describe('write-only secrets', () => {
  it('the presented shape has no place for a secret', () => {
    // Every property name anywhere in the presented schema, nested unions included.
    const names = new Set<string>();
    JSON.stringify(z.toJSONSchema(DataSourceSchema), (key, value: unknown) => {
      if (key === 'properties' && value && typeof value === 'object') Object.keys(value).forEach((name) => names.add(name));
      return value;
    });
    expect(names).toContain('clientId');
    for (const secret of ['clientSecret', 'password', 'keyValue', 'privateKey', 'securityToken', 'generatedKeyId']) {
      expect(names).not.toContain(secret);
    }
  });

  it('a connection test may name a saved data source to lend its stored secret', () => {
    const { title: _t, name: _n, description: _d, serviceType: _s, swagger: _w, ...connection } = valid;
    expect(ConnectionTestRequestSchema.safeParse({ ...connection, dataSourceId: 'abc' }).success).toBe(true);
  });
});
