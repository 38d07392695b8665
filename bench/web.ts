/**
 * pnpm bench:web — what the browser fetches to draw each route of the console: the JavaScript and
 * CSS, gzipped and brotli, as the server sends them (the .gz and .br copies the build writes,
 * web/precompress-plugin.ts; a file without one goes as it is). Builds the web app first, unless
 * --no-build. The chunks come from Vite's manifest (web/dist/.vite/manifest.json): the entry and
 * its static imports, then, for each route, the chain of dynamic imports that draws it, each with
 * its static imports, each named by its source file and checked to be loaded by the one before, so
 * a route that moves is an error here, not a quiet wrong figure. Prints the goal beside each figure
 * (issue 12: sign-in at most 100 kB of gzipped JavaScript, the Health dashboard 170 kB) and the
 * machine. kB are 1,000 bytes, as Vite reports them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web');
const dist = path.join(web, 'dist');

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

const CONSOLE = 'src/app/console.tsx';
const page = (feature: string, file: string) => `src/features/${feature}/components/${file}`;

/** Each route and what it loads after the entry, in order: the console, the page, what the page fetches to draw itself. */
const ROUTES: Array<{ route: string; loads: string[]; goalKb?: number }> = [
  { route: 'sign-in, first-run setup', loads: [], goalKb: 100 },
  { route: 'Health dashboard', loads: [CONSOLE, page('health', 'health-dashboard-page.tsx')], goalKb: 170 },
  { route: 'data source health, with charts', loads: [CONSOLE, page('health', 'health-detail-page.tsx'), page('health', 'chart-components.ts')] },
  { route: 'Data Sources list', loads: [CONSOLE, page('datasources', 'data-sources-page.tsx')] },
  { route: 'data source wizard', loads: [CONSOLE, page('datasources', 'data-source-wizard-pages.tsx')] },
  { route: 'Users', loads: [CONSOLE, page('users', 'users-page.tsx')] },
  { route: 'API keys', loads: [CONSOLE, page('api-keys', 'api-keys-page.tsx')] },
  { route: 'Audit log', loads: [CONSOLE, page('audit', 'audit-log-page.tsx')] },
];

const ACCOUNT_MENU = 'src/features/account/components/account-menu-dropdown.tsx';

/**
 * Fetched when someone asks for them, on any page of the console, not to draw it: each measured by
 * what it adds to the Health dashboard and to what `loads` fetches before it.
 */
const ON_DEMAND: Array<{ what: string; loads: string[] }> = [
  { what: 'account menu (first pointer or focus on it)', loads: [ACCOUNT_MENU] },
  { what: 'Change password dialog (account menu opened)', loads: [ACCOUNT_MENU, 'src/features/account/components/change-password-modal.tsx'] },
  { what: 'tooltip (first hover or keyboard focus)', loads: ['src/components/tooltip.ts'] },
  { what: 'notification container (first notification)', loads: ['src/app/notifications-container.tsx'] },
];

if (!process.argv.includes('--no-build')) {
  const require = createRequire(path.join(web, 'package.json'));
  const vitePackage = require.resolve('vite/package.json');
  const bin = (JSON.parse(fs.readFileSync(vitePackage, 'utf8')) as { bin: Record<string, string> }).bin.vite!;
  execFileSync(process.execPath, [path.join(path.dirname(vitePackage), bin), 'build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
}

const manifestFile = path.join(dist, '.vite/manifest.json');
if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} is missing: build the web app (drop --no-build).`);
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
const entryKey = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
if (!entryKey) throw new Error('The manifest has no entry.');

/** A chunk and its static imports: what the browser fetches (modulepreload, or Vite's preload of a dynamic import) with it. */
function withStaticImports(key: string, into: Set<string>) {
  if (into.has(key)) return;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`The manifest has no ${key}.`);
  into.add(key);
  for (const imported of chunk.imports ?? []) withStaticImports(imported, into);
}

/** Bytes as sent: the compressed copy if the build wrote one, else the file itself. */
function sentBytes(file: string, suffix: '.gz' | '.br'): number {
  const full = path.join(dist, file);
  return fs.statSync(fs.existsSync(full + suffix) ? full + suffix : full).size;
}

// Classic scripts index.html loads from public/ (zod-jitless.js): not in the manifest, not
// compressed, fetched by every route.
const indexHtml = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const publicScripts = [...indexHtml.matchAll(/<script[^>]*\ssrc="\/([^"]+)"/g)].map((m) => m[1]!).filter((file) => !file.startsWith('assets/'));
const publicScriptBytes = publicScripts.reduce((total, file) => total + fs.statSync(path.join(dist, file)).size, 0);

const kB = (bytes: number) => (bytes / 1000).toFixed(1);
const measured = new Set<string>();
const rows = ROUTES.map(({ route, loads, goalKb }) => {
  const keys = new Set<string>();
  withStaticImports(entryKey, keys);
  for (const key of loads) {
    const loadable = [...keys].flatMap((loaded) => manifest[loaded]!.dynamicImports ?? []);
    if (!loadable.includes(key)) throw new Error(`${route}: nothing loaded before it imports ${key} any more; update ROUTES in bench/web.ts.`);
    withStaticImports(key, keys);
    measured.add(key);
  }
  const js = [...keys].map((key) => manifest[key]!.file);
  const css = [...new Set([...keys].flatMap((key) => manifest[key]!.css ?? []))];
  const sum = (files: string[], suffix: '.gz' | '.br') => files.reduce((total, file) => total + sentBytes(file, suffix), 0);
  const jsGz = sum(js, '.gz') + publicScriptBytes;
  const verdict = goalKb === undefined ? '' : jsGz <= goalKb * 1000 ? `meets <= ${goalKb} kB` : `MISSES <= ${goalKb} kB`;
  return { route, files: js.length + publicScripts.length, jsGz, jsBr: sum(js, '.br') + publicScriptBytes, cssGz: sum(css, '.gz'), cssBr: sum(css, '.br'), verdict };
});

const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${when} UTC`);
console.log(`what each route fetches after index.html, as sent (kB = 1,000 bytes), ${publicScripts.join(', ')} included; goal: gzipped JavaScript\n`);
console.log(`${'route'.padEnd(34)} ${'JS gzip'.padStart(8)} ${'JS br'.padStart(8)} ${'CSS gzip'.padStart(9)} ${'CSS br'.padStart(8)} ${'files'.padStart(6)}  goal`);
for (const row of rows) {
  console.log(
    `${row.route.padEnd(34)} ${kB(row.jsGz).padStart(8)} ${kB(row.jsBr).padStart(8)} ${kB(row.cssGz).padStart(9)} ${kB(row.cssBr).padStart(8)} ${String(row.files).padStart(6)}  ${row.verdict}`,
  );
}

// On top of the Health dashboard: what else the browser fetches for each.
const dashboard = new Set<string>();
for (const key of [entryKey, ...ROUTES[1]!.loads]) withStaticImports(key, dashboard);
console.log(`\n${'on demand, beyond the dashboard'.padEnd(50)} ${'JS gzip'.padStart(8)} ${'JS br'.padStart(8)}`);
for (const { what, loads } of ON_DEMAND) {
  const loaded = new Set(dashboard);
  let extra: string[] = [];
  for (const key of loads) {
    const loadable = [...loaded].flatMap((k) => manifest[k]!.dynamicImports ?? []);
    if (!loadable.includes(key)) throw new Error(`${what}: nothing loaded before it imports ${key} on demand any more; update ON_DEMAND in bench/web.ts.`);
    const before = new Set(loaded);
    withStaticImports(key, loaded);
    extra = [...loaded].filter((k) => !before.has(k)).map((k) => manifest[k]!.file);
    measured.add(key);
  }
  const sum = (suffix: '.gz' | '.br') => extra.reduce((total, file) => total + sentBytes(file, suffix), 0);
  console.log(`${what.padEnd(50)} ${kB(sum('.gz')).padStart(8)} ${kB(sum('.br')).padStart(8)}`);
}

// A page added to the console and not to ROUTES would go unmeasured: say so.
const unmeasured = (manifest[CONSOLE]?.dynamicImports ?? []).filter((key) => !measured.has(key));
if (unmeasured.length > 0) console.log(`\nnot measured (add to ROUTES): ${unmeasured.join(', ')}`);
