import { originOf, type AuthInput, type SecretField } from '@keyway/shared';
import type { OutboundClient } from '../outbound/outbound-client';
import { assertionForms, exchangeJwtBearer, JWT_BEARER_GRANT_TYPE, PrivateKeyError } from './jwt-bearer';
import { sentCredentials } from './redaction';
import { loginWithSoap } from './salesforce-soap-login';
import { exchangeClientCredentials, requestToken, type TokenExchangeOutcome } from './token-exchange';

/** The secrets a connection was resolved with, by field; never logged, never returned. */
export type ConnectionSecrets = Partial<Record<SecretField, string>>;

/** The authentications that get a token before the API is called. */
export type TokenAuth = Extract<AuthInput, { type: 'oauth2' } | { type: 'salesforce_login' }>;

export const needsToken = (auth: AuthInput): auth is TokenAuth => auth.type === 'oauth2' || auth.type === 'salesforce_login';

/** Where the credential is POSTed: the token URL, or the SOAP API's login endpoint. */
export function tokenEndpointOf(auth: TokenAuth): string {
  if (auth.type === 'salesforce_login') return `${originOf(auth.loginUrl)}/services/Soap/u/${auth.apiVersion}`;
  return auth.tokenUrl;
}

/**
 * Everything that makes a cached token valid for a connection, as strings: any change (a new
 * secret by its ref, another user, another audience) is another token.
 */
export function tokenCacheKeyOf(auth: TokenAuth, secretRef: string): Record<string, string> {
  const key: Record<string, string> = { kind: auth.type === 'oauth2' ? auth.grantType : auth.type, endpoint: tokenEndpointOf(auth), secretRef };
  switch (auth.type) {
    case 'salesforce_login':
      return { ...key, username: auth.username };
    case 'oauth2':
      if (auth.grantType === 'jwt_bearer') {
        return { ...key, keySource: auth.keySource ?? 'private_key', clientId: auth.clientId, username: auth.username, audience: auth.audience, scope: auth.scope };
      }
      return {
        ...key,
        clientId: auth.clientId,
        scope: auth.scope,
        clientAuthMethod: auth.clientAuthMethod,
        extraParams: JSON.stringify(auth.extraParams ?? []),
      };
  }
}

/** One token for a connection, by its grant: client credentials, a signed JWT assertion, or the SOAP login. */
export async function acquireToken(client: OutboundClient, auth: TokenAuth, secrets: ConnectionSecrets): Promise<TokenExchangeOutcome> {
  if (auth.type === 'salesforce_login') {
    return loginWithSoap(client, {
      environmentUrl: originOf(auth.loginUrl),
      apiVersion: auth.apiVersion,
      username: auth.username,
      password: secrets.password ?? '',
      securityToken: secrets.securityToken ?? '',
    });
  }
  if (auth.grantType === 'client_credentials') {
    return exchangeClientCredentials(client, {
      tokenUrl: auth.tokenUrl,
      clientId: auth.clientId,
      clientSecret: secrets.clientSecret ?? '',
      scope: auth.scope,
      clientAuthMethod: auth.clientAuthMethod,
      extraParams: auth.extraParams,
    });
  }
  if (auth.keySource === 'jwt_token') return exchangeReadyMadeAssertion(client, auth.tokenUrl, secrets.jwtToken ?? '');
  const started = performance.now();
  try {
    return await exchangeJwtBearer(client, {
      tokenUrl: auth.tokenUrl,
      clientId: auth.clientId,
      username: auth.username,
      audience: auth.audience,
      scope: auth.scope,
      privateKeyPem: secrets.privateKey ?? '',
    });
  } catch (error) {
    // A key that cannot sign never reaches the provider: the failure is ours to describe.
    if (!(error instanceof PrivateKeyError)) throw error;
    return {
      ok: false,
      durationMs: Math.round(performance.now() - started),
      failure: { step: 'token', kind: 'invalid_response', message: error.message, hint: 'Enter the private key again (PEM, PKCS#8 or PKCS#1, RSA 2048 to 4096 bits), or generate a new key pair.' },
    };
  }
}

/**
 * Flow Service's jwtToken: an assertion signed elsewhere, sent as it is. It stops working when it
 * expires (Salesforce allows 3 minutes at most), and then says so before any call is made.
 */
async function exchangeReadyMadeAssertion(client: OutboundClient, tokenUrl: string, assertion: string): Promise<TokenExchangeOutcome> {
  const expiresAt = expiryOf(assertion);
  if (expiresAt !== undefined && expiresAt <= Date.now()) {
    return {
      ok: false,
      durationMs: 0,
      failure: {
        step: 'token',
        kind: 'invalid_response',
        message: `The signed JWT (jwtToken) expired at ${new Date(expiresAt).toISOString()}.`,
        hint: 'A ready-made assertion works only until it expires. Give Keyway the private key (or generate a key pair) instead: it then signs a fresh assertion for every exchange.',
      },
    };
  }
  const form = new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE, assertion });
  return requestToken(client, { tokenUrl, form, sentSecrets: sentCredentials(assertionForms(assertion)) });
}

/** The `exp` of a compact JWT in milliseconds, or undefined when it cannot be read (the provider will say why). */
function expiryOf(jwt: string): number | undefined {
  try {
    const exp = (JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
