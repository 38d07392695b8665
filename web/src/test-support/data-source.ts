import { secretFieldsOf, type DataSource } from '@keyway/shared';

/**
 * A saved data source as the API presents it, for component tests; `changes` sets what a test is
 * about. Unless `storedSecrets` is given, `secretSet: true` stores every required secret of the
 * authentication, as the server would present it.
 */
export const dataSourceFixture = (changes: Partial<DataSource> = {}): DataSource => {
  const auth = changes.auth ?? { type: 'none' };
  const storedSecrets = changes.secretSet ? secretFieldsOf(auth).filter((spec) => spec.required).map((spec) => spec.field) : [];
  return {
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
    auth,
    secretSet: false,
    storedSecrets,
    lastTest: null,
    health: { state: 'initializing', reason: 'Not checked yet' },
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    version: 1,
    ...changes,
  };
};
