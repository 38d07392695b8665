/**
 * pnpm bench:api — what an authenticated request costs, side by side with an Express hello world,
 * on loopback only. Each server runs in a child process of its own (servers.ts); autocannon
 * drives each for the same time with the same connections from this one. The figures are requests
 * per second and their ratio to the hello world (issue 12's goal: authenticated GET
 * /api/datasources at least 0.7x), with latency percentiles and the machine. The console runs on
 * the embedded SQLite in memory by default (BENCH_STORE=disk for a file in a temporary folder),
 * with no web build, no health checks running, and one folder of BENCH_DATA_SOURCES data sources.
 * BENCH_CPU_PROFILE=<dir> writes the console's CPU profile there (node --cpu-prof); BENCH_ONLY=<text>
 * measures only the requests whose name contains it (and the hello world), for a profile of one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const profileDir = process.env.BENCH_CPU_PROFILE;
const only = process.env.BENCH_ONLY;

interface Started {
  url: string;
  folderId: string;
  cookie: string;
  store: string;
  dataSources: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const children: ChildProcess[] = [];

/** One server in a process of its own; only the console's is profiled. */
async function start(role: 'hello' | 'console'): Promise<Started> {
  const profile = profileDir && role === 'console' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(here, 'servers.ts'), role], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  children.push(child);
  return new Promise<Started>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${role} server stopped before it was ready (exit ${code})`)));
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      child.removeAllListeners('exit');
      resolve(JSON.parse(line) as Started);
    });
  });
}

async function measure(url: string, seconds: number, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} answers were not 2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  const { url: helloUrl } = await start('hello');
  const servers = await start('console');
  const { url: consoleUrl, folderId, cookie } = servers;
  const slice = SECONDS / ROUNDS;
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(2)}`);
  console.log(
    `autocannon: ${CONNECTIONS} connections, ${SECONDS} s a request in ${ROUNDS} rounds of ${slice} s, each right after a round of the hello world; ` +
      `each server in a process of its own; SQLite ${servers.store}, ${servers.dataSources} data sources in the folder. Medians of the rounds.\n`,
  );
  const cases: Array<{ name: string; url: string; headers?: Record<string, string> }> = [
    { name: 'GET /api/healthz (no session)', url: `${consoleUrl}/api/healthz` },
    { name: 'GET /api/config (signed in)', url: `${consoleUrl}/api/config`, headers: { cookie } },
    { name: 'GET /api/datasources (signed in)', url: `${consoleUrl}/api/datasources?folderId=${folderId}`, headers: { cookie } },
  ].filter((c) => !only || c.name.includes(only));
  // Each request is measured right after the hello world, round after round, and compared with
  // that round's hello world: whatever else the machine is doing then weighs on both alike.
  const rounds = new Map<string, Array<{ rps: number; ratio: number; p50: number; p99: number }>>();
  const hello: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const { name, url, headers } of cases) {
      const reference = await measure(`${helloUrl}/`, slice);
      const measured = await measure(url, slice, headers);
      hello.push(reference.rps);
      rounds.set(name, [...(rounds.get(name) ?? []), { ...measured, ratio: measured.rps / reference.rps }]);
    }
  }
  console.log(`${'request'.padEnd(40)} ${'req/s'.padStart(8)} ${'x hello'.padStart(8)} ${'p50'.padStart(6)} ${'p99'.padStart(6)}  ratios of the rounds`);
  console.log(`${'Express hello world (the reference)'.padEnd(40)} ${median(hello).toFixed(0).padStart(8)} ${'1.00'.padStart(8)}`);
  for (const { name } of cases) {
    const results = rounds.get(name)!;
    const ratio = median(results.map((r) => r.ratio));
    const goal = name.startsWith('GET /api/datasources') ? `  goal >= 0.70: ${ratio >= 0.7 ? 'meets' : 'MISSES'}` : '';
    const line = [
      name.padEnd(40),
      median(results.map((r) => r.rps)).toFixed(0).padStart(8),
      ratio.toFixed(2).padStart(8),
      `${median(results.map((r) => r.p50))}ms`.padStart(6),
      `${median(results.map((r) => r.p99))}ms`.padStart(6),
      ` ${results.map((r) => r.ratio.toFixed(2)).join(' ')}${goal}`,
    ];
    console.log(line.join(' '));
  }
} finally {
  await Promise.all(
    children.map((child) => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    }),
  );
  if (profileDir) console.log(`\nCPU profile of the servers written to ${profileDir}`);
}
