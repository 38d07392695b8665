import { randomUUID, X509Certificate } from 'node:crypto';
import { PENDING_KEY_PAIR_HOURS, type Certificate } from '@keyway/shared';
import { generateJwtKeyPair } from '../../connectivity/jwt-key-pair';
import type { SecretBox } from '../../crypto/secret-box';
import { secretAssociatedData } from '../../crypto/secret-aad';
import type { Db } from '../../db/database';
import type { SecretsRepository, StoredSecret } from '../../db/repositories/secrets.repository';
import { AppError, unprocessable } from '../../errors';

/** Pairs one person or key may have waiting at once: each is an RSA key kept for a day. */
export const MAX_PENDING_KEY_PAIRS = 10;

/**
 * "Generate a key pair for me": the pair is made on the server and its private key is kept in the
 * secrets table, encrypted, under an owner of its own until a data source adopts it. The browser
 * only ever holds the id and the certificate. The owner id names the person who made it, so
 * nobody else's form can adopt it; key rotation re-encrypts it like any other secret.
 */
export function createGeneratedKeyPairs({ secrets, secretBox }: { secrets: SecretsRepository; secretBox: SecretBox }) {
  const ownerOf = (userId: string, id: string) => `key_pair:${userId}:${id}`;
  const notStale = (stored: StoredSecret) => Date.parse(stored.updatedAt) > Date.now() - PENDING_KEY_PAIR_HOURS * 3_600_000;

  return {
    /** A new pair for `userId`; the answer carries no private key. */
    async generate(userId: string, commonName: string): Promise<{ id: string; certificate: Certificate }> {
      await secrets.removeStale('key_pair:', new Date(Date.now() - PENDING_KEY_PAIR_HOURS * 3_600_000).toISOString());
      if ((await secrets.countByOwnerPrefix(`key_pair:${userId}:`, 'privateKey')) >= MAX_PENDING_KEY_PAIRS) {
        throw new AppError(429, 'too_many_key_pairs', `${MAX_PENDING_KEY_PAIRS} generated key pairs are waiting to be saved with a data source. Save one, or wait: each is forgotten ${PENDING_KEY_PAIR_HOURS} hours after it was made.`);
      }
      const pair = await generateJwtKeyPair(commonName);
      const id = randomUUID();
      const owner = ownerOf(userId, id);
      await secrets.put(owner, 'privateKey', secretBox.seal(pair.privateKeyPem, secretAssociatedData(owner, 'privateKey')));
      await secrets.put(owner, 'certificate', secretBox.seal(pair.certificatePem, secretAssociatedData(owner, 'certificate')));
      return { id, certificate: describeCertificate(pair.certificatePem) };
    },

    /** The pending pair's private key (opened) and certificate, or a 422 that says to generate again. */
    async open(userId: string, id: string): Promise<{ privateKeyPem: string; certificate: Certificate; ref: string }> {
      const owner = ownerOf(userId, id);
      const [key, certificate] = await Promise.all([secrets.find(owner, 'privateKey'), secrets.find(owner, 'certificate')]);
      if (!key || !certificate || !notStale(key)) {
        throw unprocessable('key_pair_expired', `The generated key pair is no longer available (it is kept for ${PENDING_KEY_PAIR_HOURS} hours until the data source is saved). Generate a new one.`, {
          'auth.privateKey': ['Generate a new key pair'],
        });
      }
      try {
        return {
          privateKeyPem: secretBox.open(key, secretAssociatedData(owner, 'privateKey')),
          certificate: describeCertificate(secretBox.open(certificate, secretAssociatedData(owner, 'certificate'))),
          ref: `generated:${id}:${key.nonce}`,
        };
      } catch {
        throw unprocessable('key_pair_expired', 'The generated key pair can no longer be read (was MASTER_KEY changed?). Generate a new one.', {
          'auth.privateKey': ['Generate a new key pair'],
        });
      }
    },

    /** Once a data source holds the key: the pending copy goes, in the saving transaction. */
    async remove(trx: Db, userId: string, id: string): Promise<void> {
      await secrets.removeAll(ownerOf(userId, id), trx);
    },
  };
}
export type GeneratedKeyPairs = ReturnType<typeof createGeneratedKeyPairs>;

/** What the console shows of a certificate, and what Salesforce shows of it once uploaded. */
export function describeCertificate(pem: string): Certificate {
  const certificate = new X509Certificate(pem);
  return {
    pem: certificate.toString(),
    subject: certificate.subject.replace(/\n/g, ', '),
    notAfter: new Date(certificate.validTo).toISOString(),
    sha256: certificate.fingerprint256,
  };
}
