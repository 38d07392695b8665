import { MantineProvider } from '@mantine/core';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { authSummary } from './auth-summary';
import { AuthBadges } from './data-source-table';

describe('authSummary', () => {
  it('names OAuth 2.0 with its grant, and the SOAP login as deprecated without repeating it in the label', () => {
    expect(authSummary({ type: 'oauth2', grantType: 'client_credentials' })).toEqual({ label: 'OAuth 2.0 · Client Credentials', deprecated: false });
    expect(authSummary({ type: 'oauth2', grantType: 'jwt_bearer' })).toEqual({ label: 'OAuth 2.0 · JWT Bearer', deprecated: false });
    expect(authSummary({ type: 'salesforce_login' })).toEqual({ label: 'Salesforce user name and password', deprecated: true });
    expect(authSummary({ type: 'basic' })).toEqual({ label: 'Basic Authentication', deprecated: false });
    expect(authSummary({ type: 'none' })).toEqual({ label: 'None', deprecated: false });
  });
});

describe('AuthBadges', () => {
  const html = (auth: Parameters<typeof AuthBadges>[0]['auth']) =>
    renderToStaticMarkup(
      <MantineProvider>
        <AuthBadges auth={auth} />
      </MantineProvider>,
    );

  it('puts a Deprecated badge beside a SOAP login data source, and none beside the others', () => {
    expect(html({ type: 'salesforce_login', loginUrl: 'https://login.salesforce.com', apiVersion: '60.0', username: 'u' })).toContain('>Deprecated<');
    expect(html({ type: 'oauth2', grantType: 'client_credentials', clientId: 'id', tokenUrl: 'https://t.example/token', scope: '', clientAuthMethod: 'client_secret_post' })).not.toContain(
      'Deprecated',
    );
  });
});
