import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { FormProvider, useForm, type FieldErrors } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import type { Certificate, GeneratedKeyPair, SecretField } from '@keyway/shared';
import { AuthFields, SOAP_LOGIN_DEPRECATION, type StoredSecretState } from './auth-fields';
import { UPLOAD_INSTRUCTIONS } from './certificate-details';
import { defaultAuth, defaultOAuth2, emptyWizardValues, type WizardValues } from './wizard-form';

const CERTIFICATE: Certificate = {
  pem: '-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n',
  subject: 'CN=Keyway Salesforce Accounts',
  notAfter: '2028-11-01T00:00:00.000Z',
  sha256: '3F:A2:00:11',
};

const noStoredSecret = (changes: Partial<StoredSecretState> = {}): StoredSecretState => ({
  stored: [],
  replacing: new Set<SecretField>(),
  setReplacing: () => {},
  resetReplacing: () => {},
  refusals: {},
  certificate: null,
  ...changes,
});

function Harness(props: {
  auth: WizardValues['auth'];
  secret?: StoredSecretState;
  generated?: GeneratedKeyPair | null;
  errors?: FieldErrors<WizardValues>;
  onMove?: () => void;
}) {
  const form = useForm<WizardValues>({ defaultValues: { ...emptyWizardValues(), title: 'Salesforce Accounts', name: 'salesforce-accounts', auth: props.auth }, errors: props.errors });
  return (
    <FormProvider {...form}>
      <AuthFields secret={props.secret ?? noStoredSecret()} keyPair={{ generated: props.generated ?? null, onGenerated: () => {} }} onMoveToClientCredentials={props.onMove} />
    </FormProvider>
  );
}

const render = (props: Parameters<typeof Harness>[0]) =>
  renderToStaticMarkup(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <Harness {...props} />
      </QueryClientProvider>
    </MantineProvider>,
  );

/** The visible text, tags dropped, for reading as a person does. */
const textOf = (html: string) => html.replace(/<wbr\/>/g, '').replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

const jwt = (changes: Partial<Extract<WizardValues['auth'], { grantType: 'jwt_bearer' }>> = {}) => ({ ...defaultOAuth2('jwt_bearer'), ...changes });

describe('AuthFields: OAuth 2.0 JWT bearer', () => {
  it('asks for the Client Id, user, audience, token URL and scope, and offers to generate the key pair or paste a key; no Client Secret', () => {
    const html = render({ auth: jwt() });
    for (const label of ['Grant Type', 'Client Id', 'User Name', 'Audience', 'Access Token URL', 'Scope', 'Private Key']) expect(html).toContain(`>${label}<`);
    expect(html).toContain('value="JWT Bearer"');
    expect(html).toContain('value="Production (login.salesforce.com)"');
    expect(textOf(html)).toContain('The Salesforce user the token acts as. The user must be pre-authorized for the connected app.');
    expect(textOf(html)).toContain('Generate a key pair for me');
    expect(textOf(html)).toContain('Paste a private key');
    expect(html).not.toContain('>Client Secret<');
    // The helper names the Consumer Key only: this grant has no secret.
    expect(textOf(html)).not.toContain('Consumer Secret');
  });

  it('shows a My Domain audience in a field of its own', () => {
    const html = render({ auth: jwt({ audience: 'https://acme.my.salesforce.com' }) });
    expect(html).toContain('value="My Domain URL"');
    expect(html).toContain('>My Domain URL<');
    expect(html).toContain('value="https://acme.my.salesforce.com"');
  });

  it('shows a key pair generated for the form: the certificate’s subject, fingerprint and expiry, its download and what to do in Salesforce', () => {
    const html = render({ auth: jwt({ generatedKeyId: 'k1' }), generated: { id: 'k1', certificate: CERTIFICATE } });
    const text = textOf(html);
    expect(text).toContain('Certificate to upload to Salesforce');
    expect(text).toContain(CERTIFICATE.subject);
    expect(text).toContain(CERTIFICATE.sha256);
    expect(text).toContain('Expires');
    expect(text).toContain('Download certificate (.crt)');
    expect(text).toContain(UPLOAD_INSTRUCTIONS);
    expect(text).toContain('24 hours');
    // The certificate's PEM goes to the download, not onto the page.
    expect(html).not.toContain('MIIBcert');
  });

  it('takes a pasted key in a field that no spelling service or form filler reads', () => {
    const html = render({ auth: jwt({ privateKey: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----' }) });
    expect(html).toContain('>Private Key (PEM)<');
    expect(html).toMatch(/<textarea[^>]*spellcheck="false"/i);
    expect(html).toMatch(/<textarea[^>]*autocomplete="off"/i);
  });

  it('on edit, shows the stored key as configured with its certificate, never a key, and offers Replace key', () => {
    const html = render({ auth: jwt(), secret: noStoredSecret({ stored: ['privateKey'], certificate: CERTIFICATE }) });
    const text = textOf(html);
    expect(html).toContain('value="Configured"');
    expect(text).toContain('Replace key');
    expect(text).toContain('Certificate of the stored key');
    expect(text).toContain(CERTIFICATE.sha256);
    expect(html).not.toMatch(/PRIVATE KEY/);
    expect(text).not.toContain('Generate a key pair for me');
  });

  it('asks for a new key once the stored one is refused, and says why', () => {
    const refusal = 'The Audience changed, and the stored Private Key signs requests only for the audience it was entered for: paste the private key again or generate a new key pair.';
    const html = render({ auth: jwt({ audience: 'https://test.salesforce.com' }), secret: noStoredSecret({ stored: ['privateKey'], refusals: { privateKey: refusal } }) });
    const text = textOf(html);
    expect(text).toContain(refusal);
    expect(text).toContain('Generate a key pair for me');
    expect(text).not.toContain('Keep the stored key');
  });
});

describe('AuthFields: a signed JWT set through the API', () => {
  it('shows it as configured and offers a private key instead, never a field to paste a JWT', () => {
    const html = render({ auth: jwt({ keySource: 'jwt_token', jwtToken: '' }), secret: noStoredSecret({ stored: ['jwtToken'] }) });
    const text = textOf(html);
    expect(html).toContain('>Signed JWT<');
    expect(html).toContain('value="Configured"');
    expect(text).toContain('Use a private key');
    expect(text).not.toContain('Generate a key pair for me');
    expect(html).not.toContain('<textarea');
  });
});

describe('AuthFields: Salesforce user name and password', () => {
  it('says the method is deprecated and asks for the login URL, API version, user name, password and optional security token', () => {
    const html = render({ auth: defaultAuth('salesforce_login') });
    const text = textOf(html);
    expect(text).toContain('Deprecated');
    expect(text).toContain(SOAP_LOGIN_DEPRECATION);
    for (const label of ['Login URL', 'API Version', 'User Name', 'Password', 'Security Token']) expect(html).toContain(`>${label}<`);
    expect(text).toContain("Not needed when the org trusts Keyway's IP range. Reset it under personal Settings > Reset My Security Token");
    // Only a saved data source offers the move.
    expect(text).not.toContain('Move to OAuth 2.0 client credentials');
  });

  it('offers the move to client credentials on a saved data source, and keeps each stored secret apart', () => {
    const html = render({ auth: defaultAuth('salesforce_login'), secret: noStoredSecret({ stored: ['password'] }), onMove: () => {} });
    expect(textOf(html)).toContain('Move to OAuth 2.0 client credentials');
    // The password is stored; the security token is not, and may stay empty.
    expect(html.match(/value="Configured"/g)).toHaveLength(1);
    expect(html).toMatch(/<input[^>]*type="password"[^>]*/);
  });
});

describe('AuthFields: client credentials’ extra token parameters', () => {
  it('lists each parameter with its own labels and the schema’s error under its name', () => {
    const auth = { ...defaultOAuth2('client_credentials'), extraParams: [{ name: 'audience', value: 'https://api.example.com' }, { name: 'grant_type', value: 'x' }] };
    const message = '"grant_type" cannot be an extra parameter: Keyway sets it itself';
    const html = render({ auth, errors: { auth: { extraParams: [undefined, { name: { type: 'custom', message } }] } } as FieldErrors<WizardValues> });
    const text = textOf(html);
    expect(text).toContain('Extra token parameters');
    for (const label of ['Parameter 1 name', 'Parameter 1 value', 'Parameter 2 name', 'Parameter 2 value']) expect(html).toContain(`>${label}<`);
    expect(html).toContain('aria-label="Remove parameter 2"');
    expect(text).toContain(message.replace(/"/g, '&quot;'));
    expect(text).toContain('Add parameter');
  });

  it('has no extra parameters for the JWT grant', () => {
    expect(textOf(render({ auth: jwt() }))).not.toContain('Extra token parameters');
  });
});
