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
import { loginMark, refusedBefore } from '../../connectivity/login-lockout';
import type { TestReceipts } from '../../connectivity/test-receipt';
import type { SecretBox } from '../../crypto/secret-box';
import type { Db } from '../../db/database';
import { isUniqueViolation } from '../../db/database';
import { cachedReads, tableWritesOf } from '../../db/table-writes';
import type { DataSourcesRepository, PresentedRow } from '../../db/repositories/datasources.repository';
import type { FoldersRepository } from '../../db/repositories/folders.repository';
import type { SecretsRepository } from '../../db/repositories/secrets.repository';
import type { Updateable } from 'kysely';
import type { DataSourcesTable } from '../../db/schema';
import { AppError, conflict, notFound, validationError } from '../../errors';
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

/** A connection spec's own values, for connections made through the API. */
export interface ConnectionSpecColumns {
  /** The spec's key ('salesforce'). */
  spec: string;
  /** Params the data source has no column for, e.g. { includeDeletedObjects: true }. */
  params: Record<string, unknown>;
}

/** Where a data source came from, beside what it is. */
export interface DataSourceWithOrigin {
  dataSource: DataSource;
  origin: { spec: string | null; specParams: Record<string, unknown>; createdBy: string | null; updatedBy: string | null };
}

const LIST_TABLES = ['folders', 'data_sources', 'data_source_health', 'secrets'];
const LIST_REUSE_MS = 1_000;

const originOf = (row: Pick<DataSourcesTable, 'connection_spec' | 'created_by' | 'updated_by'> & { spec_params: string }): DataSourceWithOrigin['origin'] => ({
  spec: row.connection_spec,
  specParams: JSON.parse(row.spec_params) as Record<string, unknown>,
  createdBy: row.created_by,
  updatedBy: row.updated_by,
});

const specColumns = (spec: ConnectionSpecColumns) => ({ connection_spec: spec.spec, spec_params: JSON.stringify(spec.params) });

/** What a connection made without an API description stores in the Swagger columns. */
const NO_SWAGGER = {
  swagger_source: 'none',
  swagger_url: '',
  swagger_file_name: '',
  swagger_document: '',
  swagger_format: '',
  api_title: '',
  api_version: '',
  operation_count: 0,
} as const satisfies Partial<DataSourcesTable>;

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
  // Every open console page asks for its folder's list, and the dashboard's polling with it; the
  // list changes only when one of these tables does. A save made here is in the next answer; one
  // made by another process (another console on the same PostgreSQL), within LIST_REUSE_MS.
  const writes = tableWritesOf(db);
  const lists = writes && cachedReads<string, DataSource[] | null>(writes, { tables: LIST_TABLES, reuseMs: LIST_REUSE_MS, capacity: 1_000 });

  async function loadRow(id: string): Promise<PresentedRow> {
    const row = await dataSources.findById(id);
    if (!row) throw notFound('The data source');
    return row;
  }

  async function present(row: Parameters<typeof presentDataSource>[0]): Promise<DataSource> {
    return presentDataSource(row, await secrets.listNames(row.id));
  }

  /** A page of rows, with the names of their stored secrets read in one query, not one per row. */
  async function presentAll<Row extends Parameters<typeof presentDataSource>[0]>(rows: Row[]): Promise<Array<{ row: Row; dataSource: DataSource }>> {
    const names = await secrets.listNamesByOwner(rows.map((row) => row.id));
    return rows.map((row) => ({ row, dataSource: presentDataSource(row, names.get(row.id) ?? []) }));
  }

  /** The folder's data sources, or null when there is no such folder. */
  async function readList(folderId: string): Promise<DataSource[] | null> {
    if (!(await folders.exists(folderId))) return null;
    const rows = await dataSources.listByFolder(folderId);
    return (await presentAll(rows)).map((item) => item.dataSource);
  }

  async function assertNameFree(folderId: string, name: string, exceptId?: string) {
    if (await dataSources.nameTaken(folderId, name, exceptId)) {
      throw conflict(`A data source named "${name}" already exists in this folder.`, {
        name: ['This name is already used in this folder'],
      });
    }
  }

  /** The login Salesforce refused is not tried again, from anywhere: each try is one more towards the user's lockout. */
  function refuseRefusedLogin(row: PresentedRow, values: Pick<DataSourceInput, 'auth'>, ref: string) {
    if (refusedBefore(row.health_reason, loginMark(values.auth, ref))) {
      throw new AppError(409, 'login_refused', 'Salesforce refused this user name and password, and trying them again would count towards locking the user out. Enter the right password (or security token) and test again.', {
        fieldErrors: { 'auth.password': ['Salesforce refused this password: enter the right one'] },
      });
    }
  }

  /** A 409 that tells the second of two editors what the data source is now, so their form can show it. */
  async function editConflict(id: string) {
    const current = await present(await loadRow(id));
    return new AppError(409, 'edit_conflict', 'This data source was changed by someone else after you opened it. Its current values are shown: make your change again and save.', {
      current,
    });
  }

  async function insert(
    folderId: string,
    input: DataSourceInput,
    actor: string,
    how: { receipt?: string; spec?: ConnectionSpecColumns },
  ): Promise<DataSource> {
    if (!(await folders.findById(folderId))) throw notFound('The folder');
    await assertNameFree(folderId, input.name);
    const swagger = input.swagger.document ? await swaggerColumns(input, swaggerMaxBytes) : NO_SWAGGER;
    const { ref } = await secretPolicy.resolve(input, undefined, { open: false, userId: actor });
    const testedAt = how.spec ? null : receipts.require(how.receipt, actor, input, ref);
    const prepared = await secretPolicy.prepare(input.auth, actor);
    const authConfig = JSON.stringify(secretPolicy.configOf(input.auth, undefined, prepared));

    const id = randomUUID();
    const now = new Date().toISOString();
    try {
      await db.transaction().execute(async (trx) => {
        await dataSources.insert(
          {
            id,
            folder_id: folderId,
            ...inputColumns(input),
            auth_config: authConfig,
            ...swagger,
            last_test_ok: testedAt ? 1 : null,
            last_tested_at: testedAt,
            last_test_message: testedAt ? 'Connection successful' : null,
            created_at: now,
            updated_at: now,
            created_by: actor,
            updated_by: actor,
            ...(how.spec ? specColumns(how.spec) : {}),
          },
          trx,
        );
        await secretPolicy.write(trx, id, input.auth, prepared);
      });
    } catch (error) {
      if (isUniqueViolation(error)) await assertNameFree(folderId, input.name);
      throw error;
    }
    await listener?.saved(id);
    return present(await loadRow(id));
  }

  return {
    /** A folder's data sources; the same array, frozen, until something it was read from changes. */
    async list(folderId: string): Promise<readonly DataSource[]> {
      const list = lists ? await lists.get(folderId, () => readList(folderId)) : await readList(folderId);
      if (!list) throw notFound('The folder');
      return list;
    },

    async get(id: string): Promise<DataSource> {
      return present(await loadRow(id));
    },

    /** Data sources with where they came from, for the machine API: its spec and params, and who made and changed them. */
    async listWithOrigin(folderId: string): Promise<DataSourceWithOrigin[]> {
      const rows = await dataSources.listByFolder(folderId);
      return (await presentAll(rows)).map(({ row, dataSource }) => ({ dataSource, origin: originOf(row) }));
    },

    async getWithOrigin(id: string): Promise<DataSourceWithOrigin> {
      const row = await loadRow(id);
      return { dataSource: await present(row), origin: originOf(row) };
    },

    /** Test Connection for values in the wizard, saved or not. Records nothing. */
    async testValues(request: ConnectionTestRequest, userId: string): Promise<ConnectionTestResult> {
      const existing = request.dataSourceId ? await loadRow(request.dataSourceId) : undefined;
      const { secrets: resolved, ref } = await secretPolicy.resolve(request, existing, { userId });
      if (existing) refuseRefusedLogin(existing, request, ref);
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
      const { secrets: resolved, ref } = await secretPolicy.resolve(values, row);
      refuseRefusedLogin(row, values, ref);
      const result = await runConnectionTest(outbound, { ...values, secrets: resolved });
      await dataSources.recordTest(id, result.ok, result.testedAt, result.ok ? 'Connection successful' : (result.failure?.message ?? 'Failed'));
      return result;
    },

    /** Create from the wizard: the values must carry a receipt of a successful Test Connection by this actor. */
    async create(input: DataSourceCreateInput, actor: string): Promise<DataSource> {
      if (!input.swagger.document) {
        throw validationError('Choose a Swagger file.', { 'swagger.document': ['A Swagger or OpenAPI file is required'] });
      }
      return insert(input.folderId, input, actor, { receipt: input.testReceipt });
    },

    /**
     * Create from the API, as Flow Service does: no receipt, no description required; the
     * connection starts "initializing" and its first check, run at once, moves it on.
     */
    async createUnchecked(folderId: string, input: DataSourceInput, actor: string, spec: ConnectionSpecColumns): Promise<DataSource> {
      return insert(folderId, input, actor, { spec });
    },

    /**
     * Saves new values. A stale `input.version` (someone changed it since) is a 409 edit_conflict
     * that carries the current data source; `requireReceipt: false` is the API's way, whose check
     * follows the save.
     */
    async update(id: string, input: DataSourceUpdateInput, actor: string, options: { requireReceipt?: boolean; spec?: ConnectionSpecColumns } = {}): Promise<DataSource> {
      const requireReceipt = options.requireReceipt ?? true;
      const existing = await loadRow(id);
      if (input.version !== Number(existing.version)) throw await editConflict(id);
      await assertNameFree(existing.folder_id, input.name, id);
      const swagger = input.swagger.document ? await swaggerColumns(input, swaggerMaxBytes) : {};

      const { ref } = await secretPolicy.resolve(input, existing, { open: false, userId: actor });
      const prepared = await secretPolicy.prepare(input.auth, actor);
      const authConfig = JSON.stringify(secretPolicy.configOf(input.auth, existing, prepared));
      const storedRef = await secretPolicy.storedRefOf(existing);
      const unchanged = receipts.fingerprint(input, ref) === receipts.fingerprint(connectionValuesOf(existing), storedRef);

      let lastTest: Updateable<DataSourcesTable> = {};
      if (!unchanged && requireReceipt) {
        lastTest = { last_test_ok: 1, last_tested_at: receipts.require(input.testReceipt, actor, input, ref), last_test_message: 'Connection successful' };
      } else if (!unchanged) {
        // Untested new settings: the last test was of the old ones.
        lastTest = { last_test_ok: null, last_tested_at: null, last_test_message: null };
      }

      let saved = false;
      try {
        await db.transaction().execute(async (trx) => {
          // Only the version read above may be replaced: a save that raced this one wins, and this one is told.
          saved = await dataSources.updateVersion(
            id,
            Number(existing.version),
            {
              ...inputColumns(input),
              auth_config: authConfig,
              ...swagger,
              ...lastTest,
              ...(options.spec ? specColumns(options.spec) : {}),
              updated_at: new Date().toISOString(),
              updated_by: actor,
            },
            trx,
          );
          if (saved) await secretPolicy.write(trx, id, input.auth, prepared);
        });
      } catch (error) {
        // Two renames racing to one name: the second gets the same answer as a pre-checked one.
        if (isUniqueViolation(error)) await assertNameFree(existing.folder_id, input.name, id);
        throw error;
      }
      if (!saved) throw await editConflict(id);
      await listener?.saved(id);
      return present(await loadRow(id));
    },

    /** "Generate a key pair for me": the certificate to upload, and an id the form saves with; the private key stays here. */
    generateKeyPair(userId: string, commonName: string) {
      return keyPairs.generate(userId, commonName);
    },

    /** Deletes a data source and its secrets; with `version`, only while it is at that version (false otherwise). */
    async remove(id: string, version?: number): Promise<boolean> {
      const removed = await db.transaction().execute(async (trx) => {
        if (!(await dataSources.remove(id, trx, version))) return false;
        await secrets.removeAll(id, trx);
        return true;
      });
      if (!removed) {
        // Outside the transaction: SQLite has one connection, held by it until it ends.
        if (version !== undefined && (await dataSources.findSummary(id))) return false;
        throw notFound('The data source');
      }
      await listener?.deleted(id);
      return true;
    },
  };
}
export type DataSourcesService = ReturnType<typeof createDataSourcesService>;
