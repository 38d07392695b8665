import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Dialect } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations';
import type { Database } from './schema';
import { registerTableWrites, TableWrites, watchingWrites } from './table-writes';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** postgres://… for PostgreSQL; otherwise SQLite at sqliteFile. */
  url?: string;
  /**
   * PostgreSQL only: the schema of the console's tables (DATABASE_SCHEMA), made if missing. Unless
   * given, the first schema of the connection's search_path that exists, as PostgreSQL picks it.
   */
  schema?: string;
  sqliteFile?: string;
}

/**
 * What DATABASE_SCHEMA may be: a name that needs no quoting, so it goes into SQL and search_path as
 * it is, and none of PostgreSQL's own schemas (pg_ names are reserved to it).
 */
export const POSTGRES_SCHEMA_NAME = /^(?!pg_)(?!information_schema$)[a-z_][a-z0-9_]{0,62}$/;

/** The databases opened here on PostgreSQL, with the schema asked for, if one was. */
const postgres = new WeakMap<Db, { schema?: string }>();

/** The database, with its writes counted (table-writes.ts) so that reads kept in memory know when they are stale. */
export function openDatabase(options: DatabaseOptions): Db {
  if (!options.url) return databaseOn(sqliteDialect(options.sqliteFile));
  const { schema } = options;
  if (schema !== undefined && !POSTGRES_SCHEMA_NAME.test(schema)) {
    throw new Error(`"${schema}" is not a schema name Keyway uses: lower-case letters, digits and _, at most 63 characters, and not one of PostgreSQL's own.`);
  }
  // With a schema, every connection looks in it alone, so that tables of the same names in another
  // (another installation's) are never read or written.
  const pool = new pg.Pool({ connectionString: options.url, max: 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  const db = databaseOn(new PostgresDialect({ pool }));
  postgres.set(db, { schema });
  return db;
}

/** Kysely on this dialect, with its writes counted; the tests' PostgreSQL schemas are opened through it too. */
export function databaseOn(dialect: Dialect): Db {
  const writes = new TableWrites();
  const db = new Kysely<Database>({ dialect: watchingWrites(dialect, writes) });
  registerTableWrites(db, writes);
  return db;
}

function sqliteDialect(file = ':memory:'): Dialect {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL, not WAL's usual NORMAL: NORMAL survives a killed process (the WAL is in the OS's page
  // cache) but can lose the last commits on power loss or an OS crash, and a write the console has
  // acknowledged must stay written. The cost is one fsync per transaction; the console writes
  // little (a save, a check's result) and checks are spread over their interval.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new SqliteDialect({ database: withStatementCache(sqlite) });
}

/**
 * Kysely prepares every query afresh; with health checks running all day the same few dozen
 * statements are prepared thousands of times. better-sqlite3 statements are reusable (calls are
 * synchronous), so prepared ones are kept, a bounded number, keyed by their SQL.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
    } else {
      statement = sqlite.prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Brings the database to the latest migration. On PostgreSQL Kysely's bookkeeping is pinned to
 * the console's schema: left to itself, the Migrator looks for its table in every
 * schema of the database, and breaks once another installation has one. Several consoles starting
 * at once migrate it once: each waits for an advisory lock, and those after the first find nothing
 * left to do.
 */
export async function migrateToLatest(db: Db): Promise<void> {
  const opened = postgres.get(db);
  if (!opened) return runMigrations(db, undefined);
  // One console at a time per database, from before the schema is made: CREATE SCHEMA IF NOT
  // EXISTS run by two at once fails in one of them (a duplicate key in pg_namespace). The lock is a
  // session lock on a connection held for the purpose, released however the migration ends.
  await db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext('keyway migrations'))`.execute(connection);
    try {
      await runMigrations(db, await tablesSchema(db, opened.schema));
    } finally {
      await sql`select pg_advisory_unlock(hashtext('keyway migrations'))`.execute(connection);
    }
  });
}

async function runMigrations(db: Db, schema: string | undefined): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}

/** The PostgreSQL schema the tables go in: the one asked for, made if missing, or else search_path's. */
async function tablesSchema(db: Db, asked: string | undefined): Promise<string> {
  if (asked) {
    // Looked for first: CREATE SCHEMA IF NOT EXISTS needs the right to create schemas even when
    // the schema exists, which a console given a schema made for it need not have.
    const { rows: found } = await sql`select 1 from pg_namespace where nspname = ${asked}`.execute(db);
    if (found.length === 0) await sql`create schema if not exists ${sql.id(asked)}`.execute(db);
    return asked;
  }
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const current = rows[0]?.schema;
  if (!current) throw new Error('No schema of the database search_path exists, so there is nowhere to make the tables. Set DATABASE_SCHEMA.');
  return current;
}

/** Unique-constraint violations look different in each driver; callers only need to know it was one. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === '23505';
}
