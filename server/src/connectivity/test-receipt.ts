import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A successful Test Connection returns a receipt; Create and Save accept connection settings
 * only with a receipt for exactly those settings, so "tested" is a fact the server checks, not
 * a flag the browser sets. The receipt holds no secret: only a keyed digest of the values.
 */
export interface ReceiptClaims {
  userId: string;
  fingerprint: string;
  testedAt: string;
}

const LIFETIME_MS = 30 * 60 * 1000;

export class TestReceipts {
  constructor(private readonly key: Buffer) {}

  /** A stable digest of the values a test ran with; a secret enters only through the keyed HMAC. */
  fingerprint(values: unknown, secretRef: string): string {
    const secretDigest = createHmac('sha256', this.key).update(`secret:${secretRef}`).digest('base64url');
    return createHash('sha256').update(canonicalJson({ values, secretDigest })).digest('base64url');
  }

  issue(claims: ReceiptClaims, now = Date.now()): string {
    const payload = Buffer.from(JSON.stringify({ t: claims.testedAt, e: now + LIFETIME_MS })).toString('base64url');
    return `${payload}.${this.mac(payload, claims)}`;
  }

  /** The time of the test the receipt proves, or null if it does not prove these values for this user. */
  verify(receipt: string, claims: Omit<ReceiptClaims, 'testedAt'>, now = Date.now()): { testedAt: string } | null {
    const [payload, mac] = receipt.split('.');
    if (!payload || !mac) return null;
    let parsed: { t?: unknown; e?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof parsed;
    } catch {
      return null;
    }
    if (typeof parsed.t !== 'string' || typeof parsed.e !== 'number' || parsed.e < now) return null;
    const expected = Buffer.from(this.mac(payload, { ...claims, testedAt: parsed.t }));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given) ? { testedAt: parsed.t } : null;
  }

  private mac(payload: string, claims: ReceiptClaims): string {
    return createHmac('sha256', this.key)
      .update(`${payload}\n${claims.userId}\n${claims.fingerprint}\n${claims.testedAt}`)
      .digest('base64url');
  }
}

/** JSON with sorted keys, so equal values always give equal digests. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
