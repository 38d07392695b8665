import { MantineProvider } from '@mantine/core';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HealthPagination } from './health-pagination';

const html = (props: { page: number; total: number; requestedPage?: number }) =>
  renderToStaticMarkup(
    <MantineProvider>
      <HealthPagination pageSize={24} requestedPage={props.page} {...props} onChange={() => {}} />
    </MantineProvider>,
  ).replace(/<style[^>]*>[\s\S]*?<\/style>/g, '');
const text = (markup: string) => markup.replace(/<!-- -->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

describe('HealthPagination', () => {
  it('says which data sources the page shows, in a navigation region whose buttons have names', () => {
    const markup = html({ page: 2, total: 30 });
    expect(text(markup)).toMatch(/^25–30 of 30 /);
    expect(markup).toMatch(/<nav aria-label="Pages">/);
    for (const name of ['Page 1', 'Page 2', 'Previous page', 'Next page']) expect(markup).toContain(`aria-label="${name}"`);
    expect(markup).not.toContain('aria-label="Page 3"');
  });

  it('marks the last page as current when the address asks for one past the end', () => {
    expect(html({ page: 2, total: 30, requestedPage: 9 })).toMatch(/aria-label="Page 2"[^>]*aria-current="page"|aria-current="page"[^>]*aria-label="Page 2"/);
  });

  it('shows nothing when every data source fits on one page', () => {
    expect(html({ page: 1, total: 24 })).toBe('');
  });
});
