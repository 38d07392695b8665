import { randomBytes } from 'node:crypto';
import { Migrator, PostgresDialect, type MigrationResult } from 'kysely';
import pg from 'pg';
import { databaseOn, migrateToLatest, openDatabase, type Db } from '../db/database';
import { migrationProvider } from '../db/migrations';

/** Set KEYWAY_SKIP_POSTGRES=1 where no PostgreSQL runs; otherwise an unreachable server fails the suite. */
export const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const SKIP_POSTGRES = process.env.KEYWAY_SKIP_POSTGRES === '1';

export interface OpenedDatabase {
  db: Db;
  /** What the migrations did, for the tests of the migrations themselves. */
  migrations?: MigrationResult[];
  /** The migrations not run yet (after `upTo`), as an upgrade would run them. */
  migrateToLatest(): Promise<MigrationResult[]>;
  close(): Promise<void>;
}

export interface TestBackend {
  name: string;
  skip?: string;
  /** Migrated to the latest migration, or only up to and including `upTo`: a database as an older console left it. */
  open(options?: { upTo?: string }): Promise<OpenedDatabase>;
}

async function migrate(migrator: Migrator, upTo?: string): Promise<MigrationResult[]> {
  const { error, results } = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
  if (error) throw error;
  return results ?? [];
}

export const sqliteBackend: TestBackend = {
  name: 'SQLite (in memory)',
  async open({ upTo } = {}) {
    const db = openDatabase({});
    if (!upTo) await migrateToLatest(db);
    else await migrate(new Migrator({ db, provider: migrationProvider }), upTo);
    return { db, migrateToLatest: () => migrate(new Migrator({ db, provider: migrationProvider })), close: () => db.destroy() };
  },
};

/** The PostgreSQL on 127.0.0.1:5432, in a schema of the test's own, dropped on close. */
export const postgresBackend: TestBackend = {
  name: 'PostgreSQL (a schema of its own)',
  skip: SKIP_POSTGRES ? 'KEYWAY_SKIP_POSTGRES=1' : undefined,
  async open({ upTo } = {}) {
    const schema = `keyway_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5_000 });
    try {
      await admin.connect();
    } catch (error) {
      await admin.end().catch(() => {});
      throw new Error(
        `PostgreSQL is not reachable at ${POSTGRES_URL} (${error instanceof Error ? error.message : String(error)}). ` +
          'Start it, or set KEYWAY_SKIP_POSTGRES=1 to skip the PostgreSQL tests.',
      );
    }
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}`, max: 4, connectionTimeoutMillis: 5_000 });
    const db = databaseOn(new PostgresDialect({ pool }));
    // The production migrations, with Kysely's bookkeeping tables pinned to this schema: without
    // migrationTableSchema the Migrator looks for kysely_migration in every schema of the
    // database and breaks as soon as another schema (another test run) has one.
    const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema });
    const results = await migrate(migrator, upTo);
    return {
      db,
      migrations: results,
      migrateToLatest: () => migrate(migrator),
      async close() {
        try {
          await db.destroy();
        } finally {
          await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await admin.end();
        }
      },
    };
  },
};
