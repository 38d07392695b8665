import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** What is stored for one secret: never the plaintext. */
export interface SealedSecret {
  keyId: string;
  /** 96-bit GCM nonce, base64; fresh for every write. */
  nonce: string;
  /** Ciphertext followed by the 128-bit tag, base64. */
  ciphertext: string;
}

/** The key new secrets are sealed under, and the older keys that still open what was sealed before a rotation. */
export interface Keyring {
  current: Buffer;
  previous: Buffer[];
}

/** Where a keyring lives, so a long-running process can follow a rotation made by another one. */
export interface KeyringSource {
  /** Reads the keys as they are now; throws when they cannot be read. */
  load(): Keyring;
  /** Changes whenever `load()` could answer differently; cheap enough to call before every seal. */
  stamp(): string;
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A stable, non-secret name for a key, stored beside each ciphertext so keys can be rotated later. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('keyway/key-id/v1').update(key).digest('hex').slice(0, 16);
}

export const MASTER_KEY_FORMAT = 'must be 32 bytes, given as 64 hex characters or base64';

/** Reads a key given as 64 hex characters or base64 of 32 bytes. The message never repeats the value. */
export function parseMasterKey(value: string, name = 'MASTER_KEY'): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error(`${name} ${MASTER_KEY_FORMAT}`);
  return key;
}

export function isMasterKey(value: string): boolean {
  try {
    parseMasterKey(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * AES-256-GCM with the record's identity as associated data, so a ciphertext copied onto
 * another record (or another field) fails to open instead of leaking into the wrong place.
 *
 * Given a `KeyringSource`, the box follows a rotation made by another process: before sealing
 * it checks the source's stamp and reloads when the keys changed, so new secrets go under the
 * new key at once; and a ciphertext under a key id it does not know makes it reload once before
 * failing. Keys once loaded are never forgotten by a running box.
 */
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  private currentId: string;
  private loadedStamp: string | undefined;

  constructor(currentKey: Buffer, previousKeys: Buffer[] = [], private readonly source?: KeyringSource) {
    this.currentId = this.add({ current: currentKey, previous: previousKeys });
  }

  /** A box over the keys a source holds now, following the source's later changes. */
  static fromSource(source: KeyringSource): SecretBox {
    // The stamp is taken before the keys are read: a change in between only causes one extra reload.
    const stamp = source.stamp();
    const keyring = source.load();
    const box = new SecretBox(keyring.current, keyring.previous, source);
    box.loadedStamp = stamp;
    return box;
  }

  get currentKeyId(): string {
    return this.currentId;
  }

  /** The ids of every key this box can open with, the current one first. */
  keyIds(): string[] {
    return [this.currentId, ...[...this.keys.keys()].filter((id) => id !== this.currentId)];
  }

  seal(plaintext: string, associatedData: string): SealedSecret {
    if (this.source && this.source.stamp() !== this.loadedStamp) this.reload();
    const key = this.keys.get(this.currentId)!;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return { keyId: this.currentId, nonce: nonce.toString('base64'), ciphertext: body.toString('base64') };
  }

  open(sealed: SealedSecret, associatedData: string): string {
    let key = this.keys.get(sealed.keyId);
    if (!key && this.source) {
      // Another process may have rotated the key since this box loaded it.
      this.reload();
      key = this.keys.get(sealed.keyId);
    }
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

  private reload(): void {
    const source = this.source!;
    const stamp = source.stamp();
    this.currentId = this.add(source.load());
    this.loadedStamp = stamp;
  }

  /** Adds every key of a keyring and answers the current key's id. */
  private add(keyring: Keyring): string {
    for (const key of [keyring.current, ...keyring.previous]) this.keys.set(keyIdOf(key), key);
    return keyIdOf(keyring.current);
  }
}
