import { defaultConnectedApps, generateConsumerKey, generateConsumerSecret, startSalesforceSandbox } from '@keyway/salesforce-sandbox';
import type { FullConfig } from '@playwright/test';
import { startConsole } from './console';

const ADMIN = { email: 'e2e-admin@example.test', password: 'e2e correct horse battery' };

/** Starts the bundled Salesforce sandbox and the built console, seeded with an administrator, on loopback. */
export default async function globalSetup(config: FullConfig) {
  // A second working app, so one data source can be made to fail while another stays healthy. One
  // per worker slot (test.info().parallelIndex): two tests at once never switch the same app off.
  const ordersApps = Array.from({ length: Math.max(1, config.workers) }, (_, i) => ({
    name: `Orders ${i + 1}`,
    consumerKey: generateConsumerKey(),
    consumerSecret: generateConsumerSecret(),
  }));
  const sandbox = await startSalesforceSandbox({ port: 0, apps: [...defaultConnectedApps(), ...ordersApps] });
  const console = await startConsole({
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    OUTBOUND_ALLOW_HOSTS: `127.0.0.1:${sandbox.port}`,
    // Frequent checks so the dashboard's live updates can be seen within a test's patience.
    HEALTH_CHECK_INTERVAL_SECONDS: '5',
  });

  process.env.E2E_BASE_URL = console.url;
  process.env.E2E_SANDBOX_URL = sandbox.url;
  process.env.E2E_SANDBOX_PORT = String(sandbox.port);
  process.env.E2E_CONSUMER_KEY = sandbox.demoApp.consumerKey;
  process.env.E2E_CONSUMER_SECRET = sandbox.demoApp.consumerSecret;
  process.env.E2E_CONSOLE_LOG = console.logFile;
  process.env.E2E_ORDERS_APPS = JSON.stringify(ordersApps.map(({ consumerKey, consumerSecret }) => ({ consumerKey, consumerSecret })));
  process.env.E2E_ADMIN_EMAIL = ADMIN.email;
  process.env.E2E_ADMIN_PASSWORD = ADMIN.password;

  return async () => {
    await console.stop();
    await sandbox.close();
  };
}
