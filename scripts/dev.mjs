// `pnpm dev`: the sandbox, the BFF with reload on change (tsx watch), and Vite's dev server,
// which proxies /api to the BFF so the session cookie stays same-origin.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowHost, logEnv, run, waitForHttp } from './lib/processes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '3000';
const sandboxPort = process.env.SANDBOX_PORT ?? '4010';
const bin = (pkg, name) => path.join(root, pkg, 'node_modules/.bin', name);

run('sandbox', bin('sandbox', 'tsx'), ['src/cli.ts'], { cwd: path.join(root, 'sandbox'), env: { ...process.env, SANDBOX_PORT: sandboxPort } });
await waitForHttp(`http://127.0.0.1:${sandboxPort}/__sandbox/state`);

run('server', bin('server', 'tsx'), ['watch', 'src/index.ts'], {
  cwd: path.join(root, 'server'),
  env: logEnv({
    ...process.env,
    PORT: port,
    DATA_DIR: process.env.DATA_DIR ?? path.join(root, 'data'),
    OUTBOUND_ALLOW_HOSTS: allowHost(process.env.OUTBOUND_ALLOW_HOSTS, `127.0.0.1:${sandboxPort}`),
  }),
});
await waitForHttp(`http://127.0.0.1:${port}/api/healthz`);

run('web', bin('web', 'vite'), [], { cwd: path.join(root, 'web'), env: { ...process.env, KEYWAY_API_URL: `http://127.0.0.1:${port}` } });
console.log('\nDevelopment console: http://127.0.0.1:5173 (API on port ' + port + '). Stop with Ctrl+C.\n');
