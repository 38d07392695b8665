import { randomUUID } from 'node:crypto';
import type { Db } from '../database';
import type { FoldersTable } from '../schema';

export type FolderRow = FoldersTable & { data_source_count: number };

export function createFoldersRepository(db: Db) {
  const withCounts = () =>
    db
      .selectFrom('folders')
      .leftJoin('data_sources', 'data_sources.folder_id', 'folders.id')
      .select(['folders.id', 'folders.name', 'folders.title', 'folders.created_at'])
      .select((eb) => eb.fn.count<string | number>('data_sources.id').as('data_source_count'))
      .groupBy(['folders.id', 'folders.name', 'folders.title', 'folders.created_at']);

  const normalise = (row: Omit<FolderRow, 'data_source_count'> & { data_source_count: string | number }): FolderRow => ({
    ...row,
    data_source_count: Number(row.data_source_count),
  });

  return {
    async list(): Promise<FolderRow[]> {
      // "global" first, as in AEM's configuration browser; the rest alphabetically.
      const rows = await withCounts().orderBy('folders.title').execute();
      return rows.map(normalise).sort((a, b) => Number(b.name === 'global') - Number(a.name === 'global'));
    },
    async findById(id: string): Promise<FolderRow | undefined> {
      const row = await withCounts().where('folders.id', '=', id).executeTakeFirst();
      return row && normalise(row);
    },
    async exists(id: string): Promise<boolean> {
      return (await db.selectFrom('folders').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    },
    async insert(name: string, title: string): Promise<FolderRow> {
      const row = { id: randomUUID(), name, title, created_at: new Date().toISOString() };
      await db.insertInto('folders').values(row).execute();
      return { ...row, data_source_count: 0 };
    },
  };
}
export type FoldersRepository = ReturnType<typeof createFoldersRepository>;
