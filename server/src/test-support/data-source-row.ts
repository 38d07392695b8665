import type { Insertable } from 'kysely';
import type { DataSourcesTable } from '../db/schema';

type Required = Pick<Insertable<DataSourcesTable>, 'id' | 'folder_id'>;

/**
 * A data_sources row with every column filled, for tests and benchmarks that write rows directly
 * (the scheduler's and the repository's) instead of going through the API; `values` sets what the
 * test is about. The name and title default to the id, so rows never collide in a folder.
 */
export function dataSourceRow(values: Required & Partial<Insertable<DataSourcesTable>>): Insertable<DataSourcesTable> {
  const now = new Date().toISOString();
  return {
    name: values.id,
    title: values.id,
    description: '',
    service_type: 'restful',
    swagger_source: 'file',
    swagger_url: '',
    swagger_file_name: 'a.json',
    swagger_document: '',
    swagger_format: 'swagger-2.0',
    api_title: 'A',
    api_version: '1',
    operation_count: 0,
    scheme: 'https',
    host: 'example.test',
    base_path: '/',
    auth_type: 'oauth2',
    auth_config: '{}',
    last_test_ok: null,
    last_tested_at: null,
    last_test_message: null,
    created_at: now,
    updated_at: now,
    ...values,
  };
}
