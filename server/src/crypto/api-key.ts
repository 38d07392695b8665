import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys: `kw_` + 8 visible characters + `_` + 32 random bytes in base64url, e.g.
 * `kw_7hq2mxa4_Q0xS…` (55 characters). The first part, the prefix, is not secret: it is shown in
 * the list, the CLI and the audit log so people can tell keys apart, and a presented key is looked
 * up by it. The 256 random bits after it are the secret.
 *
 * Only SHA-256 of the whole key is stored. A fast hash is enough here, unlike for passwords: the
 * key is 256 random bits, not something a person chose, so no dictionary or brute force over the
 * hash can find it, and a slow hash would only cost time on every request.
 */
export const API_KEY_START = 'kw_';

/** 32 letters and digits that cannot be misread for one another: no l, o, 0 or 1. 32 divides 256, so a byte mod 32 has no bias. */
const PREFIX_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const PREFIX_CHARACTERS = 8;
const SECRET_BYTES = 32;

const KEY_FORMAT = /^(kw_[a-km-np-z2-9]{8})_[A-Za-z0-9_-]{43}$/;

export interface GeneratedApiKey {
  /** The whole key, to hand over once. */
  key: string;
  /** "kw_7hq2mxa4": the visible part, unique among keys. */
  prefix: string;
  /** SHA-256 of the whole key, hex: what is stored. */
  hash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = API_KEY_START + Array.from(randomBytes(PREFIX_CHARACTERS), (byte) => PREFIX_ALPHABET[byte % PREFIX_ALPHABET.length]).join('');
  const key = `${prefix}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The prefix of something shaped like a key, or null for anything else. */
export function apiKeyPrefixOf(presented: string): string | null {
  return KEY_FORMAT.exec(presented)?.[1] ?? null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Whether the key hashes to the stored hash, compared in constant time. */
export function apiKeyMatches(presented: string, storedHash: string): boolean {
  const actual = createHash('sha256').update(presented, 'utf8').digest();
  const expected = Buffer.from(storedHash, 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
