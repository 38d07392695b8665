import type { DataSource } from '@keyway/shared';
import { SECRET_FIELD_BY_AUTH_TYPE } from '@keyway/shared';
import type { PresentedListRow } from '../../db/repositories/datasources.repository';

const NOT_CHECKED = 'Not checked yet';

/** What leaves the server for a data source. Secrets are not in the row, and so cannot be in here. */
export function presentDataSource(row: PresentedListRow, storedSecretNames: readonly string[]): DataSource {
  const secretField = SECRET_FIELD_BY_AUTH_TYPE[row.auth_type];
  return {
    id: row.id,
    folderId: row.folder_id,
    name: row.name,
    title: row.title,
    description: row.description,
    serviceType: row.service_type,
    swagger: {
      source: row.swagger_source,
      url: row.swagger_url,
      fileName: row.swagger_file_name,
      format: row.swagger_format,
      apiTitle: row.api_title,
      apiVersion: row.api_version,
      operationCount: Number(row.operation_count),
    },
    scheme: row.scheme,
    host: row.host,
    basePath: row.base_path,
    auth: { type: row.auth_type, ...JSON.parse(row.auth_config) } as DataSource['auth'],
    secretSet: secretField !== null && storedSecretNames.includes(secretField),
    lastTest:
      row.last_tested_at === null
        ? null
        : { ok: row.last_test_ok === 1, testedAt: row.last_tested_at, message: row.last_test_message ?? '' },
    // Saving creates the health row right after the data source; a read in between sees none yet.
    health: row.health_state === null ? { state: 'initializing', reason: NOT_CHECKED } : { state: row.health_state, reason: row.health_reason ?? '' },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
