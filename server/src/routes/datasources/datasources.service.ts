import { randomUUID } from 'node:crypto';
import {
  API_DESCRIPTION_MAX_BYTES,
  descriptionTooLargeMessage,
  readApiDescription,
  SECRET_FIELD_BY_AUTH_TYPE,
  secretOf,
  type AuthInput,
  type ConnectionTestRequest,
  type ConnectionTestResult,
  type DataSource,
  type DataSourceCreateInput,
  type DataSourceInput,
  type DataSourceUpdateInput,
} from '@keyway/shared';
import { runConnectionTest, type ConnectionTarget } from '../../connectivity/connection-test';
import type { TestReceipts } from '../../connectivity/test-receipt';
import type { SecretBox } from '../../crypto/secret-box';
import type { Db } from '../../db/database';
import { isUniqueViolation } from '../../db/database';
import type { DataSourceListRow, DataSourcesRepository, PresentedRow } from '../../db/repositories/datasources.repository';
import type { FoldersRepository } from '../../db/repositories/folders.repository';
import type { SecretsRepository } from '../../db/repositories/secrets.repository';
import type { DataSourcesTable } from '../../db/schema';
import { AppError, conflict, notFound, unprocessable, validationError } from '../../errors';
import type { OutboundClient } from '../../outbound/outbound-client';
import { presentDataSource } from './datasources.presenter';
import { secretAssociatedData } from '../../crypto/secret-aad';

/** Told after each change, so health checks and cached tokens follow the data sources. */
export interface DataSourceListener {
  saved(id: string): void | Promise<void>;
  deleted(id: string): void | Promise<void>;
}

export interface DataSourcesServiceDeps {
  db: Db;
  dataSources: DataSourcesRepository;
  folders: FoldersRepository;
  secrets: SecretsRepository;
  secretBox: SecretBox;
  outbound: OutboundClient;
  receipts: TestReceipts;
  listener?: DataSourceListener;
  /** SWAGGER_MAX_BYTES: a larger description is refused (413) before it is parsed. */
  swaggerMaxBytes?: number;
}

type ConnectionValues = Pick<DataSourceInput, 'scheme' | 'host' | 'basePath' | 'auth'>;

const SECRET_LABELS = { clientSecret: 'Client Secret', password: 'Password', keyValue: 'API key value' } as const;

const storedRef = (id: string, nonce: string) => `stored:${id}:${nonce}`;

/** Associated data binds each ciphertext to its record and field. */

function withoutSecret(auth: AuthInput): Record<string, unknown> {
  const field = SECRET_FIELD_BY_AUTH_TYPE[auth.type];
  const copy: Record<string, unknown> = { ...auth };
  if (field) delete copy[field];
  return copy;
}

function rowAuth(row: DataSourceListRow): AuthInput {
  return { type: row.auth_type, ...JSON.parse(row.auth_config) } as AuthInput;
}

/** Where a stored secret would be sent: a change here means the secret must be typed again. */
function secretDestination(values: ConnectionValues): string {
  const auth = values.auth;
  const api = `api:${values.scheme}://${values.host.toLowerCase()}`;
  return auth.type === 'oauth2' ? `token:${auth.tokenUrl}|${api}` : api;
}

export function createDataSourcesService(deps: DataSourcesServiceDeps) {
  const { db, dataSources, folders, secrets, secretBox, outbound, receipts, listener } = deps;
  const swaggerMaxBytes = deps.swaggerMaxBytes ?? API_DESCRIPTION_MAX_BYTES;

  const fingerprintOf = (values: ConnectionValues, secretRef: string) =>
    receipts.fingerprint(
      { scheme: values.scheme, host: values.host.toLowerCase(), basePath: values.basePath, auth: withoutSecret(values.auth) },
      secretRef,
    );

  async function loadRow(id: string): Promise<PresentedRow> {
    const row = await dataSources.findById(id);
    if (!row) throw notFound('The data source');
    return row;
  }

  async function present(row: Parameters<typeof presentDataSource>[0]): Promise<DataSource> {
    return presentDataSource(row, await secrets.listNames(row.id));
  }

  /**
   * The secret a test or save uses: the one typed now, or the stored one, but the stored one
   * only for the same kind of authentication and the same destination.
   */
  async function resolveSecret(
    values: ConnectionValues,
    existing?: DataSourceListRow,
    { open = true }: { open?: boolean } = {},
  ): Promise<{ secret?: string; ref: string }> {
    const typed = secretOf(values.auth);
    if (typed) return { secret: typed, ref: `typed:${typed}` };
    const field = SECRET_FIELD_BY_AUTH_TYPE[values.auth.type];
    if (!field) return { ref: 'none' };

    const label = SECRET_LABELS[field];
    const fieldPath = `auth.${field}`;
    const stored = existing && existing.auth_type === values.auth.type ? await secrets.find(existing.id, field) : undefined;
    if (!existing || !stored) {
      throw unprocessable('secret_required', `Enter the ${label}.`, { [fieldPath]: [`${label} is required`] });
    }
    const before = { scheme: existing.scheme, host: existing.host, basePath: existing.base_path, auth: rowAuth(existing) };
    if (secretDestination(before) !== secretDestination(values)) {
      throw unprocessable(
        'secret_required',
        `Type the ${label} again: the address it is sent to changed, and a stored secret is never sent to a new host.`,
        { [fieldPath]: [`Type the ${label} again for the new address`] },
      );
    }
    // The nonce is unique to each write, so a receipt for an earlier secret never matches a later one.
    const ref = storedRef(existing.id, stored.nonce);
    if (!open) return { ref };
    try {
      return { secret: secretBox.open(stored, secretAssociatedData(existing.id, field)), ref };
    } catch {
      throw unprocessable(
        'secret_required',
        `The stored ${label} can no longer be read (was MASTER_KEY changed?). Type it again.`,
        { [fieldPath]: [`Type the ${label} again`] },
      );
    }
  }

  function readSwagger(document: string, fileName: string) {
    const bytes = Buffer.byteLength(document, 'utf8');
    if (bytes > swaggerMaxBytes) {
      const message = descriptionTooLargeMessage(bytes, swaggerMaxBytes);
      throw new AppError(413, 'swagger_too_large', `The Swagger file cannot be used: ${message}`, {
        fieldErrors: { 'swagger.document': [message] },
      });
    }
    const result = readApiDescription(document, fileName || undefined, { maxBytes: swaggerMaxBytes });
    if (!result.ok) {
      const where = result.problem.line ? ` (line ${result.problem.line}${result.problem.column ? `, column ${result.problem.column}` : ''})` : '';
      throw validationError(`The Swagger file cannot be used: ${result.problem.message}${where}`, {
        'swagger.document': [`${result.problem.message}${where}`],
      });
    }
    return result.summary;
  }

  function swaggerColumns(input: DataSourceInput) {
    const summary = readSwagger(input.swagger.document, input.swagger.source === 'file' ? input.swagger.fileName : '');
    return {
      swagger_source: input.swagger.source,
      swagger_url: input.swagger.source === 'url' ? input.swagger.url : '',
      swagger_file_name: input.swagger.source === 'file' ? input.swagger.fileName : '',
      swagger_document: input.swagger.document,
      swagger_format: summary.format,
      api_title: summary.title,
      api_version: summary.version,
      operation_count: summary.operationCount,
    };
  }

  /** What create and update both write from the wizard's values, apart from the Swagger text. */
  function inputColumns(input: DataSourceInput) {
    return {
      name: input.name,
      title: input.title,
      description: input.description,
      service_type: input.serviceType,
      ...connectionColumns(input),
    } satisfies Partial<DataSourcesTable>;
  }

  function connectionColumns(input: DataSourceInput) {
    return {
      scheme: input.scheme,
      host: input.host,
      base_path: input.basePath,
      auth_type: input.auth.type,
      auth_config: JSON.stringify(withoutSecret(input.auth)),
    } satisfies Partial<DataSourcesTable>;
  }

  function requireReceipt(receipt: string | undefined, userId: string, fingerprint: string): string {
    const verified = receipt ? receipts.verify(receipt, { userId, fingerprint }) : null;
    if (!verified) {
      throw unprocessable(
        'test_required',
        'Test the connection with these exact values before saving. Test Connection must succeed after the last change.',
      );
    }
    return verified.testedAt;
  }

  async function assertNameFree(folderId: string, name: string, exceptId?: string) {
    if (await dataSources.nameTaken(folderId, name, exceptId)) {
      throw conflict(`A data source named "${name}" already exists in this folder.`, {
        name: ['This name is already used in this folder'],
      });
    }
  }

  async function writeSecret(trx: Db, id: string, auth: AuthInput) {
    const field = SECRET_FIELD_BY_AUTH_TYPE[auth.type];
    const typed = secretOf(auth);
    await secrets.removeExcept(id, field ? [field] : [], trx);
    if (field && typed) await secrets.put(id, field, secretBox.seal(typed, secretAssociatedData(id, field)), trx);
  }

  return {
    async list(folderId: string): Promise<DataSource[]> {
      if (!(await folders.findById(folderId))) throw notFound('The folder');
      const rows = await dataSources.listByFolder(folderId);
      return Promise.all(rows.map(present));
    },

    async get(id: string): Promise<DataSource> {
      return present(await loadRow(id));
    },

    /** Test Connection for values in the wizard, saved or not. Records nothing. */
    async testValues(request: ConnectionTestRequest, userId: string): Promise<ConnectionTestResult> {
      const existing = request.dataSourceId ? await loadRow(request.dataSourceId) : undefined;
      const { secret, ref } = await resolveSecret(request, existing);
      const result = await runConnectionTest(outbound, { ...request, secret });
      if (!result.ok) return result;
      return { ...result, receipt: receipts.issue({ userId, fingerprint: fingerprintOf(request, ref), testedAt: result.testedAt }) };
    },

    /** Tests a saved data source exactly as stored, and records the outcome as its status. */
    /** A saved data source's connection with its secret opened, for scheduled checks; `secretRef` changes whenever the secret is rewritten. */
    async connectionOf(id: string): Promise<{ target: ConnectionTarget; secretRef: string }> {
      const row = await dataSources.findSummary(id);
      if (!row) throw notFound('The data source');
      const values: ConnectionValues = { scheme: row.scheme, host: row.host, basePath: row.base_path, auth: rowAuth(row) };
      const { secret, ref } = await resolveSecret(values, row);
      return { target: { ...values, secret }, secretRef: ref };
    },

    async testSaved(id: string): Promise<ConnectionTestResult> {
      const row = await loadRow(id);
      const values: ConnectionValues = { scheme: row.scheme, host: row.host, basePath: row.base_path, auth: rowAuth(row) };
      const { secret } = await resolveSecret(values, row);
      const result = await runConnectionTest(outbound, { ...values, secret });
      await dataSources.recordTest(id, result.ok, result.testedAt, result.ok ? 'Connection successful' : (result.failure?.message ?? 'Failed'));
      return result;
    },

    async create(input: DataSourceCreateInput, userId: string): Promise<DataSource> {
      if (!(await folders.findById(input.folderId))) throw notFound('The folder');
      await assertNameFree(input.folderId, input.name);
      if (!input.swagger.document) {
        throw validationError('Choose a Swagger file.', { 'swagger.document': ['A Swagger or OpenAPI file is required'] });
      }
      const swagger = swaggerColumns(input);
      const { ref } = await resolveSecret(input, undefined, { open: false });
      const testedAt = requireReceipt(input.testReceipt, userId, fingerprintOf(input, ref));

      const id = randomUUID();
      const now = new Date().toISOString();
      try {
        await db.transaction().execute(async (trx) => {
          await dataSources.insert(
            {
              id,
              folder_id: input.folderId,
              ...inputColumns(input),
              ...swagger,
              last_test_ok: 1,
              last_tested_at: testedAt,
              last_test_message: 'Connection successful',
              created_at: now,
              updated_at: now,
            },
            trx,
          );
          await writeSecret(trx, id, input.auth);
        });
      } catch (error) {
        if (isUniqueViolation(error)) await assertNameFree(input.folderId, input.name);
        throw error;
      }
      await listener?.saved(id);
      return present(await loadRow(id));
    },

    async update(id: string, input: DataSourceUpdateInput, userId: string): Promise<DataSource> {
      const existing = await loadRow(id);
      await assertNameFree(existing.folder_id, input.name, id);
      const swagger = input.swagger.document ? swaggerColumns(input) : {};

      const { ref } = await resolveSecret(input, existing, { open: false });
      const storedField = SECRET_FIELD_BY_AUTH_TYPE[existing.auth_type];
      const storedSecret = storedField ? await secrets.find(id, storedField) : undefined;
      const before: ConnectionValues = { scheme: existing.scheme, host: existing.host, basePath: existing.base_path, auth: rowAuth(existing) };
      const unchanged = fingerprintOf(input, ref) === fingerprintOf(before, storedSecret ? storedRef(id, storedSecret.nonce) : 'none');

      const lastTest = unchanged
        ? {}
        : {
            last_test_ok: 1,
            last_tested_at: requireReceipt(input.testReceipt, userId, fingerprintOf(input, ref)),
            last_test_message: 'Connection successful',
          };

      try {
        await db.transaction().execute(async (trx) => {
          await dataSources.update(
            id,
            {
              ...inputColumns(input),
              ...swagger,
              ...lastTest,
              updated_at: new Date().toISOString(),
            },
            trx,
          );
          await writeSecret(trx, id, input.auth);
        });
      } catch (error) {
        // Two renames racing to one name: the second gets the same answer as a pre-checked one.
        if (isUniqueViolation(error)) await assertNameFree(existing.folder_id, input.name, id);
        throw error;
      }
      await listener?.saved(id);
      return present(await loadRow(id));
    },

    async remove(id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await dataSources.remove(id, trx))) throw notFound('The data source');
        await secrets.removeAll(id, trx);
      });
      await listener?.deleted(id);
    },
  };
}
export type DataSourcesService = ReturnType<typeof createDataSourcesService>;
