import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const gzipped = promisify(gzip);
const brotlied = promisify(brotliCompress);

/** Text compresses; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|css|svg|json|html|txt|wasm)$/;

/**
 * Writes `x.js.br` and `x.js.gz` beside every hashed file in assets/, at the strongest settings
 * (brotli 11, gzip 9): once per build, where a server compressing on each request could afford only
 * quick ones. server/src/http/web-app.ts sends the one the browser accepts. A file that does not
 * get smaller (a tiny chunk) gets no compressed copy and goes as it is. Our own 40 lines rather
 * than vite-plugin-compression: node:zlib does the work, and the plugin would be one more package
 * to keep up with Vite's releases.
 */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'keyway:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((name) => name.startsWith('assets/') && COMPRESSIBLE.test(name));
      await Promise.all(
        files.map(async (name) => {
          const file = path.join(outDir, name);
          const source = await readFile(file);
          const [br, gz] = await Promise.all([
            brotlied(source, {
              params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: source.length },
            }),
            gzipped(source, { level: constants.Z_BEST_COMPRESSION }),
          ]);
          await Promise.all([
            br.length < source.length ? writeFile(`${file}.br`, br) : undefined,
            gz.length < source.length ? writeFile(`${file}.gz`, gz) : undefined,
          ]);
        }),
      );
    },
  };
}
