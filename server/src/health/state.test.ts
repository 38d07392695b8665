import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after';
import { classifyCheck } from './state';

describe('classifyCheck', () => {
  it('is failing when there is no token, degraded when the API fails or is slow, Healthy otherwise', () => {
    const tokenFailure = { step: 'token' as const, kind: 'oauth_error' as const, httpStatus: 400, error: 'invalid_client', message: 'refused' };
    expect(classifyCheck({ failure: tokenFailure, totalMs: 10, degradedLatencyMs: 1000 })).toMatchObject({ outcome: 'failing', error: { error: 'invalid_client' } });
    const apiFailure = { step: 'api' as const, kind: 'http_error' as const, httpStatus: 500, message: 'HTTP 500' };
    expect(classifyCheck({ failure: apiFailure, totalMs: 10, degradedLatencyMs: 1000 }).outcome).toBe('degraded');
    expect(classifyCheck({ totalMs: 1001, degradedLatencyMs: 1000 })).toMatchObject({ outcome: 'degraded', error: null });
    expect(classifyCheck({ totalMs: 1000, degradedLatencyMs: 1000 })).toMatchObject({ outcome: 'enabled', error: null });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 12:05:00 GMT', now)).toBe(300_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores absence and junk', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});
