import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateConsumerKey, generateConsumerSecret } from '@keyway/salesforce-sandbox';

/** The bundled sandbox in a process of its own on 127.0.0.1, so that a benchmark's figures are the console's alone. */
export async function startSandboxProcess() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const demoApp = { consumerKey: generateConsumerKey(), consumerSecret: generateConsumerSecret() };
  const child = spawn(path.join(root, 'sandbox/node_modules/.bin/tsx'), ['src/cli.ts'], {
    cwd: path.join(root, 'sandbox'),
    env: { ...process.env, TSX_TSCONFIG_PATH: '', SANDBOX_PORT: String(port), SANDBOX_CONSUMER_KEY: demoApp.consumerKey, SANDBOX_CONSUMER_SECRET: demoApp.consumerSecret },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const state = async () => (await (await fetch(`${url}/__sandbox/state`)).json()) as { tokenRequestCount: number };
  for (let i = 0; ; i++) {
    try {
      await state();
      break;
    } catch (error) {
      if (i > 300) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, port, demoApp, tokenRequestCount: async () => (await state()).tokenRequestCount, close: () => child.kill('SIGTERM') };
}
