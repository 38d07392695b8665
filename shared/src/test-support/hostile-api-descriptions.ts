/**
 * API descriptions built to make a reader work too hard, at a size the caller picks: the tests
 * check that each is refused or read with the right answer, and bench/api-description.ts times
 * them at two sizes to show the work grows with the input, not faster.
 */
const lines = (...content: string[]): string => `${content.join('\n')}\n`;

/** "Billion laughs": `levels` levels of ten aliases each to the level below. */
export function aliasBomb(levels = 9): string {
  const anchors = ['lol0: &lol0 "lol"'];
  for (let level = 1; level <= levels; level++) {
    anchors.push(`lol${level}: &lol${level} [${Array.from({ length: 10 }, () => `*lol${level - 1}`).join(', ')}]`);
  }
  return lines('swagger: "2.0"', 'info: {title: Laughs, version: "1"}', 'paths: {}', ...anchors);
}

/** A map of `count` keys, then one of them again (at line count + 4). */
export function repeatedKey(count = 50_000): string {
  const keys = Array.from({ length: count }, (_, index) => `  k${index}: {}`);
  return lines('swagger: "2.0"', 'info: {title: Keys, version: "1"}', 'paths:', ...keys, '  k7: {}');
}

/** JSON objects nested `depth` levels deep (800,000 is about 4 MB). */
export function deepJson(depth = 800_000): string {
  return `{"openapi": "3.0.0", "info": {"title": "T", "version": "1"}, "paths": ${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
}

/** `count` schemas in one $ref cycle, each also referring to itself (20,000 is about 4 MB), and one operation. */
export function referenceRing(count = 20_000): string {
  const definitions: Record<string, unknown> = {};
  for (let index = 0; index < count; index++) {
    definitions[`Schema${index}`] = {
      type: 'object',
      description: 'x'.repeat(60),
      properties: {
        next: { $ref: `#/definitions/Schema${(index + 1) % count}` },
        self: { $ref: `#/definitions/Schema${index}` },
      },
    };
  }
  return JSON.stringify({
    swagger: '2.0',
    info: { title: 'Ring', version: '1' },
    host: 'api.example.com',
    paths: { '/ring': { get: { responses: { 200: { description: 'OK', schema: { $ref: '#/definitions/Schema0' } } } } } },
    definitions,
  });
}
