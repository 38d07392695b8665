import { readApiDescription } from '@keyway/shared';
import { describe, expect, it } from 'vitest';
import { largeOpenApiJson, largeOpenApiYaml } from '../../../../shared/src/test-support/large-api-descriptions';
import { INLINE_BELOW_CHARS, readDescription } from './description-reader';

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
});
