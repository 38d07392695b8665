import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';

// Each hash or verification costs ~0.3 s (scrypt N=2^17), so the hashes are made once and shared.
describe('password hashing', () => {
  const password = 'correct horse battery staple';
  let first: string;
  let second: string;

  beforeAll(async () => {
    [first, second] = await Promise.all([hashPassword(password), hashPassword(password)]);
  });

  it('encodes scrypt$logN$r$p$salt$hash with the OWASP parameters, a 16-byte salt and a 64-byte key', () => {
    expect(first).toMatch(/^scrypt\$17\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    const [, , , , salt, hash] = first.split('$');
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64')).toHaveLength(64);
    expect(first).not.toContain(password);
  });

  it('uses a different salt each time, so the same password gives different hashes', () => {
    expect(first).not.toBe(second);
    expect(first.split('$')[4]).not.toBe(second.split('$')[4]);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const [right, wrong, otherHash] = await Promise.all([
      verifyPassword(password, first),
      verifyPassword('correct horse battery stapler', first),
      verifyPassword(password, second),
    ]);
    expect(right).toBe(true);
    expect(wrong).toBe(false);
    expect(otherHash).toBe(true);
  });

  it('normalises to NFKC, so a composed and a decomposed "é" are the same password', async () => {
    const composed = await hashPassword('caf\u00e9 au lait, bitte');
    expect(await verifyPassword('cafe\u0301 au lait, bitte', composed)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['not a hash', 'hunter2'],
    ['another algorithm', hashLike('bcrypt')],
    ['missing fields', 'scrypt$17$8$1$'],
    ['missing hash', 'scrypt$17$8$1$c2FsdHNhbHRzYWx0c2FsdA=='],
    ['a cost that is not a number', 'scrypt$abc$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaA=='],
    ['a cost too large to compute', 'scrypt$40$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaA=='],
    ['a zero cost', 'scrypt$0$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaA=='],
  ])('answers false for a malformed hash (%s), without throwing', async (_label, encoded) => {
    expect(await verifyPassword(password, encoded)).toBe(false);
  });

  it('answers false when the stored hash was tampered with', async () => {
    const [a, l, r, p, salt, hash] = first.split('$');
    const bytes = Buffer.from(hash!, 'base64');
    bytes[0] = bytes[0]! ^ 1;
    const tampered = [a, l, r, p, salt, bytes.toString('base64')].join('$');
    expect(await verifyPassword(password, tampered)).toBe(false);
    // A truncated hash must not match a prefix of the derived key.
    const truncated = [a, l, r, p, salt, Buffer.from(hash!, 'base64').subarray(0, 32).toString('base64')].join('$');
    expect(await verifyPassword(password, truncated)).toBe(false);
  });
});

/** A well-formed-looking hash under another algorithm name. */
function hashLike(algorithm: string): string {
  return `${algorithm}$17$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==`;
}
