import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '@keyway/shared';
import { describeDetails } from './audit-details';

const event = (action: AuditEvent['action'], details: Record<string, unknown>): AuditEvent => ({
  id: '1',
  at: '2026-11-23T10:00:00.000Z',
  actorEmail: 'a@example.test',
  action,
  outcome: 'success',
  targetType: null,
  targetId: null,
  targetLabel: null,
  ip: '127.0.0.1',
  details,
});

describe('describeDetails', () => {
  it('names the fields an edit changed, and says when none did', () => {
    expect(describeDetails(event('datasource.update', { fields: ['auth.clientSecret', 'title'] }))).toBe('Changed: Client Secret, Title');
    // The Swagger file's parts are one setting to a person; unknown names stay as they are.
    expect(describeDetails(event('datasource.update', { fields: ['swagger.apiTitle', 'swagger.fileName', 'newThing'] }))).toBe('Changed: Swagger file, newThing');
    expect(describeDetails(event('datasource.update', { fields: [] }))).toBe('No settings changed');
  });

  it('names the JWT, Salesforce login and extra-parameter settings by their wizard labels; a certificate\'s parts count as one', () => {
    const fields = ['auth.grantType', 'auth.username', 'auth.audience', 'auth.privateKey', 'auth.jwtToken', 'auth.keySource'];
    expect(describeDetails(event('datasource.update', { fields }))).toBe(
      'Changed: Grant Type, User name, Audience, Private Key, Signed JWT, Private Key or Signed JWT',
    );
    expect(describeDetails(event('datasource.update', { fields: ['auth.loginUrl', 'auth.apiVersion', 'auth.securityToken', 'auth.extraParams'] }))).toBe(
      'Changed: Login URL, API Version, Security Token, Extra token parameters',
    );
    expect(describeDetails(event('datasource.update', { fields: ['auth.certificate.notAfter', 'auth.certificate.pem', 'auth.certificate.sha256', 'auth.privateKey'] }))).toBe(
      'Changed: Certificate, Private Key',
    );
  });

  it('says when a change came through the machine API, naming its JSON Patch paths in the same words', () => {
    const viaApi = { via: 'api', fields: ['/auth/params/clientSecret', '/auth/params/environmentUrl', '/description', '/name'], version: { from: 2, to: 3 } };
    expect(describeDetails(event('datasource.update', viaApi))).toBe('Through the API · Changed: Client Secret, Salesforce URL, Description, Title');
    expect(describeDetails(event('datasource.update', { via: 'api', fields: ['/auth/params/keyPairId', '/auth/params/newThing'] }))).toBe(
      'Through the API · Changed: Private Key, newThing',
    );
    expect(describeDetails(event('datasource.create', { via: 'api', connectionSpec: 'cfc0fee1-7dc0-40ef-b73e-d8b134c436f5', authSpec: 'OAuth2 JWT', sandbox: 'prod' }))).toBe(
      'Through the API',
    );
    expect(describeDetails(event('datasource.test', { via: 'api', failure: 'oauth_error' }))).toBe('Through the API · Token refused');
  });

  it('shows a role change and an interval change as from → to', () => {
    expect(describeDetails(event('user.role_change', { from: 'Viewer', to: 'Editor' }))).toBe('Viewer → Editor');
    expect(describeDetails(event('health.settings', { from: 300, to: 600 }))).toBe('Interval 300 s → 600 s');
  });

  it('puts a failed sign-in reason and a new account role in words', () => {
    expect(describeDetails(event('auth.sign_in_failed', { reason: 'unknown_account' }))).toBe('No such account');
    expect(describeDetails(event('user.create', { role: 'viewer' }))).toBe('Role: Viewer');
  });

  it('says which sign-in limit refused an attempt', () => {
    expect(describeDetails(event('auth.sign_in_failed', { reason: 'too_many_attempts', limit: 'account' }))).toBe(
      'Too many attempts (limit for this account from new browsers)',
    );
    expect(describeDetails(event('auth.sign_in_failed', { reason: 'too_many_attempts' }))).toBe('Too many attempts');
  });

  it('says why an API key was refused, and names keys by their prefix', () => {
    expect(describeDetails(event('api_key.refused', { reason: 'revoked', prefix: 'kw_7hq2mxa4', request: 'GET /api/v1/connections' }))).toBe(
      'Key revoked · GET /api/v1/connections · Key kw_7hq2mxa4',
    );
    expect(describeDetails(event('api_key.refused', { reason: 'malformed', request: 'GET /api/v1/connections' }))).toBe('Not an API key · GET /api/v1/connections');
    expect(describeDetails(event('api_key.create', { prefix: 'kw_7hq2mxa4', role: 'admin', expiresAt: null, by: 'keyway api-key (CLI)' }))).toBe(
      'Role: Administrator · Key kw_7hq2mxa4 · By keyway api-key (CLI)',
    );
  });

  it('summarises a key rotation', () => {
    expect(describeDetails(event('key.rotate', { reencrypted: 3, failed: 0, by: 'ops@host (keyway rotate-key)' }))).toBe(
      '3 secrets re-encrypted · By ops@host (keyway rotate-key)',
    );
  });

  it('says how a connection test failed, and which host a test of typed values tried', () => {
    expect(describeDetails(event('datasource.test', { authType: 'oauth2', failure: 'oauth_error' }))).toBe('Token refused');
    expect(describeDetails(event('datasource.test', { host: 'acme.my.salesforce.com', authType: 'oauth2', failure: 'timeout' }))).toBe(
      'No answer (timed out) · Host acme.my.salesforce.com',
    );
    expect(describeDetails(event('datasource.test', { host: 'acme.my.salesforce.com', authType: 'oauth2' }))).toBe('Host acme.my.salesforce.com');
    expect(describeDetails(event('datasource.test', { failure: 'something_new' }))).toBe('Failure: something_new');
    expect(describeDetails(event('datasource.create', { folderId: 'f1', host: 'acme.my.salesforce.com', authType: 'oauth2' }))).toBe('acme.my.salesforce.com');
  });

  it('says what a check found in the dashboard\'s words', () => {
    expect(describeDetails(event('health.check', { state: 'enabled' }))).toBe('Result: Healthy');
    expect(describeDetails(event('health.check', { state: 'degraded' }))).toBe('Result: Degraded');
  });

  it('says nothing for an entry without specifics', () => {
    expect(describeDetails(event('auth.sign_in', {}))).toBe('');
  });
});
