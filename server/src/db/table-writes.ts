import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';

/**
 * Which tables this process has changed: a counter per table, raised when a write to it is
 * committed (at once outside a transaction, at COMMIT inside one). A read kept in memory is still
 * good while the counters of the tables it read have not moved (see cachedReads), so a person who
 * saves something sees it on the next request. Writes made by another process (the `keyway`
 * command, another console on the same PostgreSQL) are not seen here: that is what a kept read's
 * age limit is for.
 */
export class TableWrites {
  private readonly counts = new Map<string, number>();
  /** Raised by a statement that may write but names no table this can read off it (DDL, raw SQL). */
  private unknown = 0;

  /** A number that changes whenever any of these tables is written. */
  stamp(tables: readonly string[]): number {
    let sum = this.unknown;
    for (const table of tables) sum += this.counts.get(table) ?? 0;
    return sum;
  }

  committed(tables: Iterable<string | typeof ANY_TABLE>): void {
    for (const table of tables) {
      if (table === ANY_TABLE) this.unknown += 1;
      else this.counts.set(table, (this.counts.get(table) ?? 0) + 1);
    }
  }
}

export const ANY_TABLE = Symbol('any table');

const WRITE = /^\s*(?:insert(?:\s+or\s+\w+)?\s+into|update|delete\s+from|replace\s+into)\s+"?([A-Za-z_]\w*)"?/i;
const READ = /^\s*(?:select|pragma\s+\w+\s*$|savepoint|release|begin|commit|rollback)\b/i;

/** The table a statement writes, nothing for a read, ANY_TABLE for what this cannot tell. Kysely's SQL is regular enough to read this off. */
export function tableWrittenBy(sqlText: string): string | typeof ANY_TABLE | undefined {
  const write = WRITE.exec(sqlText);
  if (write) return write[1]!;
  return READ.test(sqlText) ? undefined : ANY_TABLE;
}

/** One connection as Kysely sees it, noting what it writes. */
class WatchedConnection implements DatabaseConnection {
  /** Tables written in the open transaction; undefined outside one. */
  inTransaction?: Set<string | typeof ANY_TABLE>;

  constructor(
    readonly inner: DatabaseConnection,
    private readonly writes: TableWrites,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const table = tableWrittenBy(query.sql);
    if (table === undefined) return this.inner.executeQuery<R>(query);
    try {
      return await this.inner.executeQuery<R>(query);
    } finally {
      // A failed statement may still have written part of what it meant to (PostgreSQL outside a
      // transaction, SQLite with some constraint errors): counting it costs a kept read, no more.
      if (this.inTransaction) this.inTransaction.add(table);
      else this.writes.committed([table]);
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class WatchingDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly writes: TableWrites,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new WatchedConnection(await this.inner.acquireConnection(), this.writes);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const watched = connection as WatchedConnection;
    await this.inner.beginTransaction(watched.inner, settings);
    watched.inTransaction = new Set();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const watched = connection as WatchedConnection;
    try {
      await this.inner.commitTransaction(watched.inner);
    } finally {
      // Counted even when COMMIT itself fails: whether anything became visible is then unknown.
      this.writes.committed(watched.inTransaction ?? []);
      watched.inTransaction = undefined;
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const watched = connection as WatchedConnection;
    watched.inTransaction = undefined;
    await this.inner.rollbackTransaction(watched.inner);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((connection as WatchedConnection).inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** The dialect, with every statement it runs watched for writes. Savepoints are not passed on: nothing here uses them. */
export function watchingWrites(dialect: Dialect, writes: TableWrites): Dialect {
  return {
    createDriver: () => new WatchingDriver(dialect.createDriver(), writes),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

export interface CachedReadsOptions {
  /** The tables the reads come from. */
  tables: readonly string[];
  /** How long a read serves at most, for what other processes write. */
  reuseMs: number;
  /** How many reads are kept; the oldest goes first. */
  capacity: number;
  now?: () => number;
}

/**
 * Reads kept in memory while nothing this process committed could have changed them, and at most
 * `reuseMs`. A read that a write overtook (the counters moved while it ran) is returned but not
 * kept. Values are frozen, since every request that gets one shares it. A kept value is returned
 * as it is, not in a promise: on the path of every request, each promise and turn counts.
 */
export function cachedReads<Key, Value>(writes: TableWrites, options: CachedReadsOptions) {
  // A monotonic clock: a step back of the wall clock must not make a kept read younger.
  const { tables, reuseMs, capacity, now = () => performance.now() } = options;
  const kept = new Map<Key, { value: Value; stamp: number; readAt: number }>();
  return {
    get(key: Key, read: () => Promise<Value>): Value | Promise<Value> {
      const entry = kept.get(key);
      const stamp = writes.stamp(tables);
      if (entry && entry.stamp === stamp && now() - entry.readAt < reuseMs) return entry.value;
      const readAt = now();
      return read().then((read) => {
        const value = deepFreeze(read);
        if (writes.stamp(tables) === stamp) {
          kept.delete(key);
          if (kept.size >= capacity) kept.delete(kept.keys().next().value!);
          kept.set(key, { value, stamp, readAt });
        }
        return value;
      });
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value) && !ArrayBuffer.isView(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const watched = new WeakMap<object, TableWrites>();

/** The write counters of a database opened by openDatabase; none for one made otherwise, whose reads are then never kept. */
export function tableWritesOf(db: object): TableWrites | undefined {
  return watched.get(db);
}

export function registerTableWrites(db: object, writes: TableWrites): void {
  watched.set(db, writes);
}
