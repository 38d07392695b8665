import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

/** GitHub's published REST API description, 13 MB of JSON (fixtures/README.md says where it is from). */
export const GITHUB_API_DESCRIPTION_PATH = fileURLToPath(new URL('./fixtures/api.github.com.json.br', import.meta.url));

export function githubApiDescription(): string {
  return zlib.brotliDecompressSync(fs.readFileSync(GITHUB_API_DESCRIPTION_PATH)).toString('utf8');
}
