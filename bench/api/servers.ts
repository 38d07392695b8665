/**
 * A server bench:api measures, in a process of its own as in production, so that autocannon (in
 * the parent) and the other server share neither its event loop nor its heap: `hello`, an Express
 * hello world, the reference; or `console`, the console on a fresh store with one folder of data
 * sources and a signed-in administrator. Prints one JSON line with what the bench needs (address,
 * folder, session cookie), then serves until told to stop.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express, { type Express } from 'express';
import { createApp } from '../../server/src/app';
import { SecretBox } from '../../server/src/crypto/secret-box';
import { migrateToLatest, openDatabase } from '../../server/src/db/database';
import { createUsersRepository } from '../../server/src/db/repositories/users.repository';
import { createLogger } from '../../server/src/logger';
import { createOutboundPolicy } from '../../server/src/outbound/address-policy';
import { OutboundClient } from '../../server/src/outbound/outbound-client';
import { createAuthService } from '../../server/src/routes/auth/auth.service';
import { dataSourceRow } from '../../server/src/test-support/data-source-row';

const DATA_SOURCES = Number(process.env.BENCH_DATA_SOURCES ?? 20);
const STORE = process.env.BENCH_STORE === 'disk' ? 'disk' : 'memory';

async function listen(app: Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const role = process.argv[2];
let dataDir: string | undefined;

async function startHello() {
  const hello = express();
  hello.get('/', (_req, res) => {
    res.json({ hello: 'world' });
  });
  return { url: await listen(hello) };
}

async function startConsole() {
  dataDir = STORE === 'disk' ? fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-bench-api-')) : undefined;
  const db = openDatabase(dataDir ? { sqliteFile: path.join(dataDir, 'keyway.db') } : {});
  await migrateToLatest(db);
  const { app } = createApp({
    db,
    logger: createLogger('warn'),
    secretBox: new SecretBox(randomBytes(32)),
    sessionPassword: randomBytes(32).toString('hex'),
    receiptKey: randomBytes(32),
    // The sandbox the bench's Test Connection calls, on loopback, and nothing else.
    outbound: new OutboundClient(createOutboundPolicy(process.env.BENCH_ALLOW_HOST ? [process.env.BENCH_ALLOW_HOST] : []), 5_000),
    trustProxy: false,
    health: { defaultIntervalSeconds: 300, concurrency: 4, retentionDays: 7, aggregateRetentionDays: 90, degradedLatencyMs: 3000, tokenLifetimeSeconds: 900 },
  });
  const folderId = randomUUID();
  await db.insertInto('folders').values({ id: folderId, name: 'bench', title: 'Bench', created_at: new Date().toISOString() }).execute();
  for (let i = 0; i < DATA_SOURCES; i++) await db.insertInto('data_sources').values(dataSourceRow({ id: randomUUID(), folder_id: folderId })).execute();
  await createAuthService(createUsersRepository(db)).seedAdministrator('bench@example.test', 'bench password 12345');

  const url = await listen(app);
  const signIn = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, 'x-keyway-request': '1' },
    body: JSON.stringify({ email: 'bench@example.test', password: 'bench password 12345' }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (!signIn.ok || !cookie) throw new Error(`sign-in failed: ${signIn.status}`);
  return { url, folderId, cookie, store: STORE, dataSources: DATA_SOURCES };
}

if (role !== 'hello' && role !== 'console') throw new Error(`servers.ts hello|console, not ${role}`);
const ready = role === 'hello' ? await startHello() : await startConsole();

// process.exit, not a kill, so that --cpu-prof gets to write its profile.
const stop = () => {
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
console.log(JSON.stringify(ready));
