import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations';
import type { Database } from './schema';
import { registerTableWrites, TableWrites, watchingWrites } from './table-writes';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** postgres://… for PostgreSQL; otherwise SQLite at sqliteFile. */
  url?: string;
  sqliteFile?: string;
}

/** The database, with its writes counted (table-writes.ts) so that reads kept in memory know when they are stale. */
export function openDatabase(options: DatabaseOptions): Db {
  return databaseOn(dialectFor(options));
}

/** Kysely on this dialect, with its writes counted; the tests' PostgreSQL schemas are opened through it too. */
export function databaseOn(dialect: Dialect): Db {
  const writes = new TableWrites();
  const db = new Kysely<Database>({ dialect: watchingWrites(dialect, writes) });
  registerTableWrites(db, writes);
  return db;
}

function dialectFor(options: DatabaseOptions): Dialect {
  if (options.url) return new PostgresDialect({ pool: new pg.Pool({ connectionString: options.url, max: 10 }) });
  const file = options.sqliteFile ?? ':memory:';
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

export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}

/** Unique-constraint violations look different in each driver; callers only need to know it was one. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === '23505';
}
