import type { DataSource } from '@keyway/shared';

/** A saved data source as the API presents it, for component tests; `changes` sets what a test is about. */
export const dataSourceFixture = (changes: Partial<DataSource> = {}): DataSource => ({
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
