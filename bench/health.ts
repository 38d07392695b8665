/**
 * pnpm bench:health — the health monitor at scale, on loopback only.
 *
 * Registers 1,000 data sources against the bundled Salesforce sandbox at a 60 s interval, lets
 * the scheduler run, and prints: achieved checks per second over the ideal N/interval, p99 drift
 * of check start times, event-loop delay p99, dashboard API p95, and token exchanges for 100
 * concurrent requests on a cold cache. Figures are ratios and percentiles, with the machine.
 *
 * BENCH_STORE picks the database: `memory` (SQLite in memory, the default here), `disk` (SQLite
 * in a fresh DATA_DIR, opened as the console opens it: WAL, synchronous=FULL), or `postgres` (a
 * fresh database on the PostgreSQL at 127.0.0.1:5432, made with createdb); those two are removed
 * afterwards, also after a failed run.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { TokenCache } from '../server/src/connectivity/token-cache';
import { exchangeClientCredentials } from '../server/src/connectivity/token-exchange';
import { makeDatabaseFilesPrivate, prepareDataDir } from '../server/src/config/data-dir';
import { migrateToLatest, openDatabase, type Db } from '../server/src/db/database';
import { seedSandboxDataSources } from './support/sandbox-data-sources';
import { startSandboxProcess } from './support/sandbox-process';
import { benchConsole, onLoopback, signIn } from './support/bench-console';

const N = Number(process.env.BENCH_DATA_SOURCES ?? 1000);
const INTERVAL_S = Number(process.env.BENCH_INTERVAL_SECONDS ?? 60);
/** The first interval is warm-up (jittered first runs, first token per data source); measure after it. */
const MEASURE_S = Number(process.env.BENCH_MEASURE_SECONDS ?? 120);
const STORES = ['memory', 'disk', 'postgres'] as const;
const STORE = (process.env.BENCH_STORE ?? 'memory') as (typeof STORES)[number];
if (!STORES.includes(STORE)) throw new Error(`BENCH_STORE must be one of ${STORES.join(', ')}`);

const pct = (values: number[], q: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const verdict = (ok: boolean) => (ok ? 'meets goal' : 'MISSES goal');
/** Stopping the sandbox, removing the run's database: run at the end, and also when the run fails. */
const cleanups: Array<() => void> = [];
const cleanUp = () => {
  for (const fn of cleanups.splice(0).reverse()) fn();
};

async function main() {
  const sandbox = await startSandboxProcess();
  cleanups.push(sandbox.close);
  const hostPort = `127.0.0.1:${sandbox.port}`;
  const store = openStore();
  cleanups.push(store.remove);
  const db = store.db;
  await migrateToLatest(db);
  store.afterMigration?.();
  const drifts: number[] = [];
  const starts: number[] = [];
  const { app, monitor, secretBox, outbound } = await benchConsole(db, {
    allowHosts: [hostPort],
    outboundTimeoutMs: 10_000,
    health: {
      defaultIntervalSeconds: INTERVAL_S,
      concurrency: 32,
      retentionDays: 7,
      aggregateRetentionDays: 90,
      degradedLatencyMs: 3000,
      tokenLifetimeSeconds: 3600,
      onCheckStart: (_id, dueAt, startedAt) => {
        starts.push(performance.now());
        drifts.push(startedAt - dueAt);
      },
    },
  });

  // 1,000 data sources in 10 folders, all pointing at the sandbox's demo connected app.
  const folderIds = Array.from({ length: 10 }, () => randomUUID());
  const now = new Date().toISOString();
  await db.insertInto('folders').values(folderIds.map((id, i) => ({ id, name: `bench-${i}`, title: `Bench ${i}`, created_at: now }))).execute();
  await seedSandboxDataSources(db, secretBox, sandbox, { count: N, intervalSeconds: INTERVAL_S, folderIds });

  const { server, base } = await onLoopback(app);
  const { cookie } = await signIn(base);

  const loop = monitorEventLoopDelay({ resolution: 10 });
  const t0 = performance.now();
  await monitor.start();
  process.stdout.write(`${store.label}: scheduling ${N} data sources every ${INTERVAL_S} s; warming up for ${INTERVAL_S} s, then measuring for ${MEASURE_S} s…\n`);
  await new Promise((r) => setTimeout(r, INTERVAL_S * 1000));
  const measureFrom = performance.now();
  const writesBefore = monitor.stats().writes;
  drifts.length = 0;
  loop.enable();

  // The dashboard, asked every 250 ms while checks run: first page, a folder filter, a search.
  const apiTimes: number[] = [];
  const queries = ['/api/health?page=1&pageSize=24', `/api/health?folderId=${folderIds[3]}&pageSize=24`, '/api/health?search=00&pageSize=24&page=2'];
  const measureUntil = measureFrom + MEASURE_S * 1000;
  for (let i = 0; performance.now() < measureUntil; i++) {
    const started = performance.now();
    const response = await fetch(`${base}${queries[i % queries.length]}`, { headers: { cookie } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`dashboard answered ${response.status}`);
    apiTimes.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 250));
  }
  loop.disable();
  const writesAfter = monitor.stats().writes;
  const results = writesAfter.items - writesBefore.items;
  const transactions = writesAfter.transactions - writesBefore.transactions;
  const measuredSeconds = (performance.now() - measureFrom) / 1000;
  const checksInWindow = starts.filter((s) => s >= measureFrom).length;
  const achieved = checksInWindow / measuredSeconds;
  const ideal = N / INTERVAL_S;

  // Single flight on a cold cache: 100 concurrent requests for one data source's token.
  const cold = new TokenCache({ defaultLifetimeSeconds: 900, skewSeconds: 60 });
  const before = await sandbox.tokenRequestCount();
  const request = {
    tokenUrl: `${sandbox.url}/services/oauth2/token`,
    clientId: sandbox.demoApp.consumerKey,
    clientSecret: sandbox.demoApp.consumerSecret,
    scope: '',
    clientAuthMethod: 'client_secret_post' as const,
  };
  const key = { tokenUrl: request.tokenUrl, clientId: request.clientId, scope: '', clientAuthMethod: request.clientAuthMethod, secretRef: 'bench' };
  await Promise.all(Array.from({ length: 100 }, () => cold.get('cold', key, () => exchangeClientCredentials(outbound, request))));
  const exchanges = (await sandbox.tokenRequestCount()) - before;

  const driftP99 = pct(drifts, 0.99) / 1000;
  const loopP99 = loop.percentile(99) / 1e6;
  const apiP95 = pct(apiTimes, 0.95);
  const cpu = os.cpus();
  console.log(`
Keyway health benchmark, ${new Date().toISOString()}
Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}
Setup: ${N} data sources, interval ${INTERVAL_S} s, concurrency 32, ${store.label}, sandbox on 127.0.0.1;
       measured ${measuredSeconds.toFixed(0)} s after ${INTERVAL_S} s of warm-up (${((performance.now() - t0) / 1000).toFixed(0)} s in all)

  achieved / ideal checks per second   ${(achieved / ideal).toFixed(3)}  (${achieved.toFixed(2)} / ${ideal.toFixed(2)}; goal ≥ 0.95)  ${verdict(achieved / ideal >= 0.95)}
  check start drift p99                ${driftP99.toFixed(3)} s  (${drifts.length} starts; goal ≤ 1 s)  ${verdict(driftP99 <= 1)}
  event-loop delay p99                 ${loopP99.toFixed(1)} ms  (goal ≤ 20 ms)  ${verdict(loopP99 <= 20)}
  dashboard API p95                    ${apiP95.toFixed(1)} ms  (${apiTimes.length} requests, 24 rows each; goal ≤ 50 ms)  ${verdict(apiP95 <= 50)}
  token exchanges, 100 concurrent, cold  ${exchanges}  (goal exactly 1)  ${verdict(exchanges === 1)}
  health results per transaction       ${(results / transactions).toFixed(2)}  (${results} results in ${transactions} transactions)
`);

  await monitor.stop();
  await new Promise((r) => server.close(r));
  server.closeAllConnections();
  await outbound.close();
  await db.destroy();
  cleanUp();
}

/** The database the run uses, opened as the console opens it, and how to remove it afterwards. */
function openStore(): { db: Db; label: string; remove: () => void; afterMigration?: () => void } {
  if (STORE === 'postgres') {
    const name = `keyway_bench_${randomBytes(4).toString('hex')}`;
    const server = ['-h', '127.0.0.1', '-p', '5432', '-U', 'postgres'];
    execFileSync('createdb', [...server, name]);
    const version = execFileSync('psql', [...server, '-d', name, '-Atc', 'show server_version']).toString().trim().split(' ')[0];
    return {
      db: openDatabase({ url: `postgres://postgres@127.0.0.1:5432/${name}` }),
      label: `PostgreSQL ${version} on 127.0.0.1`,
      // --force: a failed run may still hold connections to it.
      remove: () => execFileSync('dropdb', [...server, '--force', name]),
    };
  }
  if (STORE === 'disk') {
    // As startServer does it: a private DATA_DIR, keyway.db in it, the pragmas of openDatabase.
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-bench-')), 'data');
    prepareDataDir(dataDir);
    const sqliteFile = path.join(dataDir, 'keyway.db');
    // On tmpfs an fsync costs nothing and the figures would say nothing about a disk.
    const TMPFS_MAGIC = 0x01021994;
    const onTmpfs = fs.statfsSync(dataDir).type === TMPFS_MAGIC;
    return {
      db: openDatabase({ sqliteFile }),
      label: `SQLite on disk (${sqliteFile}${onTmpfs ? ', ON TMPFS: set TMPDIR to a folder on a disk' : ''}, WAL, synchronous=FULL)`,
      remove: () => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }),
      afterMigration: () => makeDatabaseFilesPrivate(sqliteFile),
    };
  }
  return { db: openDatabase({}), label: 'SQLite in memory', remove: () => undefined };
}

main().catch((error: unknown) => {
  console.error(error);
  try {
    cleanUp();
  } catch (cleanupError) {
    console.error(cleanupError);
  }
  process.exit(1);
});
