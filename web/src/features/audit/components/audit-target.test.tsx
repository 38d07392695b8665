import { MantineProvider } from '@mantine/core';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '@keyway/shared';
import { AuditTarget } from './audit-target';

const entry = (changes: Partial<AuditEvent>): AuditEvent => ({
  id: '1',
  at: '2026-11-23T10:00:00.000Z',
  actorEmail: 'a@example.test',
  action: 'datasource.update',
  outcome: 'success',
  targetType: 'data_source',
  targetId: '6f1c2a9e-0b7d-4a51-9d3e-2c8f5b1a7e40',
  targetLabel: 'Salesforce',
  ip: '127.0.0.1',
  details: {},
  ...changes,
});

const text = (event: AuditEvent) =>
  renderToStaticMarkup(
    <MantineProvider>
      <AuditTarget event={event} />
    </MantineProvider>,
  ).replace(/<style[^>]*>[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, '').trim();

describe('AuditTarget', () => {
  it('shows the id under the title, so two look-alike titles are told apart', () => {
    const real = text(entry({}));
    const lookAlike = text(entry({ targetLabel: '\u0405alesforce', targetId: '0d4e9b77-5f3a-4c2e-8a61-93b0c7d2e518' }));
    expect(real).toBe('SalesforceID 6f1c2a9e-0b7d-4a51-9d3e-2c8f5b1a7e40');
    expect(lookAlike).toContain('ID 0d4e9b77-5f3a-4c2e-8a61-93b0c7d2e518');
    expect(lookAlike).toContain('Mixed scripts');
  });

  it('makes hidden characters in a title recorded before they were refused visible, and flags them', () => {
    const shown = text(entry({ targetLabel: '\u202Egnp.exe' }));
    expect(shown).toContain('⟨U+202E⟩gnp.exe');
    expect(shown).not.toContain('\u202E');
    expect(shown).toContain('Hidden characters');
  });

  it('shows an address without an id, since the address is its id, and an id alone once', () => {
    expect(text(entry({ targetType: 'address', targetId: '127.0.0.1:4010', targetLabel: 'http://127.0.0.1:4010/services/data' }))).toBe(
      'http://127.0.0.1:4010/services/data',
    );
    expect(text(entry({ targetLabel: null }))).toBe('6f1c2a9e-0b7d-4a51-9d3e-2c8f5b1a7e40');
  });

  it('sets the id in small dimmed monospace, the theme’s dimmed grey that keeps AA contrast', () => {
    const markup = renderToStaticMarkup(
      <MantineProvider>
        <AuditTarget event={entry({})} />
      </MantineProvider>,
    );
    expect(markup).toMatch(/data-size="xs"[^>]*>|--text-fz:var\(--mantine-font-size-xs\)/);
    expect(markup).toContain('var(--mantine-color-dimmed)');
    expect(markup).toContain('font-family:var(--mantine-font-family-monospace)');
  });
});
