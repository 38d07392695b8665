import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretAssociatedData } from './secret-aad';
import { isMasterKey, keyIdOf, parseMasterKey, SecretBox, type Keyring, type KeyringSource, type SealedSecret } from './secret-box';

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

  it('attack: a ciphertext copied onto another record or another field does not open', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('secret', secretAssociatedData('3f0c', 'clientSecret'));
    expect(() => box.open(sealed, secretAssociatedData('9a1b', 'clientSecret'))).toThrow(/unable to authenticate/i);
    expect(() => box.open(sealed, secretAssociatedData('3f0c', 'password'))).toThrow(/unable to authenticate/i);
    expect(() => box.open(sealed, '')).toThrow();
    expect(box.open(sealed, secretAssociatedData('3f0c', 'clientSecret'))).toBe('secret');
  });

  it('attack: a tampered tag does not open', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('a secret worth protecting', AD);
    const body = Buffer.from(sealed.ciphertext, 'base64');
    for (const index of [body.length - 16, body.length - 9, body.length - 1]) {
      expect(() => box.open({ ...sealed, ciphertext: flipBit(sealed.ciphertext, index, 3) }, AD)).toThrow(/unable to authenticate/i);
    }
    // A tag cut short is refused too, never checked as a prefix.
    const truncated = body.subarray(0, body.length - 4).toString('base64');
    expect(() => box.open({ ...sealed, ciphertext: truncated }, AD)).toThrow();
    expect(box.open(sealed, AD)).toBe('a secret worth protecting');
  });

  it('attack: a ciphertext or nonce with one flipped bit does not open', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('a secret worth protecting', AD);
    const tampered: SealedSecret[] = [
      { ...sealed, ciphertext: flipBit(sealed.ciphertext, 0) },
      { ...sealed, ciphertext: flipBit(sealed.ciphertext, 5, 7) },
      { ...sealed, nonce: flipBit(sealed.nonce, 0) },
    ];
    for (const t of tampered) expect(() => box.open(t, AD)).toThrow(/unable to authenticate/i);
    expect(box.open(sealed, AD)).toBe('a secret worth protecting');
  });

  it('attack: a ciphertext relabelled with another loaded key id does not open', () => {
    const oldKey = randomBytes(32);
    const box = new SecretBox(key, [oldKey]);
    const sealed = box.seal('secret', AD);
    expect(() => box.open({ ...sealed, keyId: keyIdOf(oldKey) }, AD)).toThrow(/unable to authenticate/i);
  });

  it('names the key by a 16-hex id, stable for a key and different between keys', () => {
    const box = new SecretBox(key);
    expect(box.currentKeyId).toMatch(/^[0-9a-f]{16}$/);
    expect(box.currentKeyId).toBe(keyIdOf(Buffer.from(key)));
    expect(box.seal('x', AD).keyId).toBe(box.currentKeyId);
    expect(keyIdOf(randomBytes(32))).not.toBe(box.currentKeyId);
  });

  it('fault: a ciphertext under an unknown key id fails with an error naming the key id and no key', () => {
    const sealed = new SecretBox(key).seal('secret', AD);
    const otherKey = randomBytes(32);
    const other = new SecretBox(otherKey, [randomBytes(32)]);
    let message = '';
    try {
      other.open(sealed, AD);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(`no key with id ${sealed.keyId} is loaded; was MASTER_KEY changed?`);
    for (const k of [key, otherKey]) {
      expect(message).not.toContain(k.toString('base64'));
      expect(message).not.toContain(k.toString('hex'));
    }
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

describe('SecretBox over a keyring source', () => {
  /** A keyring that another process could replace, as `keyway rotate-key` replaces the files. */
  function changingSource(initial: Keyring) {
    let keyring = initial;
    let stamp = 1;
    let loads = 0;
    const source: KeyringSource = {
      load: () => {
        loads++;
        return keyring;
      },
      stamp: () => String(stamp),
    };
    return {
      source,
      loads: () => loads,
      replace(next: Keyring) {
        keyring = next;
        stamp++;
      },
    };
  }

  it('opens a ciphertext under a key added since it loaded, reloading once', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const ring = changingSource({ current: oldKey, previous: [] });
    const box = SecretBox.fromSource(ring.source);
    expect(ring.loads()).toBe(1);

    // Another process rotates and re-encrypts: the box meets a key id it has not loaded.
    ring.replace({ current: newKey, previous: [oldKey] });
    const rotated = new SecretBox(newKey, [oldKey]).seal('moved to the new key', AD);
    expect(box.open(rotated, AD)).toBe('moved to the new key');
    expect(ring.loads()).toBe(2);
    expect(box.currentKeyId).toBe(keyIdOf(newKey));
  });

  it('seals under the new current key as soon as the source changes, and keeps opening under the old one', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const ring = changingSource({ current: oldKey, previous: [] });
    const box = SecretBox.fromSource(ring.source);
    const before = box.seal('written before', AD);
    expect(before.keyId).toBe(keyIdOf(oldKey));
    box.seal('no change, no reload', AD);
    expect(ring.loads()).toBe(1);

    ring.replace({ current: newKey, previous: [oldKey] });
    expect(box.seal('written after', AD).keyId).toBe(keyIdOf(newKey));
    expect(box.open(before, AD)).toBe('written before');
  });

  it('never forgets a key it loaded, even when the source drops it', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const ring = changingSource({ current: oldKey, previous: [] });
    const box = SecretBox.fromSource(ring.source);
    const before = box.seal('sealed under the old key', AD);
    ring.replace({ current: newKey, previous: [] });
    box.seal('reloads', AD);
    expect(box.open(before, AD)).toBe('sealed under the old key');
    expect(box.keyIds()).toEqual([keyIdOf(newKey), keyIdOf(oldKey)]);
  });

  it('fault: a key id that is still unknown after the reload fails with the key id, reloading once per attempt', () => {
    const ring = changingSource({ current: randomBytes(32), previous: [] });
    const box = SecretBox.fromSource(ring.source);
    const stranger = new SecretBox(randomBytes(32)).seal('secret', AD);
    expect(() => box.open(stranger, AD)).toThrow(`no key with id ${stranger.keyId} is loaded`);
    expect(ring.loads()).toBe(2);
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
    expect(() => parseMasterKey(value, 'MASTER_KEY_PREVIOUS entry 2')).toThrow(/^MASTER_KEY_PREVIOUS entry 2 must be 32 bytes/);
    expect(isMasterKey(value)).toBe(false);
  });
});
