import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Request bodies in the shapes of Adobe Flow Service's documentation (POST /connections, PATCH with
 * JSON Patch), aimed at this sandbox: what a Flow client sends, for trying Keyway's /api/v1 and for
 * the tests that check every one of them is accepted. `{{name}}` marks a value of the running sandbox.
 */
export const flowExamplesDir: string = fileURLToPath(new URL('../examples/flow/', import.meta.url));

export type FlowExampleValues = Partial<
  Record<'environmentUrl' | 'consumerKey' | 'consumerSecret' | 'jwtUsername' | 'keyPairId' | 'username' | 'password' | 'securityToken', string>
>;

/** The examples by file name (without .json). */
export function flowExampleNames(): string[] {
  return fs
    .readdirSync(flowExamplesDir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/**
 * One example with its placeholders filled. Values go in as JSON strings, so a password with a quote
 * or a backslash stays one string; a placeholder without a value is an error, never sent as text.
 */
export function flowExample(name: string, values: FlowExampleValues): object {
  const text = fs.readFileSync(path.join(flowExamplesDir, `${name}.json`), 'utf8');
  const filled = text.replace(/"\{\{(\w+)\}\}"/g, (_match, key: string) => {
    const value = values[key as keyof FlowExampleValues];
    if (value === undefined) throw new Error(`the Flow example "${name}" needs a value for {{${key}}}`);
    return JSON.stringify(value);
  });
  return JSON.parse(filled) as object;
}
