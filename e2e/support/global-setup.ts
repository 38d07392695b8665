import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConnectedApps, generateConsumerKey, generateConsumerSecret, startSalesforceSandbox } from '@keyway/salesforce-sandbox';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ADMIN = { email: 'e2e-admin@example.test', password: 'e2e correct horse battery' };

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

async function waitForHealthy(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} was not healthy within ${timeoutMs / 1000} s`);
}

/**
 * Starts the bundled Salesforce sandbox and the built console on loopback, on free ports, with a
 * fresh data folder; the console's log goes to a file the specs read to prove no secret is logged.
 */
export default async function globalSetup() {
  const serverEntry = path.join(root, 'server/dist/index.js');
  if (!fs.existsSync(serverEntry) || !fs.existsSync(path.join(root, 'web/dist/index.html'))) {
    throw new Error('Build the console first: pnpm build (the test command does this).');
  }
  // A second working app, so one data source can be made to fail while another stays healthy.
  const ordersApp = { name: 'Orders', consumerKey: generateConsumerKey(), consumerSecret: generateConsumerSecret() };
  const sandbox = await startSalesforceSandbox({ port: 0, apps: [...defaultConnectedApps(), ordersApp] });
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-e2e-'));
  const logFile = path.join(dataDir, 'console.log');
  const log = fs.openSync(logFile, 'a');
  const console = spawn(process.execPath, [serverEntry], {
    cwd: root,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      OUTBOUND_ALLOW_HOSTS: `127.0.0.1:${sandbox.port}`,
      LOG_LEVEL: 'debug',
      // Frequent checks so the dashboard's live updates can be seen within a test's patience.
      HEALTH_CHECK_INTERVAL_SECONDS: '5',
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealthy(`${baseUrl}/api/healthz`, 30_000);

  process.env.E2E_BASE_URL = baseUrl;
  process.env.E2E_SANDBOX_URL = sandbox.url;
  process.env.E2E_SANDBOX_PORT = String(sandbox.port);
  process.env.E2E_CONSUMER_KEY = sandbox.demoApp.consumerKey;
  process.env.E2E_CONSUMER_SECRET = sandbox.demoApp.consumerSecret;
  process.env.E2E_CONSOLE_LOG = logFile;
  process.env.E2E_ORDERS_KEY = ordersApp.consumerKey;
  process.env.E2E_ORDERS_SECRET = ordersApp.consumerSecret;
  process.env.E2E_ADMIN_EMAIL = ADMIN.email;
  process.env.E2E_ADMIN_PASSWORD = ADMIN.password;

  return async () => {
    console.kill('SIGTERM');
    await new Promise((r) => console.once('exit', r));
    await sandbox.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
