/**
 * pnpm bench:api-description — how the API description reader copes with inputs built to make
 * it work too hard (shared/src/test-support/hostile-api-descriptions.ts), each at two sizes ten
 * times apart. A reader whose work grows with the input shows a ratio near 10; one that compares
 * everything with everything shows near 100. Prints the median of several runs, with the machine.
 * The tests check what the reader answers to these inputs; the time is measured here only.
 */
import os from 'node:os';
import { load as loadYaml } from 'js-yaml';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readApiDescription } from '../shared/src/swagger/read-api-description';
import { aliasBomb, deepJson, referenceRing, repeatedKey } from '../shared/src/test-support/hostile-api-descriptions';
import { largeOpenApiJson, largeOpenApiYaml } from '../shared/src/test-support/large-api-descriptions';
import { githubApiDescription } from '../shared/src/test-support/github-api-description';
import { readDescription } from '../server/src/routes/swagger/description-reader';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function medianOf(run: () => unknown): number {
  const times: number[] = [];
  for (let n = 0; n < RUNS; n++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const medianMs = (text: string) => medianOf(() => readApiDescription(text, 'bench.json'));

const cases: Array<{ name: string; small: string; large: string; goalMs: number }> = [
  { name: 'repeated key, 5,000 → 50,000 keys', small: repeatedKey(5_000), large: repeatedKey(50_000), goalMs: 5_000 },
  { name: 'nesting, 80,000 → 800,000 levels', small: deepJson(80_000), large: deepJson(800_000), goalMs: 2_000 },
  { name: '$ref ring, 2,000 → 20,000 schemas', small: referenceRing(2_000), large: referenceRing(20_000), goalMs: 10_000 },
  { name: 'alias bomb, 8 → 9 levels (10x the expansion)', small: aliasBomb(8), large: aliasBomb(9), goalMs: 1_000 },
];

console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
console.log(`median of ${RUNS} runs each\n`);
console.log(`${'input'.padEnd(48)} ${'small'.padStart(9)} ${'large'.padStart(9)} ${'ratio'.padStart(7)}  goal (large)`);
for (const { name, small, large, goalMs } of cases) {
  const smallMs = medianMs(small);
  const largeMs = medianMs(large);
  const verdict = largeMs <= goalMs ? `meets < ${goalMs} ms` : `MISSES < ${goalMs} ms`;
  console.log(`${name.padEnd(48)} ${smallMs.toFixed(1).padStart(7)}ms ${largeMs.toFixed(1).padStart(7)}ms ${(largeMs / smallMs).toFixed(1).padStart(6)}x  ${verdict}`);
}

// The reader against the parser itself, on ordinary large descriptions (issue 12's goal: at most
// 3x JSON.parse): GitHub's published one, and generated ones of the same shape.
console.log(`\n${'ordinary JSON description'.padEnd(48)} ${'JSON.parse'.padStart(11)} ${'reader'.padStart(9)} ${'ratio'.padStart(7)}  goal`);
for (const text of [githubApiDescription(), ...[2.5, 13].map((megabytes) => largeOpenApiJson(megabytes * 1_000_000))]) {
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
console.log(`\n${'ordinary YAML description'.padEnd(48)} ${'js-yaml'.padStart(11)} ${'reader'.padStart(9)} ${'ratio'.padStart(7)}  goal`);
for (const megabytes of [2.5, 13]) {
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
console.log(`\n${'event loop while a description is read'.padEnd(48)} ${'read'.padStart(9)} ${'loop p99'.padStart(9)} ${'longest'.padStart(9)}  goal`);
const yamlText = largeOpenApiYaml(6_500_000);
for (const [how, read] of [
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
