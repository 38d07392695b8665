import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from './database';
import { ANY_TABLE, cachedReads, tableWritesOf, tableWrittenBy, TableWrites } from './table-writes';
import { postgresBackend, sqliteBackend, type OpenedDatabase } from '../test-support/test-databases';

describe('tableWrittenBy', () => {
  it("reads the table off Kysely's writes in both dialects, and nothing off its reads", () => {
    expect(tableWrittenBy('insert into "users" ("id") values (?)')).toBe('users');
    expect(tableWrittenBy('insert or replace into "secrets" ("id") values (?)')).toBe('secrets');
    expect(tableWrittenBy('update "data_sources" as "d" set "title" = $1 where "id" = $2')).toBe('data_sources');
    expect(tableWrittenBy('delete from "data_source_health" where "data_source_id" = ?')).toBe('data_source_health');
    expect(tableWrittenBy('select * from "users" where "id" = ?')).toBeUndefined();
    expect(tableWrittenBy('pragma journal_mode')).toBeUndefined();
    expect(tableWrittenBy('commit')).toBeUndefined();
  });

  it('counts what it cannot read as a write to every table: CTEs, DDL, locks, anything else', () => {
    expect(tableWrittenBy('with "x" as (select 1) delete from "users"')).toBe(ANY_TABLE);
    expect(tableWrittenBy('create table "t" ("id" text)')).toBe(ANY_TABLE);
    expect(tableWrittenBy('lock table secrets in share row exclusive mode')).toBe(ANY_TABLE);
    expect(tableWrittenBy('pragma foreign_keys = ON')).toBe(ANY_TABLE);
  });
});

describe('cachedReads', () => {
  it('keeps a read while its tables are unwritten and younger than reuseMs', async () => {
    const writes = new TableWrites();
    let clock = 0;
    let reads = 0;
    const cache = cachedReads<string, { n: number }>(writes, { tables: ['users'], reuseMs: 1000, capacity: 10, now: () => clock });
    const read = async () => ({ n: ++reads });

    expect(await cache.get('a', read)).toEqual({ n: 1 });
    expect(await cache.get('a', read)).toEqual({ n: 1 });
    writes.committed(['folders']);
    expect(await cache.get('a', read)).toEqual({ n: 1 });
    writes.committed(['users']);
    expect(await cache.get('a', read)).toEqual({ n: 2 });
    clock = 999;
    expect(await cache.get('a', read)).toEqual({ n: 2 });
    clock = 1000;
    expect(await cache.get('a', read)).toEqual({ n: 3 });
    writes.committed([ANY_TABLE]);
    expect(await cache.get('a', read)).toEqual({ n: 4 });
  });

  it('hands out frozen values: one request cannot change what the next one gets', async () => {
    const cache = cachedReads<string, { list: Array<{ title: string }> }>(new TableWrites(), { tables: ['t'], reuseMs: 1000, capacity: 10 });
    const value = await cache.get('a', async () => ({ list: [{ title: 'x' }] }));
    expect(() => {
      value.list[0]!.title = 'changed';
    }).toThrow(TypeError);
  });

  it('does not keep a read that a write overtook, and keeps at most `capacity` reads', async () => {
    const writes = new TableWrites();
    let reads = 0;
    const cache = cachedReads<string, number>(writes, { tables: ['users'], reuseMs: 60_000, capacity: 2 });
    const overtaken = async () => {
      reads += 1;
      writes.committed(['users']);
      return reads;
    };
    expect(await cache.get('a', overtaken)).toBe(1);
    expect(await cache.get('a', async () => ++reads)).toBe(2);
    expect(await cache.get('a', async () => ++reads)).toBe(2);

    await cache.get('b', async () => ++reads);
    await cache.get('c', async () => ++reads);
    // 'a' was the oldest of three: it is read again.
    expect(await cache.get('a', async () => ++reads)).toBe(5);
  });
});

for (const backend of [sqliteBackend, postgresBackend]) {
  describe.skipIf(Boolean(backend.skip))(`writes counted on ${backend.name}`, () => {
    let opened: OpenedDatabase;
    let db: Db;
    beforeAll(async () => {
      opened = await backend.open();
      db = opened.db;
    });
    afterAll(async () => {
      await opened.close();
    });

    const stamp = (table: string) => tableWritesOf(db)!.stamp([table]);
    const insertUser = (trx: Db, id: string) =>
      trx.insertInto('users').values({ id, email: `${id}@example.test`, password_hash: 'x', role: 'viewer', created_at: new Date().toISOString() }).execute();

    it('counts a write outside a transaction when it has run, and only against its own table', async () => {
      const users = stamp('users');
      const folders = stamp('folders');
      await insertUser(db, 'plain');
      expect(stamp('users')).toBe(users + 1);
      expect(stamp('folders')).toBe(folders);
      await db.selectFrom('users').selectAll().execute();
      expect(stamp('users')).toBe(users + 1);
    });

    it('counts writes in a transaction at COMMIT, not before, and not at all when it rolls back', async () => {
      const before = stamp('users');
      await db.transaction().execute(async (trx) => {
        await insertUser(trx, 'in-transaction');
        expect(stamp('users')).toBe(before);
      });
      expect(stamp('users')).toBe(before + 1);

      await expect(
        db.transaction().execute(async (trx) => {
          await insertUser(trx, 'rolled-back');
          throw new Error('give up');
        }),
      ).rejects.toThrow('give up');
      expect(stamp('users')).toBe(before + 1);
    });

    it('counts raw SQL that may write as a write to every table', async () => {
      const before = stamp('folders');
      await sql`with x as (select 1) update users set role = role where 1 = 0`.execute(db);
      expect(stamp('folders')).toBe(before + 1);
    });

    if (backend === postgresBackend) {
      it('a read made on another connection while a transaction is open is not served after its COMMIT', async () => {
        const cache = cachedReads<string, string | undefined>(tableWritesOf(db)!, { tables: ['users'], reuseMs: 60_000, capacity: 10 });
        await insertUser(db, 'racer');
        const role = () => cache.get('racer', async () => (await db.selectFrom('users').select('role').where('id', '=', 'racer').executeTakeFirst())?.role);
        expect(await role()).toBe('viewer');
        await db.transaction().execute(async (trx) => {
          await trx.updateTable('users').set({ role: 'admin' }).where('id', '=', 'racer').execute();
          // Another pool connection: it cannot see the uncommitted change, and what it reads is kept for now.
          expect(await role()).toBe('viewer');
        });
        expect(await role()).toBe('admin');
      });
    }
  });
}

describe('writes made by another process', () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('are not counted here: a kept read serves them only until reuseMs', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-table-writes-'));
    const file = path.join(dir, 'keyway.db');
    const here = openDatabase({ sqliteFile: file });
    const elsewhere = openDatabase({ sqliteFile: file });
    try {
      await migrateToLatest(here);
      await here.insertInto('users').values({ id: 'u', email: 'u@example.test', password_hash: 'x', role: 'viewer', created_at: new Date().toISOString() }).execute();
      let clock = 0;
      const cache = cachedReads<string, string | undefined>(tableWritesOf(here)!, { tables: ['users'], reuseMs: 1000, capacity: 10, now: () => clock });
      const role = () => cache.get('u', async () => (await here.selectFrom('users').select('role').where('id', '=', 'u').executeTakeFirst())?.role);
      expect(await role()).toBe('viewer');
      await elsewhere.updateTable('users').set({ role: 'admin' }).where('id', '=', 'u').execute();
      expect(await role()).toBe('viewer');
      clock = 1000;
      expect(await role()).toBe('admin');
    } finally {
      await elsewhere.destroy();
      await here.destroy();
    }
  });
});
