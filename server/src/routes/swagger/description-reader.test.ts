import { readApiDescription } from '@keyway/shared';
import { describe, expect, it } from 'vitest';
import { largeOpenApiJson, largeOpenApiYaml } from '../../../../shared/src/test-support/large-api-descriptions';
import { INLINE_BELOW_CHARS, MAX_READS, readDescription, TOO_BIG_TO_READ, TOO_SLOW_TO_READ } from './description-reader';

describe('reading an API description on the server', () => {
  it('reads a large description in a worker to exactly what the reader gives on the event loop', async () => {
    const yaml = largeOpenApiYaml(600_000);
    const json = largeOpenApiJson(600_000);
    for (const [text, fileName] of [
      [yaml, 'large.yaml'],
      [json, 'large.json'],
    ] as const) {
      expect(text.length).toBeGreaterThan(INLINE_BELOW_CHARS);
      const inWorker = await readDescription(text, fileName, 10_000_000);
      expect(inWorker).toEqual(readApiDescription(text, fileName, { maxBytes: 10_000_000 }));
      expect(inWorker.ok).toBe(true);
    }
  });

  it('gives a large file\'s problem, with its place, from the worker too', async () => {
    const text = `${largeOpenApiYaml(400_000)}\n  bad: [indent\n`;
    const result = await readDescription(text, 'broken.yaml', 10_000_000);
    expect(result).toEqual(readApiDescription(text, 'broken.yaml', { maxBytes: 10_000_000 }));
    expect(result.ok).toBe(false);
  });

  it('keeps the event loop free while a large YAML description is read', async () => {
    const text = largeOpenApiYaml(2_000_000);
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 5);
    const started = performance.now();
    await readDescription(text, 'large.yaml', 10_000_000);
    const ended = performance.now();
    const took = ended - started;
    clearInterval(timer);
    // From the start of the read to its end, every stretch the timer could not run.
    const moments = [started, ...ticks, ended];
    const gaps = moments.slice(1).map((at, index) => at - moments[index]!);
    // Read on the event loop, one gap would be nearly the whole read; in the worker the timer goes on.
    expect(Math.max(0, ...gaps)).toBeLessThan(took / 2);
  });

  it('fault: a file that needs more memory than a worker may have is refused, and the console goes on', async () => {
    // Anchors send the file to the careful reading, which needs several times the file's size.
    const text = `${largeOpenApiYaml(3_000_000)}\nx-base: &base { a: 1 }\nx-copy: *base\n`;
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      expect(await readDescription(text, 'large.yaml', 10_000_000, { heapMb: 32 })).toEqual({ ok: false, problem: { message: TOO_BIG_TO_READ } });
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
    // The next one, with room, is read.
    expect((await readDescription(largeOpenApiYaml(400_000), 'large.yaml', 10_000_000)).ok).toBe(true);
  });

  it('reads large descriptions one after another when they come at once, each to its own answer', async () => {
    const texts = [300_000, 350_000, 400_000].map((size) => largeOpenApiJson(size));
    const results = await Promise.all(texts.map((text) => readDescription(text, 'large.json', 10_000_000)));
    expect(results).toEqual(texts.map((text) => readApiDescription(text, 'large.json', { maxBytes: 10_000_000 })));
  });

  it('fault: a read that does not finish in time is stopped and the file refused', async () => {
    const text = largeOpenApiJson(400_000);
    expect(await readDescription(text, 'large.json', 10_000_000, { timeoutMs: 1 })).toEqual({ ok: false, problem: { message: TOO_SLOW_TO_READ } });
    expect((await readDescription(text, 'large.json', 10_000_000)).ok).toBe(true);
  });

  it('attack: more large descriptions at once than can be read or wait are refused with 503 and Retry-After, the rest read', async () => {
    const text = largeOpenApiJson(300_000);
    const outcomes = await Promise.allSettled(Array.from({ length: MAX_READS + 2 }, () => readDescription(text, 'large.json', 10_000_000)));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled' && outcome.value.ok)).toHaveLength(MAX_READS);
    const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(refused).toHaveLength(2);
    for (const { reason } of refused) expect(reason).toMatchObject({ status: 503, code: 'busy', details: { retryAfterSeconds: 60 } });
  });
});
