import { X509Certificate, type KeyObject } from 'node:crypto';
import { randomChars, salesforceId, type ConnectedApp } from './connected-apps';
import { isHttpErrorStatus } from './http-errors';

export interface SandboxControl {
  rotateSecret(consumerKey: string, newSecret: string): void;
  setRunAsUser(consumerKey: string, enabled: boolean): void;
  setClientCredentialsEnabled(consumerKey: string, enabled: boolean): void;
  /** "Use digital signatures": the certificate (PEM) that JWT bearer assertions are checked against; replaces any before it. */
  uploadCertificate(consumerKey: string, certificatePem: string): void;
  /** The "Use digital signatures" checkbox; off, the JWT bearer grant is refused even with a certificate. */
  setJwtEnabled(consumerKey: string, enabled: boolean): void;
  /** The user the JWT bearer grant may act as (null: nobody is pre-authorized). */
  setPreAuthorizedUser(consumerKey: string, username: string | null): void;
  /** Every /services/data request answers this status until set back to null. */
  setApiFailure(status: number | null): void;
  setApiDelayMs(ms: number): void;
  /** Every token request and SOAP API call answers this status until set back to null. */
  setTokenFailure(status: number | null): void;
  /** The SOAP API login() user: a new user name, password or security token (each non-empty); the others stay. */
  setIntegrationUser(changes: Partial<IntegrationUserCredentials>): void;
  /** Whether the org's trusted IP ranges include the caller: then login() takes the password without the security token. */
  setTrustedIpRange(trusted: boolean): void;
  revokeAllTokens(): void;
  /** Every access token issued since start or the last reset, revoked or not. */
  issuedTokens(): string[];
  /** Token endpoint and SOAP API (login(), logout()) hits, including failed and fault-injected ones. */
  tokenRequestCount(): number;
  /** Back to the apps and secrets of start-up, no faults, no tokens, zero counters. */
  reset(): void;
}

export interface AppState {
  name: string;
  consumerKey: string;
  consumerSecret: string;
  runAsUser: boolean;
  clientCredentialsEnabled: boolean;
  /** The uploaded certificate, read; null until one is uploaded. */
  certificate: UploadedCertificate | null;
  jwtEnabled: boolean;
  preAuthorizedUsername: string | null;
  userId: string;
}

/** What SOAP API login() takes: the password, and the security token appended to it. */
export interface IntegrationUserCredentials {
  username: string;
  password: string;
  securityToken: string;
}

export interface IntegrationUser extends IntegrationUserCredentials {
  userId: string;
  profileId: string;
}

/** The integration user's start-up credentials: those given, the rest made up. */
export function initialIntegrationUser(given: Partial<IntegrationUserCredentials> = {}): IntegrationUserCredentials {
  return {
    username: given.username || 'integration@example.com',
    password: given.password || `Sandbox-${randomChars(16)}`,
    // Salesforce's tokens are 24 or 25 letters and digits.
    securityToken: given.securityToken || randomChars(24),
  };
}

export interface UploadedCertificate {
  publicKey: KeyObject;
  /** SHA-256 fingerprint, as Salesforce shows it; safe to show. */
  fingerprint: string;
  subject: string;
  validTo: string;
}

/** Reads an uploaded certificate as Salesforce would: PEM X.509 with an RSA key, or an error saying what is wrong. */
export function readCertificate(pem: string): UploadedCertificate {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new Error('certificate must be a PEM X.509 certificate');
  }
  if (cert.publicKey.asymmetricKeyType !== 'rsa') throw new Error('certificate must hold an RSA public key');
  return { publicKey: cert.publicKey, fingerprint: cert.fingerprint256, subject: cert.subject, validTo: cert.validTo };
}

/**
 * What the fake org holds at this moment, read by every route at request time: reset() replaces
 * its maps and lists, so a route never keeps one of them.
 */
export interface OrgState {
  readonly orgId: string;
  /** The sandbox's own address; filled in once listening, since port 0 is only resolved then. */
  baseUrl: string;
  apps: Map<string, AppState>;
  /** Access token (or login() session id) -> what it was issued to (a consumer key, or "login():<userId>"), for those not revoked. */
  activeTokens: Map<string, string>;
  issued: string[];
  tokenRequests: number;
  apiFailure: number | null;
  apiDelayMs: number;
  tokenFailure: number | null;
  integrationUser: IntegrationUser;
  trustedIpRange: boolean;
}

export function appOrThrow(org: OrgState, consumerKey: string): AppState {
  const app = org.apps.get(consumerKey);
  if (!app) throw new Error('unknown consumer key');
  return app;
}

/**
 * The org with the given apps (each with a user of its own for its whole life) and its
 * integration user, and the controls that change it.
 */
export function createOrg(
  initialApps: ConnectedApp[],
  initialUser: IntegrationUserCredentials = initialIntegrationUser(),
): { org: OrgState; control: SandboxControl } {
  const initialUserIds = initialApps.map(() => salesforceId('005'));
  const integrationUserIds = { userId: salesforceId('005'), profileId: salesforceId('00e') };
  const initialCertificates = initialApps.map((app) => (app.certificatePem ? readCertificate(app.certificatePem) : null));
  const org: OrgState = {
    orgId: salesforceId('00D'),
    baseUrl: '',
    apps: new Map(),
    activeTokens: new Map(),
    issued: [],
    tokenRequests: 0,
    apiFailure: null,
    apiDelayMs: 0,
    tokenFailure: null,
    integrationUser: { ...initialUser, ...integrationUserIds },
    trustedIpRange: false,
  };

  function reset(): void {
    org.apps = new Map(
      initialApps.map((app, i) => [
        app.consumerKey,
        {
          name: app.name ?? `App ${i + 1}`,
          consumerKey: app.consumerKey,
          consumerSecret: app.consumerSecret,
          runAsUser: app.runAsUser ?? true,
          clientCredentialsEnabled: app.clientCredentialsEnabled ?? true,
          certificate: initialCertificates[i] ?? null,
          jwtEnabled: initialCertificates[i] !== null,
          preAuthorizedUsername: app.preAuthorizedUsername ?? null,
          userId: initialUserIds[i] ?? salesforceId('005'),
        },
      ]),
    );
    org.activeTokens = new Map();
    org.issued = [];
    org.tokenRequests = 0;
    org.apiFailure = null;
    org.apiDelayMs = 0;
    org.tokenFailure = null;
    org.integrationUser = { ...initialUser, ...integrationUserIds };
    org.trustedIpRange = false;
  }
  reset();

  const control: SandboxControl = {
    rotateSecret(consumerKey, newSecret) {
      if (!newSecret) throw new Error('secret must not be empty');
      // As in Salesforce, tokens issued under the old secret stay valid.
      appOrThrow(org, consumerKey).consumerSecret = newSecret;
    },
    setRunAsUser(consumerKey, enabled) {
      appOrThrow(org, consumerKey).runAsUser = enabled;
    },
    setClientCredentialsEnabled(consumerKey, enabled) {
      appOrThrow(org, consumerKey).clientCredentialsEnabled = enabled;
    },
    uploadCertificate(consumerKey, certificatePem) {
      const app = appOrThrow(org, consumerKey);
      app.certificate = readCertificate(certificatePem);
      app.jwtEnabled = true;
    },
    setJwtEnabled(consumerKey, enabled) {
      appOrThrow(org, consumerKey).jwtEnabled = enabled;
    },
    setPreAuthorizedUser(consumerKey, username) {
      if (username !== null && !username.trim()) throw new Error('username must not be empty (null: nobody)');
      appOrThrow(org, consumerKey).preAuthorizedUsername = username === null ? null : username.trim();
    },
    setApiFailure(status) {
      if (status !== null && !isHttpErrorStatus(status)) throw new Error('status must be 400-599 or null');
      org.apiFailure = status;
    },
    setApiDelayMs(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error('delay must be a non-negative number');
      org.apiDelayMs = ms;
    },
    setTokenFailure(status) {
      if (status !== null && !isHttpErrorStatus(status)) throw new Error('status must be 400-599 or null');
      org.tokenFailure = status;
    },
    setIntegrationUser(changes) {
      const next = { ...org.integrationUser };
      for (const field of ['username', 'password', 'securityToken'] as const) {
        const value = changes[field];
        if (value === undefined) continue;
        if (typeof value !== 'string' || !value.trim()) throw new Error(`${field} must not be empty`);
        next[field] = field === 'username' ? value.trim() : value;
      }
      org.integrationUser = next;
    },
    setTrustedIpRange(trusted) {
      org.trustedIpRange = trusted;
    },
    revokeAllTokens() {
      org.activeTokens.clear();
    },
    issuedTokens: () => [...org.issued],
    tokenRequestCount: () => org.tokenRequests,
    reset,
  };
  return { org, control };
}
