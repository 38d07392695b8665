/**
 * pnpm bench:api-description — how the API description reader copes with inputs built to make
 * it work too hard (shared/src/test-support/hostile-api-descriptions.ts), each at two sizes ten
 * times apart. A reader whose work grows with the input shows a ratio near 10; one that compares
 * everything with everything shows near 100. Prints the median of several runs, with the machine.
 * The tests check what the reader answers to these inputs; the time is measured here only.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { load as loadYaml } from 'js-yaml';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { readApiDescription } from '../shared/src/swagger/read-api-description';
import { aliasBomb, deepJson, referenceRing, repeatedKey } from '../shared/src/test-support/hostile-api-descriptions';
import { largeOpenApiJson, largeOpenApiYaml } from '../shared/src/test-support/large-api-descriptions';
import { githubApiDescription } from '../shared/src/test-support/github-api-description';
import { readDescription } from '../server/src/routes/swagger/description-reader';
import { migrateToLatest, openDatabase } from '../server/src/db/database';
import { seedSandboxDataSources } from './support/sandbox-data-sources';
import { startSandboxProcess } from './support/sandbox-process';
import { sandboxConnection } from './support/sandbox-connection';
import { benchConsole, onLoopback, signIn } from './support/bench-console';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** BENCH_SECTIONS=save (or any of these, comma-separated) runs only those parts. */
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'hostile,json,yaml,loop,save').split(','));

function medianOf(run: () => unknown): number {
  const times: number[] = [];
  for (let n = 0; n < RUNS; n++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

/** A quoted title of one long run of spaces: a pattern that tried the run from every space in it took minutes. */
const spaceRun = (spaces: number) => `openapi: 3.0.0\ninfo:\n  title: "x${' '.repeat(spaces)}"\n  version: "1"\npaths: {}\n`;

const medianMs = (text: string) => medianOf(() => readApiDescription(text, 'bench.json'));

const cases: Array<{ name: string; small: string; large: string; goalMs: number }> = [
  { name: 'repeated key, 5,000 → 50,000 keys', small: repeatedKey(5_000), large: repeatedKey(50_000), goalMs: 5_000 },
  { name: 'nesting, 80,000 → 800,000 levels', small: deepJson(80_000), large: deepJson(800_000), goalMs: 2_000 },
  { name: '$ref ring, 2,000 → 20,000 schemas', small: referenceRing(2_000), large: referenceRing(20_000), goalMs: 10_000 },
  { name: 'alias bomb, 8 → 9 levels (10x the expansion)', small: aliasBomb(8), large: aliasBomb(9), goalMs: 1_000 },
  { name: 'YAML with a run of spaces, 25,000 → 250,000', small: spaceRun(25_000), large: spaceRun(250_000), goalMs: 1_000 },
];

console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
console.log(`median of ${RUNS} runs each\n`);
if (SECTIONS.has('hostile')) console.log(`${'input'.padEnd(48)} ${'small'.padStart(9)} ${'large'.padStart(9)} ${'ratio'.padStart(7)}  goal (large)`);
for (const { name, small, large, goalMs } of SECTIONS.has('hostile') ? cases : []) {
  const smallMs = medianMs(small);
  const largeMs = medianMs(large);
  const verdict = largeMs <= goalMs ? `meets < ${goalMs} ms` : `MISSES < ${goalMs} ms`;
  console.log(`${name.padEnd(48)} ${smallMs.toFixed(1).padStart(7)}ms ${largeMs.toFixed(1).padStart(7)}ms ${(largeMs / smallMs).toFixed(1).padStart(6)}x  ${verdict}`);
}

// The reader against the parser itself, on ordinary large descriptions (issue 12's goal: at most
// 3x JSON.parse): GitHub's published one, and generated ones of the same shape.
if (SECTIONS.has('json')) console.log(`\n${'ordinary JSON description'.padEnd(48)} ${'JSON.parse'.padStart(11)} ${'reader'.padStart(9)} ${'ratio'.padStart(7)}  goal`);
for (const text of SECTIONS.has('json') ? [githubApiDescription(), ...[2.5, 13].map((megabytes) => largeOpenApiJson(megabytes * 1_000_000))] : []) {
  const maxBytes = text.length * 2;
  const read = readApiDescription(text, 'large.json', { maxBytes });
  if (!read.ok) throw new Error(`the large description was not read: ${read.problem.message}`);
  const parseMs = medianOf(() => JSON.parse(text));
  const readerMs = medianOf(() => readApiDescription(text, 'large.json', { maxBytes }));
  const ratio = readerMs / parseMs;
  const label = `${read.summary.host === 'api.github.com' ? "GitHub's, " : ''}${(text.length / 1e6).toFixed(1)} MB, ${read.summary.operationCount.toLocaleString('en')} operations`;
  console.log(`${label.padEnd(48)} ${parseMs.toFixed(1).padStart(9)}ms ${readerMs.toFixed(1).padStart(7)}ms ${ratio.toFixed(1).padStart(6)}x  ${ratio <= 3 ? 'meets' : 'MISSES'} <= 3x`);
}

// The same for YAML, against js-yaml's load of the same text (goal: at most 3x).
if (SECTIONS.has('yaml')) console.log(`\n${'ordinary YAML description'.padEnd(48)} ${'js-yaml'.padStart(11)} ${'reader'.padStart(9)} ${'ratio'.padStart(7)}  goal`);
for (const megabytes of SECTIONS.has('yaml') ? [2.5, 13] : []) {
  const text = largeOpenApiYaml(megabytes * 1_000_000);
  const maxBytes = text.length * 2;
  const read = readApiDescription(text, 'large.yaml', { maxBytes });
  if (!read.ok) throw new Error(`the large description was not read: ${read.problem.message}`);
  const loadMs = medianOf(() => loadYaml(text));
  const readerMs = medianOf(() => readApiDescription(text, 'large.yaml', { maxBytes }));
  const ratio = readerMs / loadMs;
  const label = `${(text.length / 1e6).toFixed(1)} MB, ${read.summary.operationCount.toLocaleString('en')} operations`;
  console.log(`${label.padEnd(48)} ${loadMs.toFixed(1).padStart(9)}ms ${readerMs.toFixed(1).padStart(7)}ms ${ratio.toFixed(1).padStart(6)}x  ${ratio <= 3 ? 'meets' : 'MISSES'} <= 3x`);
}

// The server's event loop while a large YAML description is read: on the loop itself, and in the
// reader's worker thread (issue 12's goal: p99 delay under 20 ms meanwhile).
if (SECTIONS.has('loop')) console.log(`\n${'event loop while a description is read'.padEnd(48)} ${'read'.padStart(9)} ${'loop p99'.padStart(9)} ${'longest'.padStart(9)}  goal`);
const yamlText = SECTIONS.has('loop') ? largeOpenApiYaml(6_500_000) : '';
for (const [how, read] of !SECTIONS.has('loop') ? [] : [
  ['on the event loop', async () => readApiDescription(yamlText, 'large.yaml', { maxBytes: 1e8 })],
  ['in the worker thread', () => readDescription(yamlText, 'large.yaml', 1e8)],
] as const) {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  // Something else the loop must keep serving, as requests and health checks are.
  const ticker = setInterval(() => undefined, 5);
  loop.enable();
  // The monitor's timer starts on the loop's next turn: let it, or a read that holds the loop goes unseen.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const started = performance.now();
  await read();
  const readMs = performance.now() - started;
  // One more turn, so that a loop held by the read records the delay it caused.
  await new Promise((resolve) => setTimeout(resolve, 20));
  loop.disable();
  clearInterval(ticker);
  const label = `${(yamlText.length / 1e6).toFixed(1)} MB YAML, ${how}`;
  const longestMs = loop.max / 1e6;
  console.log(`${label.padEnd(48)} ${readMs.toFixed(0).padStart(7)}ms ${(loop.percentile(99) / 1e6).toFixed(1).padStart(7)}ms ${longestMs.toFixed(1).padStart(7)}ms  ${longestMs < 20 ? 'meets' : 'MISSES'} < 20 ms`);
}

// The console's event loop while GitHub's 13 MB description is saved (Test Connection, then
// Create, as the wizard does it) with health checks running against the sandbox (issue 12's
// goal: p99 delay under 20 ms). The console runs in this process, the sandbox in its own.
if (SECTIONS.has('save')) {
  const CHECKS = 300;
  const INTERVAL_S = 15;
  const sandbox = await startSandboxProcess();
  const db = openDatabase({});
  try {
    await migrateToLatest(db);
    const { app, monitor, secretBox } = await benchConsole(db, {
      allowHosts: [`127.0.0.1:${sandbox.port}`],
      outboundTimeoutMs: 10_000,
      health: { defaultIntervalSeconds: INTERVAL_S, concurrency: 32, retentionDays: 7, aggregateRetentionDays: 90, degradedLatencyMs: 3000, tokenLifetimeSeconds: 3600 },
    });
    const folderId = randomUUID();
    await db.insertInto('folders').values({ id: folderId, name: 'bench', title: 'Bench', created_at: new Date().toISOString() }).execute();
    await seedSandboxDataSources(db, secretBox, sandbox, { count: CHECKS, intervalSeconds: INTERVAL_S, folderIds: [folderId] });
    const { server, base } = await onLoopback(app);
    const { headers: withCookie } = await signIn(base);
    const connection = sandboxConnection(sandbox);
    // The wizard's requests come from a browser, not from the console's process: they are sent
    // from a worker thread, so that the loop measured is the console's alone. The body is made
    // and handed over before the measurement starts.
    const github = githubApiDescription();
    const body = JSON.stringify({
      ...connection,
      title: 'GitHub NUMBER',
      name: 'github-NUMBER',
      description: '',
      serviceType: 'restful',
      folderId,
      swagger: { source: 'file', url: '', fileName: 'api.github.com.json', document: github },
    });
    const browser = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
      const { base, headers, connection, body } = workerData;
      parentPort.on('message', async (n) => {
        const test = await (await fetch(base + '/api/datasources/test', { method: 'POST', headers, body: JSON.stringify(connection) })).json();
        const created = await fetch(base + '/api/datasources', { method: 'POST', headers, body: body.replaceAll('NUMBER', String(n)).replace('{', '{"testReceipt":' + JSON.stringify(test.result.receipt ?? '') + ',') });
        parentPort.postMessage({ tested: test.result.ok, status: created.status, text: created.status === 201 ? '' : (await created.text()).slice(0, 300) });
      });`,
      { eval: true, workerData: { base, headers: withCookie, connection, body } },
    );
    const save = (n: number) =>
      new Promise<void>((resolve, reject) => {
        browser.once('message', ({ tested, status, text }: { tested: boolean; status: number; text: string }) =>
          tested && status === 201 ? resolve() : reject(new Error(`Test Connection ${tested ? 'passed' : 'failed'}; saving answered ${status}: ${text}`)),
        );
        browser.postMessage(n);
      });

    await monitor.start();
    // One interval of checks first, so that every data source has its token and its rhythm.
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_S * 1000));
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const saves: number[] = [];
    for (let n = 0; n < 3; n++) {
      const started = performance.now();
      await save(n);
      saves.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    loop.disable();
    await browser.terminate();
    await monitor.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const p99 = loop.percentile(99) / 1e6;
    console.log(`\n${`GitHub's ${(github.length / 1e6).toFixed(1)} MB description saved 3 times, ${CHECKS} checks every ${INTERVAL_S} s`}`);
    console.log(`  each save (Test Connection, then Create): ${saves.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`);
    console.log(`  event loop meanwhile: p99 ${p99.toFixed(1)} ms, longest ${(loop.max / 1e6).toFixed(1)} ms  ${p99 < 20 ? 'meets' : 'MISSES'} p99 < 20 ms`);
  } finally {
    await db.destroy();
    sandbox.close();
  }
}
