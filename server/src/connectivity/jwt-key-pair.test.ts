import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRsaPrivateKey } from './jwt-bearer';
import { generateJwtKeyPair, type JwtKeyPair } from './jwt-key-pair';

let pair: JwtKeyPair;
let otherPair: JwtKeyPair;
beforeAll(async () => {
  [pair, otherPair] = await Promise.all([generateJwtKeyPair('Keyway test'), generateJwtKeyPair('Someone else')]);
});

describe('generateJwtKeyPair', () => {
  it('makes an RSA 2048 PKCS#8 key and a self-signed certificate for it, valid for two years', () => {
    expect(readRsaPrivateKey(pair.privateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PRIVATE KEY-----\n$/);
    const cert = new X509Certificate(pair.certificatePem);
    expect(cert.subject).toBe('CN=Keyway test');
    expect(cert.issuer).toBe('CN=Keyway test');
    expect(cert.checkPrivateKey(createPrivateKey(pair.privateKeyPem))).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    expect(Math.round(days)).toBe(730);
    expect(Date.parse(cert.validFrom)).toBeLessThanOrEqual(Date.now());
    expect(pair.notAfter.getTime()).toBe(Date.parse(cert.validTo));
    // RFC 5280: a positive serial number.
    expect(Number.parseInt(cert.serialNumber.slice(0, 2), 16)).toBeLessThan(0x80);
    expect(new X509Certificate(otherPair.certificatePem).serialNumber).not.toBe(cert.serialNumber);
  });

  it('keeps a common name with DN syntax in it literal, and refuses an empty or overlong one', async () => {
    for (const name of ['Acme, Inc.=Keyway', '#0403414243', 'say "hi"', 'back\\slash', 'a+b <c>']) {
      const made = await generateJwtKeyPair(name);
      const cert = new X509Certificate(made.certificatePem);
      expect(new x509.X509Certificate(made.certificatePem).subjectName.getField('CN')).toEqual([name]);
      expect(cert.checkPrivateKey(createPrivateKey(made.privateKeyPem))).toBe(true);
    }
    await expect(generateJwtKeyPair('  ')).rejects.toThrow(RangeError);
    await expect(generateJwtKeyPair('x'.repeat(65))).rejects.toThrow(RangeError);
    await expect(generateJwtKeyPair('ok', 0)).rejects.toThrow(RangeError);
  });
});
