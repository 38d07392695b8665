import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEnv } from './config/env';
import { openDatabase } from './db/database';
import { createLogger } from './logger';
import { startServer, type RunningServer } from './server';
import { consoleClient } from './test-support/console-client';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from './test-support/loopback-server';

const ADMIN = { email: 'shutdown-admin@example.test', password: 'correct horse battery staple' };

/**
 * A provider on loopback that parks every request until the test lets it go (`release`), or
 * answers at once when `holding` is off: a token endpoint and an API, as slow as a test wants.
 */
async function heldProvider() {
  let holding = true;
  const parked: Array<{ req: RecordedRequest; res: http.ServerResponse }> = [];
  const answer = (req: RecordedRequest, res: http.ServerResponse) => {
    if (req.url === '/token') res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"tok","token_type":"Bearer"}');
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  };
  const server = await startLoopbackServer((req, res) => (holding ? parked.push({ req, res }) : answer(req, res)));
  return {
    server,
    parked,
    hold(on: boolean) {
      holding = on;
    },
    release() {
      holding = false;
      for (const { req, res } of parked.splice(0)) answer(req, res);
    },
  };
}

function connectionTo(provider: LoopbackServer) {
  return {
    scheme: 'http',
    host: provider.hostPort,
    basePath: '/api',
    auth: { type: 'oauth2', grantType: 'client_credentials', clientId: 'c', clientSecret: 's3cret-value', tokenUrl: `${provider.url}/token`, scope: '', clientAuthMethod: 'client_secret_post' },
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function connect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

describe('graceful shutdown', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(provider: LoopbackServer, shutdownGraceMs: number) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-shutdown-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env = parseEnv({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WEB_DIST: path.join(dataDir, 'no-web-app'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      OUTBOUND_ALLOW_HOSTS: provider.hostPort,
      OUTBOUND_TIMEOUT_MS: '60000',
      // Every check asks the token endpoint.
      TOKEN_DEFAULT_LIFETIME_SECONDS: '0',
      LOG_LEVEL: 'silent',
    });
    const running: RunningServer = await startServer(env, createLogger('silent'), { shutdownGraceMs });
    cleanups.push(() => running.close());
    const { port } = running.server.address() as AddressInfo;
    const client = consoleClient(`http://127.0.0.1:${port}`);
    await client.signIn(ADMIN.email, ADMIN.password);
    return { running, port, client, dbFile: path.join(dataDir, 'keyway.db') };
  }

  it("fault: shutdown with a Test Connection and a health check in flight: both finish, the response arrives, the check's result is stored, new connections are refused", async () => {
    const provider = await heldProvider();
    cleanups.push(() => provider.server.close());
    const { running, port, client, dbFile } = await start(provider.server, 20_000);

    // A data source to check: Test Connection, then Create with its receipt.
    provider.hold(false);
    const folderId = (await client.get('/api/folders')).body.folders[0].id;
    const tested = await client.post('/api/datasources/test', connectionTo(provider.server));
    expect(tested.body.result.ok).toBe(true);
    const created = await client.post('/api/datasources', {
      title: 'Held',
      name: 'held',
      description: '',
      serviceType: 'restful',
      swagger: { source: 'file', url: '', fileName: 'a.json', document: '{"swagger":"2.0","info":{"title":"A","version":"1"},"paths":{}}' },
      ...connectionTo(provider.server),
      folderId,
      testReceipt: tested.body.result.receipt,
    });
    expect(created.status).toBe(201);
    const id: string = created.body.dataSource.id;
    // The checks that follow a save, out of the way.
    await running.monitor.checkNow(id);
    await until(() => running.monitor.stats().scheduler.running === 0, 'the checks after the save to finish');
    const storedChecks = async () => {
      const db = openDatabase({ sqliteFile: dbFile });
      try {
        return await db.selectFrom('health_checks').select(['id', 'outcome']).where('data_source_id', '=', id).execute();
      } finally {
        await db.destroy();
      }
    };
    const checksBefore = await storedChecks();

    provider.hold(true);
    const before = provider.parked.length;
    let closed = false;
    // Each notes whether close() had finished before it did: no waiting on a clock to see that close() waits.
    const testInFlight = client.post('/api/datasources/test', connectionTo(provider.server)).then((response) => ({ response, afterClose: closed }));
    const checkInFlight = running.monitor.checkNow(id).then((outcome) => ({ outcome, afterClose: closed }));
    await until(() => provider.parked.length === before + 2, 'the test and the check to reach the provider');

    const closing = running.close().then(() => {
      closed = true;
    });
    await expect(connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(closed).toBe(false);

    provider.release();
    const answered = await testInFlight;
    expect(answered.response.status).toBe(200);
    expect(answered.response.body.result.ok).toBe(true);
    const checked = await checkInFlight;
    expect(checked.outcome).toMatchObject({ ok: true });
    await closing;
    expect({ response: answered.afterClose, check: checked.afterClose }).toEqual({ response: false, check: false });

    const known = new Set(checksBefore.map((c) => c.id));
    const added = (await storedChecks()).filter((c) => !known.has(c.id));
    expect(added.map((c) => c.outcome)).toEqual(['enabled']);
  });

  it('fault: shutdown with a request that outlasts the grace period: it is cut off, and close() still finishes', async () => {
    const provider = await heldProvider();
    cleanups.push(() => provider.server.close());
    const { running, client } = await start(provider.server, 300);

    // The provider never answers, and the outbound timeout (60 s) is far beyond the test's patience.
    const testInFlight = client.post('/api/datasources/test', connectionTo(provider.server)).then(
      (response) => ({ status: response.status }),
      (error: unknown) => ({ error }),
    );
    await until(() => provider.parked.length === 1, 'the test to reach the provider');
    await running.close();
    const outcome = await testInFlight;
    expect(outcome).toHaveProperty('error');
    // A second call is the same shutdown, already done.
    await running.close();
  });
});
