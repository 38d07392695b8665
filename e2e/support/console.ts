import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

async function waitForHealthy(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The console exited with code ${child.exitCode} before it was ready`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} was not healthy within ${timeoutMs / 1000} s`);
}

export interface RunningConsole {
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * The built console on loopback, on a free port, with a fresh data folder of its own; its log goes
 * to a file the specs read to prove no secret is logged. `env` adds to (or, as undefined, removes
 * from) the environment the console starts with.
 */
export async function startConsole(env: Record<string, string | undefined>): Promise<RunningConsole> {
  const serverEntry = path.join(root, 'server/dist/index.js');
  if (!fs.existsSync(serverEntry) || !fs.existsSync(path.join(root, 'web/dist/index.html'))) {
    throw new Error('Build the console first: pnpm build (the test command does this).');
  }
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-e2e-'));
  const logFile = path.join(dataDir, 'console.log');
  const log = fs.openSync(logFile, 'a');
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'debug' };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  }
  const child = spawn(process.execPath, [serverEntry], { cwd: root, stdio: ['ignore', log, log], env: childEnv });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(`${url}/api/healthz`, child, 30_000);
  return {
    url,
    logFile,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.closeSync(log);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
