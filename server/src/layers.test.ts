import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers of server/src, lowest first. A module imports only from layers below its own: never
 * from its own layer's other members, never from above. `@keyway/shared` sits below them all.
 * Tests, `*.fixtures.ts` and test-support/ may import anything. A new top-level folder or file must
 * be placed here before it can be imported.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['errors', 'logger'], //          what everything throws and logs with
  ['crypto', 'outbound'], //        secret box, keyring, passwords; the one module that calls other hosts
  ['db'], //                        Kysely, migrations, repositories
  ['config'], //                    the environment (it checks MASTER_KEY with crypto, DATABASE_SCHEMA with db's naming rule)
  ['keys', 'connectivity'], //      key rotation over the secrets table; token exchange and Test Connection
  ['health', 'audit'], //           the scheduler and monitor; the audit log's writer
  ['http'], //                      Express middleware: sessions, CSRF, roles, the error handler
  ['routes'], //                    one folder per resource: routes, service, presenter
  ['api'], //                       the /api/v1 machine API: API keys, Flow Service's connections
  ['app'], //                       wiring: the Express app from all of the above
  ['server', 'cli'], //             starting the app; the keyway command
  ['index'], //                     the process entry point
];
/** Imported by tests only; may import anything. */
const TEST_SUPPORT = 'test-support';

const src = path.dirname(fileURLToPath(import.meta.url));
const layerOf = new Map(LAYERS.flatMap((names, level) => names.map((name) => [name, level] as const)));

const isTest = (file: string) => /\.(test|fixtures)\.ts$/.test(file);

function sourceFiles(dir: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, found);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

/** The top-level folder, or file without `.ts`, that a path under src belongs to. */
function unitOf(file: string): string {
  const first = path.relative(src, file).split(path.sep)[0]!;
  return first.replace(/\.ts$/, '');
}

/** "from → to (file imports specifier)" for every relative import that runs sideways or upwards. */
function layerViolations(files: readonly string[], readFile: (file: string) => string): string[] {
  const violations: string[] = [];
  for (const file of files) {
    if (isTest(file)) continue;
    const from = unitOf(file);
    if (from === TEST_SUPPORT) continue;
    const fromLevel = layerOf.get(from);
    if (fromLevel === undefined) {
      violations.push(`${from} is in no layer: add it to LAYERS in layers.test.ts`);
      continue;
    }
    // Static, type-only, re-exported and dynamic imports alike.
    for (const { fileName: specifier } of ts.preProcessFile(readFile(file), true, true).importedFiles) {
      if (!specifier.startsWith('.')) continue;
      const to = unitOf(path.resolve(path.dirname(file), specifier));
      if (to === from) continue;
      const toLevel = layerOf.get(to);
      if (toLevel === undefined || toLevel >= fromLevel) {
        violations.push(`${from} → ${to} (${path.relative(src, file)} imports '${specifier}')`);
      }
    }
  }
  return violations;
}

describe('layers of server/src', () => {
  const files = sourceFiles(src);

  it('places every top-level folder and file in exactly one layer', () => {
    const units = new Set(files.filter((file) => !isTest(file)).map(unitOf));
    units.delete(TEST_SUPPORT);
    expect([...units].filter((unit) => !layerOf.has(unit)).sort()).toEqual([]);
    expect(LAYERS.flat().filter((name, i, all) => all.indexOf(name) !== i)).toEqual([]);
  });

  it('imports only from layers below', () => {
    expect(layerViolations(files, (file) => fs.readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('catches an import sideways or upwards, and lets tests and test-support import anything', () => {
    const at = (relative: string) => path.join(src, relative);
    const sources: Record<string, string> = {
      [at('db/repositories/x.repository.ts')]: "import { a } from '../../routes/x/x.service';\nimport type { B } from '../../crypto/secret-box';",
      [at('crypto/x.ts')]: "export { c } from '../outbound/outbound-client';",
      [at('http/x.ts')]: "const m = await import('../server');",
      [at('health/x.test.ts')]: "import { d } from '../app';",
      [at('test-support/x.ts')]: "import { e } from '../app';",
    };
    expect(layerViolations(Object.keys(sources), (file) => sources[file]!)).toEqual([
      "db → routes (db/repositories/x.repository.ts imports '../../routes/x/x.service')",
      "crypto → outbound (crypto/x.ts imports '../outbound/outbound-client')",
      "http → server (http/x.ts imports '../server')",
    ]);
  });
});
