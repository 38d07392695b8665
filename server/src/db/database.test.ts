import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Insertable } from 'kysely';
import { GLOBAL_FOLDER_NAME } from '@keyway/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation, migrateToLatest, openDatabase, type Db } from './database';
import { migrationProvider } from './migrations';
import { createDataSourcesRepository } from './repositories/datasources.repository';
import type { DataSourcesTable } from './schema';
import { createFoldersRepository } from './repositories/folders.repository';
import { createSecretsRepository } from './repositories/secrets.repository';
import { createUsersRepository } from './repositories/users.repository';
import { postgresBackend, sqliteBackend, type OpenedDatabase, type TestBackend } from '../test-support/test-databases';

/** The migrations ran in full on PostgreSQL (SQLite's run is checked by its own tests below). */
const postgres: TestBackend = {
  ...postgresBackend,
  async open() {
    const opened = await postgresBackend.open();
    expect(opened.migrations?.every((r) => r.status === 'Success')).toBe(true);
    expect(opened.migrations?.map((r) => r.migrationName)).toEqual(Object.keys(await migrationProvider.getMigrations()));
    return opened;
  },
};
const sqlite = sqliteBackend;

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the statement should have failed'),
    (error: unknown) => error,
  );
}

// Every test of a skipped backend is reported as skipped, one by one, never hidden in one placeholder.
for (const backend of [sqlite, postgres]) {
  describe.skipIf(Boolean(backend.skip))(`database on ${backend.name}`, () => {
    let opened: OpenedDatabase | undefined;
    let db: Db;
    beforeAll(async () => {
      opened = await backend.open();
      db = opened.db;
    });
    afterAll(async () => {
      await opened?.close();
    });

    const now = () => new Date().toISOString();
    const dataSource = (folderId: string, name: string, overrides: Partial<Insertable<DataSourcesTable>> = {}): Insertable<DataSourcesTable> & { id: string } => ({
      id: randomBytes(8).toString('hex'),
      folder_id: folderId,
      name,
      title: name.toUpperCase(),
      description: '',
      service_type: 'restful',
      swagger_source: 'file',
      swagger_url: '',
      swagger_file_name: 'api.yaml',
      swagger_document: 'swagger: "2.0"',
      swagger_format: 'swagger-2.0',
      api_title: 'API',
      api_version: '1',
      operation_count: 3,
      scheme: 'https',
      host: 'api.example.com',
      base_path: '/v1',
      auth_type: 'oauth2',
      auth_config: JSON.stringify({ clientId: 'abc' }),
      last_test_ok: null,
      last_tested_at: null,
      last_test_message: null,
      created_at: now(),
      updated_at: now(),
      ...overrides,
    });

    it('is migrated once: running the migrations again changes nothing', async () => {
      if (backend === sqlite) await migrateToLatest(db);
      const folders = await db.selectFrom('folders').selectAll().execute();
      expect(folders.filter((f) => f.name === GLOBAL_FOLDER_NAME)).toHaveLength(1);
    });

    it('stores and finds users, and reports a duplicate email as a unique violation', async () => {
      const users = createUsersRepository(db);
      expect(await users.count()).toBe(0);
      const created = await users.insert('admin@example.test', 'scrypt$17$8$1$salt$hash');
      expect(await users.count()).toBe(1);
      expect(await users.findByEmail('admin@example.test')).toEqual(created);
      expect(await users.findById(created.id)).toEqual(created);
      expect(await users.findByEmail('nobody@example.test')).toBeUndefined();

      const duplicate = await caught(users.insert('admin@example.test', 'other'));
      expect(isUniqueViolation(duplicate)).toBe(true);
      expect(await users.count()).toBe(1);
    });

    it('lists folders with the seeded "global" first, the rest by title, with data source counts', async () => {
      const folders = createFoldersRepository(db);
      const initial = await folders.list();
      expect(initial).toHaveLength(1);
      expect(initial[0]).toMatchObject({ name: GLOBAL_FOLDER_NAME, title: 'Global', data_source_count: 0 });

      // "Alpha" sorts before "Global" by title; "global" must still come first.
      const alpha = await folders.insert('alpha', 'Alpha');
      const zeta = await folders.insert('zeta', 'Zeta');
      const beta = await folders.insert('beta', 'Beta');
      const global = initial[0]!;

      const sources = createDataSourcesRepository(db);
      await sources.insert(dataSource(beta.id, 'one'));
      await sources.insert(dataSource(beta.id, 'two'));
      await sources.insert(dataSource(global.id, 'three'));

      const listed = await folders.list();
      expect(listed.map((f) => [f.name, f.data_source_count])).toEqual([
        ['global', 1],
        ['alpha', 0],
        ['beta', 2],
        ['zeta', 0],
      ]);
      expect(typeof listed[0]!.data_source_count).toBe('number');
      expect(await folders.findById(beta.id)).toMatchObject({ id: beta.id, name: 'beta', title: 'Beta', data_source_count: 2 });
      expect(await folders.findById(alpha.id)).toMatchObject({ data_source_count: 0 });
      expect(await folders.findById('no-such-folder')).toBeUndefined();
      expect(zeta.data_source_count).toBe(0);

      const duplicate = await caught(folders.insert('alpha', 'Another Alpha'));
      expect(isUniqueViolation(duplicate)).toBe(true);
    });

    it('stores data sources, keeps names unique per folder, and updates and removes them', async () => {
      const folders = createFoldersRepository(db);
      const sources = createDataSourcesRepository(db);
      const first = await folders.insert('unique-a', 'Unique A');
      const second = await folders.insert('unique-b', 'Unique B');

      const row = dataSource(first.id, 'salesforce', { title: 'Salesforce' });
      await sources.insert(row);
      // No health row yet: the join brings nulls, not a missing row. The stored Swagger text is
      // never read back: a data source is presented and changed without it.
      const { swagger_document: _stored, ...presented } = row;
      expect(await sources.findById(row.id)).toEqual({
        ...presented,
        // What a row written before the connections API gets: version 1, nobody named, no connection spec.
        version: 1,
        created_by: null,
        updated_by: null,
        connection_spec: null,
        spec_params: '{}',
        health_state: null,
        health_reason: null,
      });
      expect(await db.selectFrom('data_sources').select('swagger_document').where('id', '=', row.id).executeTakeFirst()).toEqual({ swagger_document: row.swagger_document });
      expect(await sources.nameTaken(first.id, 'salesforce')).toBe(true);
      expect(await sources.nameTaken(first.id, 'salesforce', row.id)).toBe(false);
      expect(await sources.nameTaken(second.id, 'salesforce')).toBe(false);

      const duplicate = await caught(sources.insert(dataSource(first.id, 'salesforce')));
      expect(isUniqueViolation(duplicate)).toBe(true);
      // The same name in another folder is fine.
      await sources.insert(dataSource(second.id, 'salesforce'));

      // A folder that does not exist is a foreign-key error, not a unique violation.
      const orphan = await caught(sources.insert(dataSource('no-such-folder', 'orphan')));
      expect(isUniqueViolation(orphan)).toBe(false);

      await sources.insert(dataSource(first.id, 'another', { title: 'Another' }));
      const list = await sources.listByFolder(first.id);
      expect(list.map((s) => s.title)).toEqual(['Another', 'Salesforce']);
      expect(list[0]).not.toHaveProperty('swagger_document');

      expect(await sources.updateVersion(row.id, 1, { title: 'Renamed', updated_at: now() })).toBe(true);
      // The version moved on: a second save made from version 1 is refused, and changes nothing.
      expect(await sources.updateVersion(row.id, 1, { title: 'Lost update', updated_at: now() })).toBe(false);
      // A delete that names the version it read does not remove a newer one.
      expect(await sources.remove(row.id, db, 1)).toBe(false);
      await sources.recordTest(row.id, true, '2025-01-02T03:04:05.000Z', 'Connected');
      expect(await sources.findById(row.id)).toMatchObject({
        title: 'Renamed',
        version: 2,
        last_test_ok: 1,
        last_tested_at: '2025-01-02T03:04:05.000Z',
        last_test_message: 'Connected',
        operation_count: 3,
      });
      await sources.recordTest(row.id, false, '2025-01-02T03:05:00.000Z', 'invalid_client');
      expect(await sources.findById(row.id)).toMatchObject({ last_test_ok: 0, last_test_message: 'invalid_client' });

      expect(await sources.remove(row.id)).toBe(true);
      expect(await sources.remove(row.id)).toBe(false);
      expect(await sources.findById(row.id)).toBeUndefined();
    });

    it('keeps secrets per owner and name, raising the version on every write', async () => {
      const secrets = createSecretsRepository(db);
      const sealed = (n: number) => ({ keyId: '0123456789abcdef', nonce: `nonce-${n}`, ciphertext: `cipher-${n}` });

      await secrets.put('owner-1', 'client_secret', sealed(1));
      expect(await secrets.find('owner-1', 'client_secret')).toEqual({ ...sealed(1), version: 1, updatedAt: expect.any(String) });

      await db.transaction().execute((trx) => secrets.put('owner-1', 'client_secret', sealed(2), trx));
      const second = await secrets.find('owner-1', 'client_secret');
      expect(second).toEqual({ ...sealed(2), version: 2, updatedAt: expect.any(String) });
      expect(typeof second!.version).toBe('number');

      await secrets.put('owner-1', 'password', sealed(3));
      await secrets.put('owner-1', 'api_key', sealed(4));
      await secrets.put('owner-2', 'client_secret', sealed(5));
      expect((await secrets.listNames('owner-1')).sort()).toEqual(['api_key', 'client_secret', 'password']);

      await secrets.removeExcept('owner-1', ['client_secret', 'api_key']);
      expect((await secrets.listNames('owner-1')).sort()).toEqual(['api_key', 'client_secret']);
      expect(await secrets.find('owner-1', 'password')).toBeUndefined();
      expect(await secrets.find('owner-1', 'client_secret')).toMatchObject({ version: 2 });

      await secrets.removeExcept('owner-1', []);
      expect(await secrets.listNames('owner-1')).toEqual([]);
      // Another owner's secrets are untouched.
      expect(await secrets.find('owner-2', 'client_secret')).toEqual({ ...sealed(5), version: 1, updatedAt: expect.any(String) });

      await secrets.removeAll('owner-2');
      expect(await secrets.listNames('owner-2')).toEqual([]);
    });

    it('rolls back a failed transaction as a whole', async () => {
      const secrets = createSecretsRepository(db);
      const failure = await caught(
        db.transaction().execute(async (trx) => {
          await secrets.put('owner-tx', 'client_secret', { keyId: 'k', nonce: 'n', ciphertext: 'c' }, trx);
          await createDataSourcesRepository(db).insert(dataSource('no-such-folder', 'x'), trx);
        }),
      );
      expect(failure).toBeInstanceOf(Error);
      expect(await secrets.find('owner-tx', 'client_secret')).toBeUndefined();
    });
  });
}

describe('SQLite file settings', () => {
  it('opens a file in WAL mode with synchronous FULL, so an acknowledged commit survives a crash or power loss', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-db-'));
    const db = openDatabase({ sqliteFile: path.join(dir, 'keyway.db') });
    try {
      const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      // 2 = FULL: the WAL is synced at every commit.
      expect(await pragma('synchronous')).toBe(2);
      expect(await pragma('foreign_keys')).toBe(1);
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('isUniqueViolation', () => {
  it.each([
    [{ code: 'SQLITE_CONSTRAINT_UNIQUE' }, true],
    [{ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }, true],
    [{ code: '23505' }, true],
    [{ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }, false],
    [{ code: '23503' }, false],
    [new Error('duplicate key'), false],
    [null, false],
    [undefined, false],
  ])('%j → %s', (error, expected) => {
    expect(isUniqueViolation(error)).toBe(expected);
  });
});
