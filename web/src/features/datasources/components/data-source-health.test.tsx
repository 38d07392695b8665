import { MantineProvider } from '@mantine/core';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DataSource } from '@keyway/shared';
import { dataSourceFixture } from '@/test-support/data-source';
import { DataSourceHealth } from './data-source-health';

const NOW = Date.parse('2026-11-23T10:00:00.000Z');

const text = (ds: DataSource) =>
  renderToStaticMarkup(
    <MantineProvider>
      <DataSourceHealth dataSource={ds} now={NOW} />
    </MantineProvider>,
  );

describe('DataSourceHealth', () => {
  it('shows the dashboard’s state, not the last test’s verdict, with the last test as secondary detail', () => {
    // The last test worked, but the scheduled checks now fail: the list says what the dashboard says.
    const html = text(
      dataSourceFixture({
        health: { state: 'failing', reason: 'invalid_client' },
        lastTest: { ok: true, testedAt: '2026-11-23T09:55:00.000Z', message: 'Connection successful' },
      }),
    );
    expect(html).toContain('data-state="failing"');
    expect(html).toContain('>Failing<');
    expect(html).toContain('Tested 5 minutes ago');
    expect(html).not.toContain('Working');
  });

  it('uses the dashboard’s words for each state, and says when nobody has tested', () => {
    const html = text(dataSourceFixture({ health: { state: 'enabled', reason: 'Healthy' } }));
    expect(html).toContain('>Healthy<');
    expect(html).toContain('Never tested');
    expect(text(dataSourceFixture({ health: { state: 'disabled', reason: 'Paused' } }))).toContain('>Paused<');
    expect(text(dataSourceFixture({}))).toContain('>Not checked yet<');
  });
});
