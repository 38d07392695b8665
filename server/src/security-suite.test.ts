import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * SECURITY.md promises a table that lists every attack and fault the test suite tries, one row
 * per test. A test whose title starts with "attack: " or "fault: " is such a test; this keeps
 * the table and the tests the same set, in both directions.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PACKAGES = ['shared', 'server', 'web', 'sandbox', 'e2e'];

function testFiles(dir: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) testFiles(full, found);
    else if (/\.(test|spec)\.tsx?$/.test(entry.name)) found.push(full);
  }
  return found;
}

/** "file :: title" for every test named as an attack or a fault: the first argument of it(…), test(…) or it.each(…)(…). */
function attackAndFaultTests(): string[] {
  const title = /\(\s*(['"`])((?:attack|fault): [^\n]*?)\1\s*,/g;
  const found: string[] = [];
  for (const pkg of PACKAGES) {
    for (const file of testFiles(path.join(root, pkg))) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(title)) {
        found.push(`${path.relative(root, file).split(path.sep).join('/')} :: ${match[2]}`);
      }
    }
  }
  return found.sort();
}

/** "file :: title" for every row of SECURITY.md's tables: | n | title | `file` | */
function securityTableRows(markdown: string): string[] {
  const row = /^\|\s*\d+\s*\|\s*(.+?)\s*\|\s*`([^`]+)`\s*\|\s*$/;
  return markdown
    .split('\n')
    .map((line) => row.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[2]} :: ${m[1]!.replace(/\\\|/g, '|')}`)
    .sort();
}

describe('SECURITY.md', () => {
  const markdown = fs.readFileSync(path.join(root, 'SECURITY.md'), 'utf8');

  it('lists every attack: and fault: test exactly once, and nothing that is not one', () => {
    const tests = attackAndFaultTests();
    const rows = securityTableRows(markdown);
    expect(tests.length).toBeGreaterThan(100);
    expect({ missingFromTable: tests.filter((t) => !rows.includes(t)), notATest: rows.filter((r) => !tests.includes(r)) }).toEqual({
      missingFromTable: [],
      notATest: [],
    });
    expect(new Set(rows).size).toBe(rows.length);
  });

  it('numbers its rows 1, 2, 3 … without gaps', () => {
    const numbers = markdown
      .split('\n')
      .map((line) => /^\|\s*(\d+)\s*\|/.exec(line)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });

  it('reads a table row and a test title the same way', () => {
    expect(securityTableRows('| 7 | attack: a \\| b | `server/src/x.test.ts` |\n| not | a | row |')).toEqual(['server/src/x.test.ts :: attack: a | b']);
  });
});
