import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../database';
import type { DataSourcesTable, HealthStateColumn } from '../schema';

export type DataSourceRow = Selectable<DataSourcesTable>;

/** The list never needs the stored Swagger text, which can be megabytes. */
const LIST_COLUMNS = [
  'id', 'folder_id', 'name', 'title', 'description', 'service_type', 'swagger_source', 'swagger_url',
  'swagger_file_name', 'swagger_format', 'api_title', 'api_version', 'operation_count', 'scheme', 'host',
  'base_path', 'auth_type', 'auth_config', 'last_test_ok', 'last_tested_at', 'last_test_message', 'created_at',
  'updated_at', 'version', 'created_by', 'updated_by', 'connection_spec', 'spec_params',
] as const;
export type DataSourceListRow = Pick<DataSourceRow, (typeof LIST_COLUMNS)[number]>;

/** The scheduled checks' verdict, read with the data source; null before its health row exists. */
export interface HealthColumns {
  health_state: HealthStateColumn | null;
  health_reason: string | null;
}
export type PresentedListRow = DataSourceListRow & HealthColumns;
/** One data source as the console presents and changes it: nothing reads the stored Swagger text back (up to SWAGGER_MAX_BYTES). */
export type PresentedRow = PresentedListRow;

export function createDataSourcesRepository(db: Db) {
  const withHealth = () =>
    db
      .selectFrom('data_sources as d')
      .leftJoin('data_source_health as h', 'h.data_source_id', 'd.id')
      .select(['h.state as health_state', 'h.state_reason as health_reason']);

  return {
    /** One query for the page, health state included. */
    listByFolder(folderId: string): Promise<PresentedListRow[]> {
      return withHealth()
        .select(LIST_COLUMNS.map((column) => `d.${column}` as const))
        .where('d.folder_id', '=', folderId)
        .orderBy('d.title')
        .execute();
    },
    /** Everything but the stored Swagger text: what a health check needs, read every few minutes. */
    findSummary(id: string): Promise<DataSourceListRow | undefined> {
      return db.selectFrom('data_sources').select(LIST_COLUMNS).where('id', '=', id).executeTakeFirst();
    },
    findById(id: string): Promise<PresentedRow | undefined> {
      return withHealth()
        .select(LIST_COLUMNS.map((column) => `d.${column}` as const))
        .where('d.id', '=', id)
        .executeTakeFirst();
    },
    async nameTaken(folderId: string, name: string, exceptId?: string): Promise<boolean> {
      let query = db.selectFrom('data_sources').select('id').where('folder_id', '=', folderId).where('name', '=', name);
      if (exceptId) query = query.where('id', '!=', exceptId);
      return (await query.executeTakeFirst()) !== undefined;
    },
    async insert(row: Insertable<DataSourcesTable>, trx: Db = db): Promise<void> {
      await trx.insertInto('data_sources').values(row).execute();
    },
    /** Updates only while the row is at `version`, raising it; false when another save got there first (or the row is gone). */
    async updateVersion(id: string, version: number, changes: Updateable<DataSourcesTable>, trx: Db = db): Promise<boolean> {
      const result = await trx
        .updateTable('data_sources')
        .set({ ...changes, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async recordTest(id: string, ok: boolean, testedAt: string, message: string): Promise<void> {
      await db
        .updateTable('data_sources')
        .set({ last_test_ok: ok ? 1 : 0, last_tested_at: testedAt, last_test_message: message })
        .where('id', '=', id)
        .execute();
    },
    async remove(id: string, trx: Db = db, version?: number): Promise<boolean> {
      let query = trx.deleteFrom('data_sources').where('id', '=', id);
      if (version !== undefined) query = query.where('version', '=', version);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
export type DataSourcesRepository = ReturnType<typeof createDataSourcesRepository>;
