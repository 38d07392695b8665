// `pnpm test`: every test there is. The build, then each workspace package's tests (Vitest), two
// packages at a time, then the Playwright e2e against the built console in headless Chromium.
// Packages come from the workspace itself, so a new or renamed one cannot be left out; counts come
// from each runner's JSON report, not from its console text. The last line is
// "N passed, N failed, N skipped".
//
// KEYWAY_SKIP_POSTGRES=1 skips the PostgreSQL tests where no PostgreSQL runs, and says so loudly;
// KEYWAY_REQUIRE_POSTGRES=1 (CI sets it) fails the run if any of them did not run.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pnpm = ['-y', 'pnpm@10.34.9'];
/** Two Vitest runs at once keep two cores busy; more would only make timing-sensitive tests wait. */
const UNIT_LANES = Math.max(1, Math.min(2, os.availableParallelism()));
const requirePostgres = process.env.KEYWAY_REQUIRE_POSTGRES === '1';
const skipPostgres = process.env.KEYWAY_SKIP_POSTGRES === '1';
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'keyway-test-reports-'));

function fail(message) {
  console.error(`\n${message}`);
  process.exit(1);
}

function ensureChromium() {
  const wanted = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (fs.existsSync(wanted)) return wanted;
  if (process.env.CHROMIUM_PATH) fail(`CHROMIUM_PATH is set to ${wanted}, but there is no file there.`);
  if (process.getuid?.() === 0) {
    console.log("Chromium is missing; installing Debian's chromium package (running as root)…");
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

/** Every package of the workspace but the root, with the runner its `test` script uses. */
function workspacePackages() {
  const listed = JSON.parse(execFileSync('npx', [...pnpm, '-r', 'ls', '--depth', '-1', '--json'], { cwd: root, encoding: 'utf8' }));
  const problems = [];
  const packages = [];
  for (const { name, path: dir } of listed) {
    if (path.resolve(dir) === root) continue;
    const script = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts?.test;
    const runner = /^vitest run\b/.test(script ?? '') ? 'vitest' : /^playwright test\b/.test(script ?? '') ? 'playwright' : null;
    if (!runner) problems.push(`${name} (${path.relative(root, dir)}): its test script is ${script ? `"${script}"` : 'missing'}; it must be "vitest run" or "playwright test"`);
    else packages.push({ name, dir, script, runner });
  }
  if (problems.length) fail(`Packages the runner cannot test, so it stops rather than skip them:\n  ${problems.join('\n  ')}`);
  return packages;
}

/** Runs a command; live output, or kept and printed whole when it ends (for runs side by side). */
function run(label, command, args, { cwd = root, env = {}, live = true } = {}) {
  if (live) console.log(`\n=== ${label}`);
  else console.log(`\n=== ${label}: started`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let kept = '';
    for (const [stream, target] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      stream.on('data', (chunk) => (live ? target.write(chunk) : (kept += chunk.toString())));
    }
    child.on('error', (error) => {
      kept += `\n${error.message}\n`;
    });
    // 'close', not 'exit': the output streams have ended, so nothing is lost from the end.
    child.on('close', (code, signal) => {
      if (!live) console.log(`\n=== ${label}\n${kept}`);
      resolve({ code: code ?? (signal ? 1 : 0), seconds: Math.round((Date.now() - started) / 1000) });
    });
  });
}

/** passed, failed and skipped from Vitest's JSON report, with the names of the skipped tests. */
function vitestCounts(file) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const tests = report.testResults.flatMap((suite) =>
    suite.assertionResults.map((test) => ({ status: test.status, name: `${path.relative(root, suite.name)} › ${test.fullName}` })),
  );
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: tests.filter((t) => ['skipped', 'pending', 'todo'].includes(t.status)).map((t) => t.name),
    brokenFiles: report.numFailedTestSuites,
  };
}

/** The same from Playwright's JSON report: "expected" passed, "unexpected" and "flaky" did not. */
function playwrightCounts(file) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const skipped = [];
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) if (test.status === 'skipped') skipped.push(`${spec.file} › ${[...trail, spec.title].join(' › ')}`);
    }
    for (const child of suite.suites ?? []) walk(child, [...trail, child.title]);
  };
  for (const suite of report.suites) walk(suite, []);
  return { passed: report.stats.expected, failed: report.stats.unexpected + report.stats.flaky, skipped, brokenFiles: report.errors?.length ?? 0 };
}

async function testPackage(pkg, { live, env = {} }) {
  const report = path.join(reports, `${pkg.name.replace(/[^a-z0-9]+/gi, '-')}.json`);
  const [tool, ...args] = pkg.script.split(/\s+/);
  const reporterArgs =
    pkg.runner === 'vitest' ? ['--reporter=default', '--reporter=json', `--outputFile.json=${report}`] : ['--reporter=list,json'];
  const { code, seconds } = await run(`${pkg.name} (${pkg.runner})`, 'npx', [...pnpm, 'exec', tool, ...args, ...reporterArgs], {
    cwd: pkg.dir,
    live,
    env: pkg.runner === 'playwright' ? { ...env, PLAYWRIGHT_JSON_OUTPUT_FILE: report } : env,
  });
  let counts;
  try {
    counts = pkg.runner === 'vitest' ? vitestCounts(report) : playwrightCounts(report);
  } catch (error) {
    return { pkg, code: code || 1, seconds, passed: 0, failed: 1, skipped: [], problem: `its report could not be read (${error.message})` };
  }
  const problem =
    counts.passed + counts.failed + counts.skipped.length === 0
      ? 'it ran no tests'
      : code !== 0 && counts.failed === 0
        ? `it exited with ${code}${counts.brokenFiles ? ` (${counts.brokenFiles} test file${counts.brokenFiles === 1 ? '' : 's'} could not run)` : ''}`
        : undefined;
  return { pkg, code: problem ? code || 1 : code, seconds, ...counts, failed: counts.failed + (problem ? 1 : 0), problem };
}

/** Runs `jobs` with at most `lanes` at a time, longest first (the order given). */
async function inLanes(jobs, lanes) {
  const results = [];
  const queue = [...jobs];
  await Promise.all(
    Array.from({ length: Math.min(lanes, queue.length) }, async () => {
      while (queue.length) results.push(await queue.shift()());
    }),
  );
  return results;
}

const packages = workspacePackages();
const chromium = ensureChromium();
const results = [];
const build = await run('build', 'npx', [...pnpm, 'build']);
if (build.code === 0) {
  // The server's suite takes longest: it starts first, and the others share the second lane.
  const weight = { '@keyway/server': 0, '@keyway/web': 1 };
  const units = packages.filter((p) => p.runner === 'vitest').sort((a, b) => (weight[a.name] ?? 2) - (weight[b.name] ?? 2));
  results.push(...(await inLanes(units.map((pkg) => () => testPackage(pkg, { live: UNIT_LANES === 1 })), UNIT_LANES)));
  for (const pkg of packages.filter((p) => p.runner === 'playwright')) {
    results.push(await testPackage(pkg, { live: true, env: { CHROMIUM_PATH: chromium } }));
  }
}

const total = (key) => results.reduce((sum, r) => sum + (Array.isArray(r[key]) ? r[key].length : r[key]), 0);
const skipped = results.flatMap((r) => r.skipped.map((name) => `${r.pkg.name}: ${name}`));
const postgresSkipped = skipped.filter((name) => /postgres/i.test(name));
const problems = results.filter((r) => r.problem).map((r) => `${r.pkg.name}: ${r.problem}`);
if (build.code !== 0) problems.push('the build failed, so no tests ran');
if (requirePostgres && skipPostgres) problems.push('KEYWAY_REQUIRE_POSTGRES=1 and KEYWAY_SKIP_POSTGRES=1 together: the PostgreSQL tests must run here');
if (requirePostgres && postgresSkipped.length) problems.push(`${postgresSkipped.length} PostgreSQL tests were skipped, and KEYWAY_REQUIRE_POSTGRES=1 says they must run`);

console.log('\n=== summary');
for (const r of results) {
  console.log(`${r.pkg.name.padEnd(28)} ${String(r.passed).padStart(4)} passed, ${r.failed} failed, ${r.skipped.length} skipped  (${r.seconds} s)`);
}
if (skipped.length) {
  console.log(`\nSkipped (${skipped.length}):\n  ${skipped.join('\n  ')}`);
}
if (postgresSkipped.length || skipPostgres) {
  console.log(`\n!!! PostgreSQL: ${postgresSkipped.length} tests did not run${skipPostgres ? ' (KEYWAY_SKIP_POSTGRES=1)' : ''}. The console's PostgreSQL support is untested in this run.`);
}
if (problems.length) console.log(`\nFailed because:\n  ${problems.join('\n  ')}`);
fs.rmSync(reports, { recursive: true, force: true });
const exitCode = problems.length || results.some((r) => r.code !== 0) ? 1 : 0;
// A run that failed for a reason other than a test (the build, a skipped PostgreSQL suite) still
// says "failed" on its last line; the lines above say why.
const failed = total('failed') || exitCode;
console.log(`\n${total('passed')} passed, ${failed} failed, ${total('skipped')} skipped`);
process.exit(exitCode);
