// `pnpm test`: every test there is. Unit and integration tests (Vitest) in each package, then the
// Playwright e2e against the built console in headless Chromium. Ends with one "N passed, N failed" line.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pnpm = ['-y', 'pnpm@10.34.9'];

function ensureChromium() {
  const wanted = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (fs.existsSync(wanted)) return wanted;
  if (process.env.CHROMIUM_PATH) {
    fail(`CHROMIUM_PATH is set to ${wanted}, but there is no file there.`);
  }
  if (process.getuid?.() === 0) {
    console.log('Chromium is missing; installing Debian\'s chromium package (running as root)…');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (fs.existsSync(wanted)) return wanted;
    fail('apt-get installed chromium, but /usr/bin/chromium is still missing.');
  }
  fail(
    'The end-to-end tests need Chromium, and /usr/bin/chromium is missing.\n' +
      'Install it (Debian/Ubuntu: sudo apt-get install chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}

function fail(message) {
  console.error(`\n${message}`);
  process.exit(1);
}

const totals = { passed: 0, failed: 0 };
// eslint-disable-next-line no-control-regex
const stripAnsi = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');

function step(label, args, options = {}) {
  console.log(`\n=== ${label}`);
  return new Promise((resolve) => {
    const child = spawn('npx', [...pnpm, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    let output = '';
    const collect = (stream, target) =>
      stream.on('data', (chunk) => {
        output += chunk.toString();
        target.write(chunk);
      });
    collect(child.stdout, process.stdout);
    collect(child.stderr, process.stderr);
    child.on('exit', (code) => {
      const text = stripAnsi(output);
      if (options.count) {
        // Vitest: "Tests  12 passed | 1 failed (13)"; Playwright: "12 passed", "1 failed".
        for (const line of text.split('\n')) {
          const vitest = /^\s*Tests\s+(.*)$/.exec(line);
          const source = vitest ? vitest[1] : /^\s*\d+ (passed|failed)/.test(line) ? line : '';
          totals.passed += Number(/(\d+) passed/.exec(source)?.[1] ?? 0);
          totals.failed += Number(/(\d+) failed/.exec(source)?.[1] ?? 0);
        }
      }
      resolve(code ?? 1);
    });
  });
}

const chromium = ensureChromium();
let exitCode = 0;
exitCode ||= await step('build', ['build']);
if (exitCode === 0) {
  for (const pkg of ['@keyway/shared', '@keyway/salesforce-sandbox', '@keyway/server', '@keyway/web']) {
    exitCode = (await step(`unit and integration tests: ${pkg}`, ['--filter', pkg, 'test'], { count: true })) || exitCode;
  }
  exitCode = (await step('end-to-end tests (headless Chromium)', ['--filter', '@keyway/e2e', 'test'], { count: true, env: { CHROMIUM_PATH: chromium } })) || exitCode;
}
if (exitCode !== 0 && totals.failed === 0) totals.failed = 1;
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(exitCode);
