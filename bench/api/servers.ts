/**
 * A server bench:api measures, in a process of its own as in production, so that autocannon (in
 * the parent) and the other server share neither its event loop nor its heap: `hello`, an Express
 * hello world, the reference; `hello-console-server`, the same on the console's HTTP server
 * (createHttpServer); or `console`, the console on a fresh store with one folder of data sources
 * and a signed-in administrator. Prints one JSON line with what the bench needs (address,
 * folder, session cookie), then serves until told to stop.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { migrateToLatest, openDatabase } from '../../server/src/db/database';
import { createHttpServer } from '../../server/src/http/http-server';
import { dataSourceRow } from '../../server/src/test-support/data-source-row';
import { benchConsole, onLoopback, signIn } from '../support/bench-console';

const DATA_SOURCES = Number(process.env.BENCH_DATA_SOURCES ?? 20);
const STORE = process.env.BENCH_STORE === 'disk' ? 'disk' : 'memory';

const role = process.argv[2];
let dataDir: string | undefined;

/** The reference: Express's hello world, on Node's server as `app.listen` makes it, or (`console-server`) on the console's. */
async function startHello(server: 'express' | 'console-server') {
  const hello = express();
  hello.get('/', (_req, res) => {
    res.json({ hello: 'world' });
  });
  // http.createServer(app) is what app.listen makes.
  const { base } = await onLoopback(hello, server === 'express' ? http.createServer(hello) : createHttpServer(hello));
  return { url: base };
}

async function startConsole() {
  dataDir = STORE === 'disk' ? fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-bench-api-')) : undefined;
  const db = openDatabase(dataDir ? { sqliteFile: path.join(dataDir, 'keyway.db') } : {});
  await migrateToLatest(db);
  const { app } = await benchConsole(db, {
    // The sandbox the bench's Test Connection calls, on loopback, and nothing else.
    allowHosts: process.env.BENCH_ALLOW_HOST ? [process.env.BENCH_ALLOW_HOST] : [],
    outboundTimeoutMs: 5_000,
    health: { defaultIntervalSeconds: 300, concurrency: 4, retentionDays: 7, aggregateRetentionDays: 90, degradedLatencyMs: 3000, tokenLifetimeSeconds: 900 },
  });
  const folderId = randomUUID();
  await db.insertInto('folders').values({ id: folderId, name: 'bench', title: 'Bench', created_at: new Date().toISOString() }).execute();
  for (let i = 0; i < DATA_SOURCES; i++) await db.insertInto('data_sources').values(dataSourceRow({ id: randomUUID(), folder_id: folderId })).execute();
  const { base: url } = await onLoopback(app);
  const { cookie } = await signIn(url);
  return { url, folderId, cookie, store: STORE, dataSources: DATA_SOURCES };
}

if (role !== 'hello' && role !== 'hello-console-server' && role !== 'console') throw new Error(`servers.ts hello|hello-console-server|console, not ${role}`);
const ready = role === 'console' ? await startConsole() : await startHello(role === 'hello' ? 'express' : 'console-server');

// process.exit, not a kill, so that --cpu-prof gets to write its profile.
const stop = () => {
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
console.log(JSON.stringify(ready));
