import { defaultConnectedApps, startSalesforceSandbox } from './index';

const port = Number(process.env.SANDBOX_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`SANDBOX_PORT must be a port number, got ${process.env.SANDBOX_PORT}`);
  process.exit(1);
}

const apps = defaultConnectedApps({
  consumerKey: process.env.SANDBOX_CONSUMER_KEY,
  consumerSecret: process.env.SANDBOX_CONSUMER_SECRET,
});
const sandbox = await startSalesforceSandbox({
  port,
  host: process.env.SANDBOX_HOST ?? '127.0.0.1',
  apps,
  log: (line) => console.log(line),
});

// These are the fake org's own credentials; showing them is how users log in to it.
console.log(`Salesforce sandbox (fake org, not Salesforce) listening on ${sandbox.url}
  Token URL:       ${sandbox.url}/services/oauth2/token
  Consumer key:    ${sandbox.demoApp.consumerKey}
  Consumer secret: ${sandbox.demoApp.consumerSecret}
  SOAP login() user (environment URL ${sandbox.url}, API version 31.0 to 64.0):
    User name:      ${sandbox.integrationUser.username}
    Password:       ${sandbox.integrationUser.password}
    Security token: ${sandbox.integrationUser.securityToken}
  Test controls:   ${sandbox.url}/__sandbox/state`);
for (const app of apps.slice(1)) {
  console.log(`  App "${app.name}" (shows its error): ${app.consumerKey} / ${app.consumerSecret}`);
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  // Silent: `pnpm start` stops the sandbox with the console, and the console's "stopped" is the one line it prints.
  await sandbox.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
