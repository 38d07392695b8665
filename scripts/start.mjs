// `pnpm start`: the built console on the embedded store, with the bundled Salesforce sandbox
// beside it (KEYWAY_SANDBOX=off to run without it). package.json runs it with `exec`: a shell
// between pnpm and this script would die of Ctrl+C's SIGINT however cleanly this script exits,
// and pnpm would report "Command failed".
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowHost, logEnv, run, waitForHttp } from './lib/processes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '3000';
const sandboxPort = process.env.SANDBOX_PORT ?? '4010';
const withSandbox = process.env.KEYWAY_SANDBOX !== 'off';
const env = logEnv({ ...process.env, PORT: port });

if (withSandbox) {
  run('sandbox', path.join(root, 'sandbox/node_modules/.bin/tsx'), ['src/cli.ts'], {
    cwd: path.join(root, 'sandbox'),
    env: { ...process.env, SANDBOX_PORT: sandboxPort },
  });
  await waitForHttp(`http://127.0.0.1:${sandboxPort}/__sandbox/state`);
  env.OUTBOUND_ALLOW_HOSTS = allowHost(process.env.OUTBOUND_ALLOW_HOSTS, `127.0.0.1:${sandboxPort}`);
}

run('console', process.execPath, [path.join(root, 'server/dist/index.js')], { cwd: root, env });
await waitForHttp(`http://127.0.0.1:${port}/api/healthz`);

const signIn =
  process.env.ADMIN_EMAIL
    ? `Sign in as ${process.env.ADMIN_EMAIL} with ADMIN_PASSWORD.`
    : 'Sign in with your account, or, on the first visit, create the administrator account.';
console.log(`
Keyway is ready: http://localhost:${port}
  ${signIn}
${
  withSandbox
    ? `  Try it with the Salesforce sandbox: upload sandbox/swagger/salesforce-sandbox.swagger.yaml,
  choose OAuth 2.0, and use the consumer key and secret the sandbox printed above
  with the Access Token URL http://127.0.0.1:${sandboxPort}/services/oauth2/token.
`
    : ''
}  Stop with Ctrl+C.
`);
