import { MantineProvider } from '@mantine/core';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ApiKeyCreated } from '@keyway/shared';
import { ApiKeyRoleChoice, ADMIN_KEY_WARNING } from './create-api-key-modal';
import { NewApiKey } from './new-api-key';

const KEY = 'kw_7hq2mxa4_Q0xS8mZr2Yt6u1Vw3Xn9pLk5Jh7Gf4Ds2Aa0Bb1Cc2Dd3';
const CREATED: ApiKeyCreated = {
  key: KEY,
  apiKey: {
    id: 'id-1',
    name: 'Nightly sync',
    prefix: 'kw_7hq2mxa4',
    role: 'editor',
    createdAt: '2026-11-23T10:00:00.000Z',
    createdBy: 'admin@example.test',
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
  },
};

const render = (node: ReactNode) =>
  renderToStaticMarkup(<MantineProvider>{node}</MantineProvider>).replace(/<style[^>]*>[\s\S]*?<\/style>/g, '');
const text = (markup: string) => markup.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('NewApiKey', () => {
  it('shows the whole key once, says it will not be shown again, and offers to copy it', () => {
    const markup = render(<NewApiKey created={CREATED} onDone={() => {}} />);
    const words = text(markup);
    expect(markup.split(KEY)).toHaveLength(2);
    expect(words).toContain('Copy the key now: it is shown only this once');
    expect(words).toContain('Keyway keeps only a hash of it and cannot show it again');
    expect(markup).toMatch(/<button[^>]*>[\s\S]*Copy key[\s\S]*?<\/button>/);
    expect(markup).toMatch(/<button[^>]*>[\s\S]*Done[\s\S]*?<\/button>/);
    expect(words).toContain('Nightly sync (Editor, never expires)');
    expect(words).toContain('Authorization: Bearer kw_7hq2mxa4_…');
    // A 55-character word with nowhere to wrap would push a phone's dialog sideways.
    expect(markup).toMatch(/word-break:break-all/);
  });
});

describe('ApiKeyRoleChoice', () => {
  it('warns, while Administrator is chosen, that the key can manage users and API keys', () => {
    const admin = text(render(<ApiKeyRoleChoice value="admin" onChange={() => {}} />));
    expect(admin).toContain('This key can manage users and API keys');
    expect(admin).toContain(ADMIN_KEY_WARNING);
    for (const role of ['editor', 'viewer'] as const) {
      const words = text(render(<ApiKeyRoleChoice value={role} onChange={() => {}} />));
      expect(words).not.toContain(ADMIN_KEY_WARNING);
      for (const label of ['Administrator', 'Editor', 'Viewer']) expect(words).toContain(label);
    }
  });
});
