import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** What is stored for one secret: never the plaintext. */
export interface SealedSecret {
  keyId: string;
  /** 96-bit GCM nonce, base64; fresh for every write. */
  nonce: string;
  /** Ciphertext followed by the 128-bit tag, base64. */
  ciphertext: string;
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A stable, non-secret name for a key, stored beside each ciphertext so keys can be rotated later. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('keyway/key-id/v1').update(key).digest('hex').slice(0, 16);
}

export function parseMasterKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new Error('MASTER_KEY must be 32 bytes, given as 64 hex characters or base64');
  }
  return key;
}

/**
 * AES-256-GCM with the record's identity as associated data, so a ciphertext copied onto
 * another record (or another field) fails to open instead of leaking into the wrong place.
 */
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(currentKey: Buffer, previousKeys: Buffer[] = []) {
    this.currentKeyId = keyIdOf(currentKey);
    this.keys.set(this.currentKeyId, currentKey);
    for (const key of previousKeys) this.keys.set(keyIdOf(key), key);
  }

  seal(plaintext: string, associatedData: string): SealedSecret {
    const key = this.keys.get(this.currentKeyId)!;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return { keyId: this.currentKeyId, nonce: nonce.toString('base64'), ciphertext: body.toString('base64') };
  }

  open(sealed: SealedSecret, associatedData: string): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new Error(`no key with id ${sealed.keyId} is loaded; was MASTER_KEY changed?`);
    const body = Buffer.from(sealed.ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.nonce, 'base64'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  }
}
