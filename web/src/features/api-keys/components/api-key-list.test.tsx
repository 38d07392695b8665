import { MantineProvider } from '@mantine/core';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ApiKey } from '@keyway/shared';
import { ApiKeyList } from './api-key-list';

const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const DAY = 86_400_000;
const iso = (offset: number) => new Date(NOW + offset).toISOString();

const key = (overrides: Partial<ApiKey>): ApiKey => ({
  id: 'id-active',
  name: 'Nightly sync',
  prefix: 'kw_7hq2mxa4',
  role: 'editor',
  createdAt: iso(-3 * DAY),
  createdBy: 'admin@example.test',
  expiresAt: iso(87 * DAY),
  lastUsedAt: iso(-5 * 60_000),
  revokedAt: null,
  ...overrides,
});

const KEYS = [
  key({}),
  key({ id: 'id-expired', name: 'Old report', prefix: 'kw_b3cd5fgh', role: 'viewer', expiresAt: iso(-DAY), lastUsedAt: null }),
  key({ id: 'id-revoked', name: 'Leaked laptop', prefix: 'kw_k4mn6pqr', role: 'admin', expiresAt: null, revokedAt: iso(-2 * DAY), createdBy: 'keyway api-key (CLI)' }),
];

const html = (narrow: boolean) =>
  renderToStaticMarkup(
    <MantineProvider>
      <ApiKeyList apiKeys={KEYS} narrow={narrow} onRevoke={() => {}} now={NOW} />
    </MantineProvider>,
  )
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/<wbr\/>/g, '');

/** What a person reads: blocks and cells apart, inline pieces (an email's wrapping points) together. */
const text = (markup: string) =>
  markup
    .replace(/<\/?(td|th|tr|div|p|button|table|thead|tbody)\b[^>]*>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ');

describe('ApiKeyList', () => {
  it('is a named table with a column for each fact about a key', () => {
    const markup = html(false);
    expect(markup).toMatch(/<table[^>]*aria-label="API keys"/);
    const headers = [...markup.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) => text(m[1]!).trim());
    expect(headers).toEqual(['Name', 'Prefix', 'Role', 'Status', 'Created', 'Expires', 'Last used', 'Actions']);
  });

  it('says whether each key works, in words, and offers Revoke only for the ones that do', () => {
    for (const narrow of [false, true]) {
      const markup = html(narrow);
      const words = text(markup);
      expect(markup.match(/data-status="(\w+)"/g)).toEqual(['data-status="active"', 'data-status="expired"', 'data-status="revoked"']);
      for (const status of ['Active', 'Expired', 'Revoked']) expect(words).toContain(status);
      expect(markup.match(/aria-label="Revoke [^"]*"/g)).toEqual(['aria-label="Revoke Nightly sync (kw_7hq2mxa4)"']);
    }
  });

  it('shows each key by its prefix, role, creator and times, with Never where there is none', () => {
    const words = text(html(false));
    for (const expected of ['kw_7hq2mxa4', 'kw_b3cd5fgh', 'kw_k4mn6pqr', 'Editor', 'Viewer', 'Administrator', 'by admin@example.test', 'by keyway api-key (CLI)']) {
      expect(words).toContain(expected);
    }
    expect(words).toContain('3 days ago');
    expect(words).toContain('in 87 days');
    expect(words).toContain('5 minutes ago');
    // A revoked key says when under its status; its expiry stays what it was given.
    expect(words).toMatch(/Revoked 2 days ago/);
    expect(words).toContain('Never');
  });

  it('on a narrow screen is a list of cards that say what each time is', () => {
    const markup = html(true);
    expect(markup).not.toContain('<table');
    expect(markup).toMatch(/role="list"[^>]*aria-label="API keys"|aria-label="API keys"[^>]*role="list"/);
    expect(markup.match(/role="listitem"/g)).toHaveLength(3);
    const words = text(markup);
    expect(words).toContain('Created 3 days ago by admin@example.test');
    expect(words).toContain('Expires in 87 days · Last used 5 minutes ago');
    expect(words).toContain('Expired yesterday · Last used never');
    expect(words).toContain('Revoked 2 days ago · Last used 5 minutes ago');
  });
});
