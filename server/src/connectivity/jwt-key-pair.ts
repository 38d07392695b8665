import { randomBytes, webcrypto } from 'node:crypto';

/** What "Generate a key pair for me" makes: the private key stays on the server, the certificate goes to the connected app. */
export interface JwtKeyPair {
  /** RSA 2048, PKCS#8 PEM. A secret: encrypt it like every other. */
  privateKeyPem: string;
  /** Self-signed X.509, PEM: what Salesforce's "Use digital signatures" takes (as a .crt file). */
  certificatePem: string;
  notBefore: Date;
  notAfter: Date;
}

export const KEY_PAIR_VALIDITY_DAYS = 730;

const RSA_SIGNING: webcrypto.RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};

/**
 * A fresh RSA 2048 key pair and a self-signed certificate for it (SHA-256 with RSA, CN = `commonName`),
 * valid from a minute ago for `validityDays`. The certificate is only a container for the public key:
 * Salesforce checks assertions against it but not its issuer.
 */
export async function generateJwtKeyPair(commonName: string, validityDays = KEY_PAIR_VALIDITY_DAYS): Promise<JwtKeyPair> {
  const cn = commonName.trim();
  if (!cn || cn.length > 64) throw new RangeError('the common name must be 1 to 64 characters (RFC 5280 ub-common-name)');
  if (!(Number.isInteger(validityDays) && validityDays > 0 && validityDays <= 3650)) throw new RangeError('validity must be 1 to 3650 days');

  // Loaded when first used: it brings the reflect-metadata polyfill, which the rest of the server does without.
  const x509 = await import('@peculiar/x509');
  // Node's WebCrypto is passed explicitly, so that no process-wide provider is set as a side effect.
  const crypto = webcrypto;
  const keys = await crypto.subtle.generateKey(RSA_SIGNING, true, ['sign', 'verify']);
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + validityDays * 86_400_000);
  // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; the top bit is cleared so it stays positive.
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;

  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial.toString('hex'),
      // An explicit UTF8String: a plain string would still be read as DN syntax (a leading "#" as
      // hex DER, quotes and backslashes as escapes), which can change the name or break the certificate.
      name: new x509.Name([{ CN: [{ utf8String: cn }] }]),
      notBefore,
      notAfter,
      keys,
      signingAlgorithm: RSA_SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  return {
    privateKeyPem: toPem('PRIVATE KEY', pkcs8),
    certificatePem: certificate.toString('pem'),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
  };
}

function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
