import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { OutboundClient } from '../outbound/outbound-client';
import { pemForms, sentCredentials } from './redaction';
import { requestToken, type TokenExchangeOutcome } from './token-exchange';

/** RFC 7523 §2.1: the grant_type of a JWT used as an authorization grant. */
export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Salesforce accepts an `exp` at most 3 minutes ahead; each exchange signs a fresh assertion anyway. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 180;
export const MAX_RSA_BITS = 4096;

export interface JwtBearerRequest {
  tokenUrl: string;
  /** `iss`: the connected app's consumer key. */
  clientId: string;
  /** `sub`: the user the token acts as. */
  username: string;
  /** `aud`: https://login.salesforce.com, https://test.salesforce.com or a My Domain URL. */
  audience: string;
  /** RSA private key, PEM: PKCS#8 ("BEGIN PRIVATE KEY") or PKCS#1 ("BEGIN RSA PRIVATE KEY"). */
  privateKeyPem: string;
  /** Space-separated; Salesforce takes the connected app's scopes and ignores it, other providers may not. */
  scope?: string;
  /** For the whole call; the outbound client's own timeout when absent. */
  timeoutMs?: number;
}

/** A private key that cannot be used to sign; its message never contains the key. */
export class PrivateKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrivateKeyError';
  }
}

/**
 * Reads an RSA private key from PEM, PKCS#8 or PKCS#1 (node:crypto reads both), for validating
 * input before it is stored as well as for signing. Throws PrivateKeyError for anything else.
 */
export function readRsaPrivateKey(pem: string): KeyObject {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem)) {
    throw new PrivateKeyError('The private key is encrypted with a passphrase. Give it unencrypted (openssl pkey -in key.pem -out plain.pem); Keyway encrypts it itself.');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // node's message may quote the input's first line; ours says only what to do.
    throw new PrivateKeyError('The private key is not a PEM private key ("BEGIN PRIVATE KEY" or "BEGIN RSA PRIVATE KEY").');
  }
  if (key.asymmetricKeyType !== 'rsa') throw new PrivateKeyError('The private key must be an RSA key: Salesforce signs and checks assertions with RS256.');
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048) throw new PrivateKeyError('The RSA private key must be at least 2048 bits long.');
  // Signing is synchronous and grows with the cube of the size: a 16384-bit key would hold the event loop at every exchange.
  if (bits > MAX_RSA_BITS) throw new PrivateKeyError(`The RSA private key must be at most ${MAX_RSA_BITS} bits long.`);
  return key;
}

/** The key as PKCS#8 PEM, whatever PEM form it came in. */
export function toPkcs8Pem(pem: string): string {
  return readRsaPrivateKey(pem).export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** A fresh RS256 assertion for one token request (RFC 7523 §3): iss, sub, aud, iat, exp, jti. */
export async function signJwtBearerAssertion(
  req: Pick<JwtBearerRequest, 'clientId' | 'username' | 'audience' | 'privateKeyPem'>,
  lifetimeSeconds = MAX_ASSERTION_LIFETIME_SECONDS,
): Promise<string> {
  if (!(lifetimeSeconds > 0 && lifetimeSeconds <= MAX_ASSERTION_LIFETIME_SECONDS)) {
    throw new RangeError(`an assertion lives between 1 and ${MAX_ASSERTION_LIFETIME_SECONDS} seconds`);
  }
  const key = readRsaPrivateKey(req.privateKeyPem);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(req.clientId)
    .setSubject(req.username)
    .setAudience(req.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + lifetimeSeconds)
    .setJti(randomUUID())
    .sign(key);
}

/**
 * Every spelling of a signed assertion an echo might use: it can be replayed until it expires, so
 * the whole of it, base64url again, and its signature in base64url, base64 and hex all go.
 */
export function assertionForms(assertion: string): string[] {
  const signature = assertion.slice(assertion.lastIndexOf('.') + 1);
  const signatureBytes = Buffer.from(signature, 'base64url');
  return [assertion, Buffer.from(assertion).toString('base64url'), signature, signatureBytes.toString('base64'), signatureBytes.toString('hex')];
}

/**
 * The JWT bearer flow (RFC 7523 §2.1): signs a fresh assertion and POSTs it as the grant. The
 * answer is read exactly as a client-credentials answer is, hints included. Neither the
 * assertion nor the private key is ever part of what comes back, even from an endpoint that
 * echoes its request.
 */
export async function exchangeJwtBearer(client: OutboundClient, req: JwtBearerRequest): Promise<TokenExchangeOutcome> {
  const assertion = await signJwtBearerAssertion(req);
  const form = new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE, assertion });
  if (req.scope) form.set('scope', req.scope);
  const sentSecrets = sentCredentials([
    ...assertionForms(assertion),
    ...pemForms(req.privateKeyPem),
    ...pemForms(toPkcs8Pem(req.privateKeyPem)),
  ]);
  return requestToken(client, { tokenUrl: req.tokenUrl, form, sentSecrets, timeoutMs: req.timeoutMs });
}
