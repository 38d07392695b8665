import { MantineProvider } from '@mantine/core';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AUDIT_PAGE_SIZE } from '../api/get-audit-events';
import { AuditPagination } from './audit-pagination';

const html = (total: number, page = 1) =>
  renderToStaticMarkup(
    <MantineProvider>
      <AuditPagination total={total} page={page} onChange={() => {}} />
    </MantineProvider>,
  ).replace(/<style[^>]*>[\s\S]*?<\/style>/g, '');

describe('AuditPagination', () => {
  it('is a named navigation region whose arrows have names a screen reader can say', () => {
    const markup = html(AUDIT_PAGE_SIZE * 2 + 1, 2);
    expect(markup).toMatch(/^<nav [^>]*aria-label="Audit log pages"/);
    for (const name of ['Previous page', 'Next page']) expect(markup).toContain(`aria-label="${name}"`);
    expect(markup).toContain('>3<');
    expect(markup).not.toContain('>4<');
  });

  it('shows nothing when every entry fits on one page', () => {
    expect(html(0)).toBe('');
    expect(html(AUDIT_PAGE_SIZE)).toBe('');
  });
});
