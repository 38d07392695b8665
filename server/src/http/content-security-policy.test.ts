import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../test-support/test-app';
import { writeBuiltWebApp } from '../test-support/web-dist';
import { CSP_NONCE_PLACEHOLDER, securityHeaders } from './content-security-policy';
import { webApp } from './web-app';

/** The policy, with this response's nonce written as N. A change here is a change of the console's security: review it as one. */
const EXPECTED_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'nonce-N'",
  "style-src-elem 'self' 'nonce-N'",
  "style-src-attr 'none'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join(';');

/** What only a page needs (helmet's), left off API answers, errors and files. */
const PAGE_ONLY = ['cross-origin-opener-policy', 'origin-agent-cluster', 'referrer-policy', 'x-dns-prefetch-control', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection'];

function nonceOf(policy: string | undefined): string {
  const match = /style-src-elem 'self' 'nonce-([A-Za-z0-9+/]+={0,2})'/.exec(policy ?? '');
  expect(match, `a nonce in ${policy}`).not.toBeNull();
  return match![1]!;
}

describe('Content-Security-Policy and the served web app', () => {
  let dist: ReturnType<typeof writeBuiltWebApp>;
  let app: express.Express;
  beforeAll(() => {
    dist = writeBuiltWebApp();
    app = express().use(securityHeaders()).use(webApp(dist.dir));
  });
  afterAll(() => {
    dist.remove();
  });

  it('serves index.html with a fresh nonce in the header and in the page, never stored', async () => {
    const first = await supertest(app).get('/').expect(200);
    const second = await supertest(app).get('/').expect(200);
    const nonce = nonceOf(first.headers['content-security-policy']);

    expect(first.headers['content-security-policy']!.replaceAll(nonce, 'N')).toBe(EXPECTED_POLICY);
    expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    expect(first.headers['content-type']).toMatch(/^text\/html/);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.text).not.toContain(CSP_NONCE_PLACEHOLDER);
    expect(first.text).toContain(`<meta property="csp-nonce" nonce="${nonce}">`);
    expect(first.text.split(`nonce="${nonce}"`)).toHaveLength(4);

    expect(nonceOf(second.headers['content-security-policy'])).not.toBe(nonce);
    expect(second.text).not.toContain(nonce);
  });

  it('answers deep links and /index.html with the same template, never the raw file', async () => {
    for (const url of ['/index.html', '/%69ndex.html', '/index%2Ehtml', '/tools/cloud-services/data-sources/global/create?step=2', '/health/ds_1']) {
      const res = await supertest(app).get(url).expect(200);
      const nonce = nonceOf(res.headers['content-security-policy']);
      expect(res.text, url).toContain(`<meta property="csp-nonce" nonce="${nonce}">`);
      expect(res.text, url).not.toContain(CSP_NONCE_PLACEHOLDER);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('serves hashed assets unchanged and cacheable for good (web-app.test.ts has the rest)', async () => {
    const res = await supertest(app).get('/assets/index-abc.js').expect(200);
    expect(res.text).toBe('console.log("app")');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('forbids framing in both the policy and X-Frame-Options', async () => {
    const res = await supertest(app).get('/').expect(200);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('refuses to start with an index.html built without the nonce placeholder', () => {
    const stale = fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-web-dist-'));
    try {
      fs.writeFileSync(path.join(stale, 'index.html'), '<!doctype html><script type="module" src="/assets/a.js"></script>');
      expect(() => webApp(stale)).toThrow(/no CSP nonce placeholder/);
    } finally {
      fs.rmSync(stale, { recursive: true, force: true });
    }
  });

  it('gives every answer that is not a page the headers it needs and no more; pages get the rest', async () => {
    const ctx = await createTestApp();
    try {
      const api = await supertest(ctx.app).get('/api/healthz').set('host', '127.0.0.1').expect(200);
      expect(api.headers['content-security-policy']).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
      expect(api.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'cross-origin-resource-policy': 'same-origin' });
      for (const pageOnly of PAGE_ONLY) expect(api.headers, pageOnly).not.toHaveProperty(pageOnly);

      const page = await supertest(app).get('/').expect(200);
      expect(page.headers['content-security-policy']!.replaceAll(nonceOf(page.headers['content-security-policy']), 'N')).toBe(EXPECTED_POLICY);
      expect(page.headers).toMatchObject({
        'cross-origin-opener-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'no-referrer',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'cross-origin-resource-policy': 'same-origin',
      });
    } finally {
      await ctx.close();
    }
  });
});
