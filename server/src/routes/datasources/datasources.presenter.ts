import { secretFieldsOf, type DataSource } from '@keyway/shared';
import type { PresentedListRow } from '../../db/repositories/datasources.repository';
import { storedConfigOf } from './datasource-secrets';

const NOT_CHECKED = 'Not checked yet';

/** What leaves the server for a data source. Secrets are not in the row, and so cannot be in here. */
export function presentDataSource(row: PresentedListRow, storedSecretNames: readonly string[]): DataSource {
  const config = storedConfigOf(row);
  const auth = (config.type === 'oauth2' && config.grantType === 'jwt_bearer' ? { certificate: null, ...config } : config) as DataSource['auth'];
  const fields = secretFieldsOf(auth);
  const storedSecrets = fields.map((spec) => spec.field).filter((field) => storedSecretNames.includes(field));
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
    auth,
    secretSet: fields.length > 0 && fields.every((spec) => !spec.required || storedSecrets.includes(spec.field)),
    storedSecrets,
    lastTest:
      row.last_tested_at === null
        ? null
        : { ok: row.last_test_ok === 1, testedAt: row.last_tested_at, message: row.last_test_message ?? '' },
    // Saving creates the health row right after the data source; a read in between sees none yet.
    health: row.health_state === null ? { state: 'initializing', reason: NOT_CHECKED } : { state: row.health_state, reason: row.health_reason ?? '' },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}
