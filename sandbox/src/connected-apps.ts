import { randomBytes } from 'node:crypto';

/** A connected app of the fake org. Flags default to a working client-credentials app. */
export interface ConnectedApp {
  name?: string;
  consumerKey: string;
  consumerSecret: string;
  /** Salesforce refuses client credentials until an admin picks a "Run As" user. */
  runAsUser?: boolean;
  /** The "Enable Client Credentials Flow" checkbox of the connected app. */
  clientCredentialsEnabled?: boolean;
  /** "Use digital signatures": the X.509 certificate (PEM) whose key signs JWT bearer assertions. */
  certificatePem?: string;
  /** The user an admin pre-authorized ("Admin approved users are pre-authorized"), for the JWT bearer flow. */
  preAuthorizedUsername?: string;
}

export interface AppCredentials {
  consumerKey: string;
  consumerSecret: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomChars(length: number, alphabet = ALNUM): string {
  // Rejection sampling would be overkill: bias is irrelevant for fake identifiers.
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

/** 18-character Salesforce-style record id with the given 3-character key prefix. */
export function salesforceId(prefix: string): string {
  return prefix + randomChars(15);
}

export function generateConsumerKey(): string {
  // Real keys are "3MVG9" plus ~80 characters drawn from letters, digits, '.' and '_'.
  return '3MVG9' + randomChars(80, ALNUM + '._');
}

export function generateConsumerSecret(): string {
  return randomBytes(32).toString('hex').toUpperCase();
}

/** The default apps: a working demo app and "NoRunAsUser", which shows the missing Run As user error. */
export function defaultConnectedApps(demo: Partial<AppCredentials> = {}): ConnectedApp[] {
  return [
    {
      name: 'Keyway Demo',
      consumerKey: demo.consumerKey || generateConsumerKey(),
      consumerSecret: demo.consumerSecret || generateConsumerSecret(),
    },
    {
      name: 'NoRunAsUser',
      consumerKey: generateConsumerKey(),
      consumerSecret: generateConsumerSecret(),
      runAsUser: false,
    },
  ];
}
