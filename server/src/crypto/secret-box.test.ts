import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyIdOf, parseMasterKey, SecretBox, type SealedSecret } from './secret-box';

const AD = 'data-source:3f0c/client_secret';

function flipBit(base64: string, byteIndex: number, bit = 0): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[byteIndex] = bytes[byteIndex]! ^ (1 << bit);
  return bytes.toString('base64');
}

describe('SecretBox', () => {
  const key = randomBytes(32);

  it('opens what it sealed, and stores no plaintext', () => {
    const box = new SecretBox(key);
    const plaintext = 's3cr:t+with spaces%/ und Umlaute äöü 🔑';
    const sealed = box.seal(plaintext, AD);
    expect(box.open(sealed, AD)).toBe(plaintext);
    expect(JSON.stringify(sealed)).not.toContain('s3cr');
    // 96-bit nonce; ciphertext is the UTF-8 length plus the 128-bit tag.
    expect(Buffer.from(sealed.nonce, 'base64')).toHaveLength(12);
    expect(Buffer.from(sealed.ciphertext, 'base64')).toHaveLength(Buffer.byteLength(plaintext, 'utf8') + 16);
  });

  it('round-trips the empty string', () => {
    const box = new SecretBox(key);
    expect(box.open(box.seal('', AD), AD)).toBe('');
  });

  it('uses a fresh nonce for every seal, so equal plaintexts give different ciphertexts', () => {
    const box = new SecretBox(key);
    const a = box.seal('same secret', AD);
    const b = box.seal('same secret', AD);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(box.open(a, AD)).toBe('same secret');
    expect(box.open(b, AD)).toBe('same secret');
  });

  it('refuses to open with different associated data (a ciphertext moved to another record)', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('secret', AD);
    expect(() => box.open(sealed, 'data-source:other/client_secret')).toThrow(/unable to authenticate/i);
    expect(() => box.open(sealed, '')).toThrow();
  });

  it('refuses a ciphertext, tag or nonce with one flipped bit', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('a secret worth protecting', AD);
    const bodyLength = Buffer.from(sealed.ciphertext, 'base64').length;
    const tampered: SealedSecret[] = [
      { ...sealed, ciphertext: flipBit(sealed.ciphertext, 0) },
      { ...sealed, ciphertext: flipBit(sealed.ciphertext, 5, 7) },
      { ...sealed, ciphertext: flipBit(sealed.ciphertext, bodyLength - 1) }, // in the tag
      { ...sealed, nonce: flipBit(sealed.nonce, 0) },
    ];
    for (const t of tampered) expect(() => box.open(t, AD)).toThrow(/unable to authenticate/i);
    expect(box.open(sealed, AD)).toBe('a secret worth protecting');
  });

  it('names the key by a 16-hex id, stable for a key and different between keys', () => {
    const box = new SecretBox(key);
    expect(box.currentKeyId).toMatch(/^[0-9a-f]{16}$/);
    expect(box.currentKeyId).toBe(keyIdOf(Buffer.from(key)));
    expect(box.seal('x', AD).keyId).toBe(box.currentKeyId);
    expect(keyIdOf(randomBytes(32))).not.toBe(box.currentKeyId);
  });

  it('refuses, with a clear error, a box sealed under a key it does not have', () => {
    const sealed = new SecretBox(key).seal('secret', AD);
    const other = new SecretBox(randomBytes(32));
    expect(() => other.open(sealed, AD)).toThrow(`no key with id ${sealed.keyId} is loaded; was MASTER_KEY changed?`);
  });

  it('seals with the current key and still opens boxes sealed under a previous key', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const old = new SecretBox(oldKey).seal('sealed long ago', AD);

    const rotated = new SecretBox(newKey, [oldKey]);
    expect(rotated.currentKeyId).toBe(keyIdOf(newKey));
    expect(rotated.open(old, AD)).toBe('sealed long ago');

    const fresh = rotated.seal('sealed today', AD);
    expect(fresh.keyId).toBe(keyIdOf(newKey));
    expect(() => new SecretBox(oldKey).open(fresh, AD)).toThrow(/no key with id/);
  });
});

describe('parseMasterKey', () => {
  const raw = randomBytes(32);

  it('accepts 64 hex characters, in either case and with surrounding whitespace', () => {
    expect(parseMasterKey(raw.toString('hex')).equals(raw)).toBe(true);
    expect(parseMasterKey(` ${raw.toString('hex').toUpperCase()}\n`).equals(raw)).toBe(true);
  });

  it('accepts base64 of 32 bytes', () => {
    expect(parseMasterKey(raw.toString('base64')).equals(raw)).toBe(true);
    expect(parseMasterKey(`${raw.toString('base64')}\n`).equals(raw)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['16 bytes as hex', randomBytes(16).toString('hex')],
    ['31 bytes as base64', randomBytes(31).toString('base64')],
    ['33 bytes as base64', randomBytes(33).toString('base64')],
    ['64 bytes as base64', randomBytes(64).toString('base64')],
    ['62 hex characters', randomBytes(31).toString('hex')],
    ['a passphrase', 'correct horse battery staple'],
  ])('rejects %s', (_label, value) => {
    expect(() => parseMasterKey(value)).toThrow('MASTER_KEY must be 32 bytes, given as 64 hex characters or base64');
  });
});
