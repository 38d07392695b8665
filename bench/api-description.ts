/**
 * pnpm bench:api-description — how the API description reader copes with inputs built to make
 * it work too hard (shared/src/test-support/hostile-api-descriptions.ts), each at two sizes ten
 * times apart. A reader whose work grows with the input shows a ratio near 10; one that compares
 * everything with everything shows near 100. Prints the median of several runs, with the machine.
 * The tests check what the reader answers to these inputs; the time is measured here only.
 */
import os from 'node:os';
import { readApiDescription } from '../shared/src/swagger/read-api-description';
import { aliasBomb, deepJson, referenceRing, repeatedKey } from '../shared/src/test-support/hostile-api-descriptions';
import { largeOpenApiJson } from '../shared/src/test-support/large-api-descriptions';

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

// The reader against the parser itself, on ordinary large descriptions (issue 12's goal: at most 3x JSON.parse).
console.log(`\n${'ordinary JSON description'.padEnd(48)} ${'JSON.parse'.padStart(11)} ${'reader'.padStart(9)} ${'ratio'.padStart(7)}  goal`);
for (const megabytes of [2.5, 13]) {
  const text = largeOpenApiJson(megabytes * 1_000_000);
  const maxBytes = text.length * 2;
  const read = readApiDescription(text, 'large.json', { maxBytes });
  if (!read.ok) throw new Error(`the large description was not read: ${read.problem.message}`);
  const parseMs = medianOf(() => JSON.parse(text));
  const readerMs = medianOf(() => readApiDescription(text, 'large.json', { maxBytes }));
  const ratio = readerMs / parseMs;
  const label = `${(text.length / 1e6).toFixed(1)} MB, ${read.summary.operationCount.toLocaleString('en')} operations`;
  console.log(`${label.padEnd(48)} ${parseMs.toFixed(1).padStart(9)}ms ${readerMs.toFixed(1).padStart(7)}ms ${ratio.toFixed(1).padStart(6)}x  ${ratio <= 3 ? 'meets' : 'MISSES'} <= 3x`);
}
