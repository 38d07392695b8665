/**
 * pnpm bench:api — what an authenticated request costs, side by side with an Express hello world
 * started in the same process, on loopback only. autocannon drives each for the same time with the
 * same connections; the figures are requests per second and their ratio to the hello world (issue
 * 12's goal: authenticated GET /api/datasources at least 0.7x), with latency percentiles and the
 * machine. The console runs on the embedded SQLite in memory by default (BENCH_STORE=disk for a
 * file in a temporary folder), with no web build, no health checks running, and one folder of
 * BENCH_DATA_SOURCES data sources.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import express, { type Express } from 'express';
import { createApp } from '../server/src/app';
import { SecretBox } from '../server/src/crypto/secret-box';
import { migrateToLatest, openDatabase } from '../server/src/db/database';
import { createUsersRepository } from '../server/src/db/repositories/users.repository';
import { createLogger } from '../server/src/logger';
import { createOutboundPolicy } from '../server/src/outbound/address-policy';
import { OutboundClient } from '../server/src/outbound/outbound-client';
import { createAuthService } from '../server/src/routes/auth/auth.service';
import { dataSourceRow } from '../server/src/test-support/data-source-row';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const DATA_SOURCES = Number(process.env.BENCH_DATA_SOURCES ?? 20);
const STORE = process.env.BENCH_STORE === 'disk' ? 'disk' : 'memory';

async function listen(app: Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        // autocannon's keep-alive sockets would keep requests coming after the run ends.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function measure(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} answers were not 2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const dataDir = STORE === 'disk' ? fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-bench-api-')) : undefined;
const db = openDatabase(dataDir ? { sqliteFile: path.join(dataDir, 'keyway.db') } : {});
await migrateToLatest(db);
const { app: consoleApp } = createApp({
  db,
  logger: createLogger('warn'),
  secretBox: new SecretBox(randomBytes(32)),
  sessionPassword: randomBytes(32).toString('hex'),
  receiptKey: randomBytes(32),
  outbound: new OutboundClient(createOutboundPolicy([]), 5_000),
  trustProxy: false,
  health: { defaultIntervalSeconds: 300, concurrency: 4, retentionDays: 7, aggregateRetentionDays: 90, degradedLatencyMs: 3000, tokenLifetimeSeconds: 900 },
});
const folderId = randomUUID();
await db.insertInto('folders').values({ id: folderId, name: 'bench', title: 'Bench', created_at: new Date().toISOString() }).execute();
for (let i = 0; i < DATA_SOURCES; i++) await db.insertInto('data_sources').values(dataSourceRow({ id: randomUUID(), folder_id: folderId })).execute();
await createAuthService(createUsersRepository(db)).seedAdministrator('bench@example.test', 'bench password 12345');

const hello = express();
hello.get('/', (_req, res) => {
  res.json({ hello: 'world' });
});

const consoleServer = await listen(consoleApp);
const helloServer = await listen(hello);
const signIn = await fetch(`${consoleServer.url}/api/auth/sign-in`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: consoleServer.url, 'x-keyway-request': '1' },
  body: JSON.stringify({ email: 'bench@example.test', password: 'bench password 12345' }),
});
const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
if (!signIn.ok || !cookie) throw new Error(`sign-in failed: ${signIn.status}`);

console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
console.log(`autocannon: ${CONNECTIONS} connections, ${SECONDS} s each, one after another; SQLite ${STORE}, ${DATA_SOURCES} data sources in the folder\n`);
const cases: Array<{ name: string; url: string; headers?: Record<string, string> }> = [
  { name: 'Express hello world (the reference)', url: `${helloServer.url}/` },
  { name: 'GET /api/healthz (no session)', url: `${consoleServer.url}/api/healthz` },
  { name: 'GET /api/config (signed in)', url: `${consoleServer.url}/api/config`, headers: { cookie } },
  { name: 'GET /api/datasources (signed in)', url: `${consoleServer.url}/api/datasources?folderId=${folderId}`, headers: { cookie } },
];
let reference = 0;
console.log(`${'request'.padEnd(40)} ${'req/s'.padStart(8)} ${'x hello'.padStart(8)} ${'p50'.padStart(6)} ${'p99'.padStart(6)}`);
for (const { name, url, headers } of cases) {
  const { rps, p50, p99 } = await measure(url, headers);
  reference ||= rps;
  const goal = name.startsWith('GET /api/datasources') ? `  goal >= 0.70: ${rps / reference >= 0.7 ? 'meets' : 'MISSES'}` : '';
  console.log(`${name.padEnd(40)} ${rps.toFixed(0).padStart(8)} ${(rps / reference).toFixed(2).padStart(8)} ${`${p50}ms`.padStart(6)} ${`${p99}ms`.padStart(6)}${goal}`);
}
await consoleServer.close();
await helloServer.close();
await db.destroy();
if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
