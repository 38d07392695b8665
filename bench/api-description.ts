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

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function medianMs(text: string): number {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    readApiDescription(text, 'bench.json');
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

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
