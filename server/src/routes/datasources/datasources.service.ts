import { randomUUID } from 'node:crypto';
import {
  API_DESCRIPTION_MAX_BYTES,
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
import type { DataSourcesRepository, PresentedRow } from '../../db/repositories/datasources.repository';
import type { FoldersRepository } from '../../db/repositories/folders.repository';
import type { SecretsRepository } from '../../db/repositories/secrets.repository';
import type { DataSourcesTable } from '../../db/schema';
import { conflict, notFound, validationError } from '../../errors';
import type { OutboundClient } from '../../outbound/outbound-client';
import { createDataSourceReceipts } from './datasource-receipts';
import { connectionValuesOf, createDataSourceSecrets } from './datasource-secrets';
import { createGeneratedKeyPairs } from './generated-key-pairs';
import { swaggerColumns } from './datasource-swagger';
import { presentDataSource } from './datasources.presenter';

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

/** What create and update both write from the wizard's values, apart from the Swagger text and the authentication settings. */
function inputColumns(input: DataSourceInput) {
  return {
    name: input.name,
    title: input.title,
    description: input.description,
    service_type: input.serviceType,
    scheme: input.scheme,
    host: input.host,
    base_path: input.basePath,
    auth_type: input.auth.type,
  } satisfies Partial<DataSourcesTable>;
}

/**
 * Data sources: reading, testing and saving them. The secret policy (datasource-secrets.ts), the
 * Swagger file (datasource-swagger.ts) and test receipts (datasource-receipts.ts) live beside it;
 * this puts them together with the rows and the transaction.
 */
export function createDataSourcesService(deps: DataSourcesServiceDeps) {
  const { db, dataSources, folders, secrets, outbound, listener } = deps;
  const swaggerMaxBytes = deps.swaggerMaxBytes ?? API_DESCRIPTION_MAX_BYTES;
  const keyPairs = createGeneratedKeyPairs(deps);
  const secretPolicy = createDataSourceSecrets({ ...deps, keyPairs });
  const receipts = createDataSourceReceipts(deps.receipts);

  async function loadRow(id: string): Promise<PresentedRow> {
    const row = await dataSources.findById(id);
    if (!row) throw notFound('The data source');
    return row;
  }

  async function present(row: Parameters<typeof presentDataSource>[0]): Promise<DataSource> {
    return presentDataSource(row, await secrets.listNames(row.id));
  }

  async function assertNameFree(folderId: string, name: string, exceptId?: string) {
    if (await dataSources.nameTaken(folderId, name, exceptId)) {
      throw conflict(`A data source named "${name}" already exists in this folder.`, {
        name: ['This name is already used in this folder'],
      });
    }
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
      const { secrets: resolved, ref } = await secretPolicy.resolve(request, existing, { userId });
      const result = await runConnectionTest(outbound, { ...request, secrets: resolved });
      if (!result.ok) return result;
      return { ...result, receipt: receipts.issue(userId, request, ref, result.testedAt) };
    },

    /** A saved data source's connection with its secret opened, for scheduled checks; `secretRef` changes whenever the secret is rewritten. */
    async connectionOf(id: string): Promise<{ target: ConnectionTarget; secretRef: string }> {
      const row = await dataSources.findSummary(id);
      if (!row) throw notFound('The data source');
      const values = connectionValuesOf(row);
      const { secrets: resolved, ref } = await secretPolicy.resolve(values, row);
      return { target: { ...values, secrets: resolved }, secretRef: ref };
    },

    /** Tests a saved data source exactly as stored, and records the outcome as its status. */
    async testSaved(id: string): Promise<ConnectionTestResult> {
      const row = await loadRow(id);
      const values = connectionValuesOf(row);
      const { secrets: resolved } = await secretPolicy.resolve(values, row);
      const result = await runConnectionTest(outbound, { ...values, secrets: resolved });
      await dataSources.recordTest(id, result.ok, result.testedAt, result.ok ? 'Connection successful' : (result.failure?.message ?? 'Failed'));
      return result;
    },

    async create(input: DataSourceCreateInput, userId: string): Promise<DataSource> {
      if (!(await folders.findById(input.folderId))) throw notFound('The folder');
      await assertNameFree(input.folderId, input.name);
      if (!input.swagger.document) {
        throw validationError('Choose a Swagger file.', { 'swagger.document': ['A Swagger or OpenAPI file is required'] });
      }
      const swagger = swaggerColumns(input, swaggerMaxBytes);
      const { ref } = await secretPolicy.resolve(input, undefined, { open: false, userId });
      const testedAt = receipts.require(input.testReceipt, userId, input, ref);
      const prepared = await secretPolicy.prepare(input.auth, userId);
      const authConfig = JSON.stringify(secretPolicy.configOf(input.auth, undefined, prepared));

      const id = randomUUID();
      const now = new Date().toISOString();
      try {
        await db.transaction().execute(async (trx) => {
          await dataSources.insert(
            {
              id,
              folder_id: input.folderId,
              ...inputColumns(input),
              auth_config: authConfig,
              ...swagger,
              last_test_ok: 1,
              last_tested_at: testedAt,
              last_test_message: 'Connection successful',
              created_at: now,
              updated_at: now,
            },
            trx,
          );
          await secretPolicy.write(trx, id, input.auth, prepared);
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
      const swagger = input.swagger.document ? swaggerColumns(input, swaggerMaxBytes) : {};

      const { ref } = await secretPolicy.resolve(input, existing, { open: false, userId });
      const prepared = await secretPolicy.prepare(input.auth, userId);
      const authConfig = JSON.stringify(secretPolicy.configOf(input.auth, existing, prepared));
      const storedRef = await secretPolicy.storedRefOf(existing);
      const unchanged = receipts.fingerprint(input, ref) === receipts.fingerprint(connectionValuesOf(existing), storedRef);

      const lastTest = unchanged
        ? {}
        : {
            last_test_ok: 1,
            last_tested_at: receipts.require(input.testReceipt, userId, input, ref),
            last_test_message: 'Connection successful',
          };

      try {
        await db.transaction().execute(async (trx) => {
          await dataSources.update(
            id,
            {
              ...inputColumns(input),
              auth_config: authConfig,
              ...swagger,
              ...lastTest,
              updated_at: new Date().toISOString(),
            },
            trx,
          );
          await secretPolicy.write(trx, id, input.auth, prepared);
        });
      } catch (error) {
        // Two renames racing to one name: the second gets the same answer as a pre-checked one.
        if (isUniqueViolation(error)) await assertNameFree(existing.folder_id, input.name, id);
        throw error;
      }
      await listener?.saved(id);
      return present(await loadRow(id));
    },

    /** "Generate a key pair for me": the certificate to upload, and an id the form saves with; the private key stays here. */
    generateKeyPair(userId: string, commonName: string) {
      return keyPairs.generate(userId, commonName);
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
