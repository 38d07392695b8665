import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from './database';
import { migrationProvider } from './migrations';
import { POSTGRES_URL, SKIP_POSTGRES } from '../test-support/test-databases';

/** Each test in a database of its own on the machine's PostgreSQL, dropped afterwards. */
describe.skipIf(SKIP_POSTGRES)('PostgreSQL schemas and migrations (DATABASE_SCHEMA)', () => {
  const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5_000 });
  const made: string[] = [];
  const opened: Db[] = [];
  beforeAll(() => admin.connect());
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.destroy()));
    for (const name of made) {
      // Dropped once the pools' own connections have gone: a connection FORCE ends while it is
      // still closing reports the termination as an error nobody listens for any more.
      for (let wait = 0; wait < 50; wait++) {
        const { rows } = await admin.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (rows[0]!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    await admin.end();
  });

  async function freshDatabase(): Promise<string> {
    const name = `keyway_schemas_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name}`);
    made.push(name);
    return POSTGRES_URL.replace(/\/test$/, `/${name}`);
  }
  const open = (url: string, schema?: string) => {
    const db = openDatabase({ url, schema });
    opened.push(db);
    return db;
  };
  const migrationsIn = async (db: Db, schema: string) =>
    (await sql<{ name: string }>`select name from ${sql.id(schema, 'kysely_migration')} order by name`.execute(db)).rows.map((row) => row.name);
  const allMigrations = async () => Object.keys(await migrationProvider.getMigrations()).sort();

  it('two installations share one database in two schemas, each with its own tables and migrations', async () => {
    const url = await freshDatabase();
    const [a, b] = [open(url, 'keyway_a'), open(url, 'keyway_b')];
    await migrateToLatest(a);
    await migrateToLatest(b);
    const now = new Date().toISOString();
    await a.insertInto('folders').values({ id: 'only-in-a', name: 'only-in-a', title: 'A', created_at: now }).execute();

    expect((await b.selectFrom('folders').select('id').where('id', '=', 'only-in-a').execute()).length).toBe(0);
    expect((await a.selectFrom('folders').select('id').where('id', '=', 'only-in-a').execute()).length).toBe(1);
    expect(await migrationsIn(a, 'keyway_a')).toEqual(await allMigrations());
    expect(await migrationsIn(b, 'keyway_b')).toEqual(await allMigrations());
    // Nothing went into public.
    const inPublic = await sql<{ n: number }>`select count(*)::int as n from pg_tables where schemaname = 'public'`.execute(a);
    expect(inPublic.rows[0]!.n).toBe(0);
    // A second start finds nothing to do.
    await migrateToLatest(b);
    expect(await migrationsIn(b, 'keyway_b')).toEqual(await allMigrations());
  });

  it('without DATABASE_SCHEMA the tables go where PostgreSQL puts them (public), though another schema of the database has an installation', async () => {
    const url = await freshDatabase();
    await migrateToLatest(open(url, 'another_installation'));
    const db = open(url);
    await migrateToLatest(db);
    expect(await migrationsIn(db, 'public')).toEqual(await allMigrations());
    expect((await sql<{ n: number }>`select count(*)::int as n from pg_tables where schemaname = 'public' and tablename = 'data_sources'`.execute(db)).rows[0]!.n).toBe(1);
  });

  it('three consoles starting at once on an empty database migrate it once, and all of them go on', async () => {
    const url = await freshDatabase();
    const consoles = [open(url, 'keyway'), open(url, 'keyway'), open(url, 'keyway')];
    const outcomes = await Promise.allSettled(consoles.map((db) => migrateToLatest(db)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(await migrationsIn(consoles[0]!, 'keyway')).toEqual(await allMigrations());
    for (const db of consoles) expect(await db.selectFrom('folders').select('id').execute()).toEqual(expect.any(Array));
  });

  it("refuses a schema name that would need quoting, or one of PostgreSQL's own, before any connection is made", () => {
    for (const name of ['Keyway', 'key-way', 'a;drop table x', '1abc', 'x'.repeat(64), '', 'pg_catalog', 'information_schema']) {
      expect(() => openDatabase({ url: POSTGRES_URL, schema: name }), name).toThrow(/is not a schema name Keyway uses/);
    }
  });
});
