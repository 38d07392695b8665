import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { consoleClient } from './test-support/console-client';
import { startConsoleProcess, type ConsoleProcess } from './test-support/console-process';
import { startLoopbackServer } from './test-support/loopback-server';

/**
 * The console as its own process (through tsx), killed and signalled as an operator or a crash
 * would. Loopback only, a bounded number of requests, and every wait has a limit.
 */
const ADMIN = { email: 'process-admin@example.test', password: 'correct horse battery staple' };

describe('the console process', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function dataDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-process-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  async function start(env: Record<string, string>): Promise<ConsoleProcess> {
    const running = await startConsoleProcess({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...env });
    cleanups.push(async () => {
      if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
      await running.exited;
    });
    return running;
  }

  it('fault: kill -9 during a burst of creates loses no acknowledged write', { timeout: 120_000 }, async () => {
    const dir = dataDir();
    const env = { DATA_DIR: dir, WEB_DIST: path.join(dir, 'no-web-app') };
    const first = await start(env);
    const client = consoleClient(first.url, 10_000);
    await client.signIn(ADMIN.email, ADMIN.password);

    // Up to 400 folders, 8 requests at a time; the process is killed once 60 have been acknowledged.
    const TOTAL = 400;
    const IN_FLIGHT = 8;
    const KILL_AFTER = 60;
    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < TOTAL) {
        const n = next++;
        const name = `burst-${String(n).padStart(4, '0')}`;
        let status: number;
        try {
          status = (await client.post('/api/folders', { name, title: `Burst ${n}` })).status;
        } catch (error) {
          // After the kill, requests in flight and new ones fail: that is the point.
          if (killed) return;
          throw error;
        }
        if (status !== 201) throw new Error(`folder ${name}: HTTP ${status}`);
        acknowledged.push(name);
        if (acknowledged.length >= KILL_AFTER && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    // The kill came in the middle of the burst, not after it.
    expect(acknowledged.length).toBeLessThan(TOTAL);

    // The same DATA_DIR again: it starts (migrations and all), and every acknowledged folder is there.
    const second = await start(env);
    const again = consoleClient(second.url, 10_000);
    await again.signIn(ADMIN.email, ADMIN.password);
    const listed = await again.get('/api/folders');
    expect(listed.status).toBe(200);
    const names = new Set<string>(listed.body.folders.map((folder: { name: string }) => folder.name));
    expect(acknowledged.filter((name) => !names.has(name))).toEqual([]);

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    const sqlite = new SQLite(path.join(dir, 'keyway.db'), { readonly: true });
    try {
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      sqlite.close();
    }
  });

  it('fault: a second SIGTERM while shutdown waits for a request in flight exits at once', { timeout: 60_000 }, async () => {
    // A token endpoint that never answers holds a Test Connection, and so the first shutdown, open.
    const provider = await startLoopbackServer(() => undefined);
    cleanups.push(() => provider.close());
    const running = await start({ DATA_DIR: dataDir(), OUTBOUND_ALLOW_HOSTS: provider.hostPort, OUTBOUND_TIMEOUT_MS: '60000' });
    const client = consoleClient(running.url, 60_000);
    await client.signIn(ADMIN.email, ADMIN.password);
    const inFlight = client
      .post('/api/datasources/test', {
        scheme: 'http',
        host: provider.hostPort,
        basePath: '/api',
        auth: { type: 'oauth2', grantType: 'client_credentials', clientId: 'c', clientSecret: 's3cret-value', tokenUrl: `${provider.url}/token`, scope: '', clientAuthMethod: 'client_secret_post' },
      })
      .catch((error: unknown) => error);
    await waitFor(() => provider.requests.length === 1, 'the token request');

    running.child.kill('SIGTERM');
    await waitFor(() => running.output().includes('shutting down'), 'the first signal to be taken');
    // Still waiting for the request, well within its 10 s grace period.
    expect(running.child.exitCode).toBeNull();
    running.child.kill('SIGTERM');
    expect(await running.exited).toEqual({ code: 1, signal: null });
    expect(running.output()).toContain('second signal during shutdown: exiting now');
    expect(await inFlight).toBeInstanceOf(Error);
  });
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
