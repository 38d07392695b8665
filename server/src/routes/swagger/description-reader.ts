import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readApiDescription, type ReadApiDescriptionResult } from '@keyway/shared';

/** Below this a description is read on the event loop: a worker's start costs more than the reading. */
export const INLINE_BELOW_CHARS = 256 * 1024;

/**
 * readApiDescription for the server: a large description (a 5 MB YAML file takes seconds) is read
 * in a worker thread, so that requests and health checks go on meanwhile. One worker per
 * description, ended when it answers. Should a worker not start, the description is read here,
 * as before: slower for everyone for that moment, never refused for it.
 */
export async function readDescription(text: string, fileName: string | undefined, maxBytes: number): Promise<ReadApiDescriptionResult> {
  if (text.length < INLINE_BELOW_CHARS) return readApiDescription(text, fileName, { maxBytes });
  try {
    return await inWorker({ text, fileName, maxBytes });
  } catch (error) {
    // Said, not thrown: the operator should know the worker is missing from the build.
    process.emitWarning(`API descriptions are read on the event loop: the reader's worker did not run (${error instanceof Error ? error.message : String(error)})`, 'KeywayWarning');
    return readApiDescription(text, fileName, { maxBytes });
  }
}

/**
 * Built, the worker is dist/description-worker.js beside the bundle. From source (tsx, vitest) it
 * is the TypeScript file: a small bootstrap registers tsx's loader in the worker first (an
 * `--import tsx` in execArgv leaves a worker unable to load .ts files on Node 20).
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./description-worker.js', import.meta.url));
  const script = new URL('./description-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsxApiUrl())}).then(({ register }) => { register(); return import(${JSON.stringify(script)}); });`, { eval: true });
}

/** tsx's ESM API (what `register()` is exported from), found through tsx's own exports map. */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const exports = (require('tsx/package.json') as { exports: Record<string, { import: { default: string } }> }).exports;
  return pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api']!.import.default)).href;
}

function inWorker(request: { text: string; fileName?: string; maxBytes: number }): Promise<ReadApiDescriptionResult> {
  return new Promise((resolve, reject) => {
    const worker = startWorker();
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      finish();
      void worker.terminate();
    };
    worker.once('message', (result: ReadApiDescriptionResult) => settle(() => resolve(result)));
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the description worker exited with code ${code}`))));
    worker.postMessage(request);
  });
}
