import { MantineProvider } from '@mantine/core';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DataSource } from '@keyway/shared';
import { DataSourceHealth } from './data-source-health';

const NOW = Date.parse('2026-11-23T10:00:00.000Z');

const dataSource = (changes: Partial<DataSource>): DataSource => ({
  id: 'ds1',
  folderId: 'f1',
  name: 'salesforce',
  title: 'Salesforce',
  description: '',
  serviceType: 'restful',
  swagger: { source: 'file', url: '', fileName: 'api.yaml', format: 'swagger-2.0', apiTitle: 'API', apiVersion: '1', operationCount: 3 },
  scheme: 'https',
  host: 'acme.my.salesforce.com',
  basePath: '/services/data',
  auth: { type: 'none' },
  secretSet: false,
  lastTest: null,
  health: { state: 'initializing', reason: 'Not checked yet' },
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...changes,
});

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
      dataSource({
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
    const html = text(dataSource({ health: { state: 'enabled', reason: 'Healthy' } }));
    expect(html).toContain('>Healthy<');
    expect(html).toContain('Never tested');
    expect(text(dataSource({ health: { state: 'disabled', reason: 'Paused' } }))).toContain('>Paused<');
    expect(text(dataSource({}))).toContain('>Not checked yet<');
  });
});
