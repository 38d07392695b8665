import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readApiDescription, type ReadApiDescriptionResult } from '@keyway/shared';
import { busy } from '../../errors';

/** Below this a description is read on the event loop: a worker's start costs more than the reading. */
export const INLINE_BELOW_CHARS = 256 * 1024;

/**
 * The heap a worker may use. A 25 MB YAML file that must be read with positions (one with
 * anchors, or a problem to explain) takes about 1.1 GB; past this the worker is stopped and the
 * file refused, and the console's own process is untouched.
 */
const WORKER_HEAP_MB = 1536;

/**
 * Workers reading at once: a core stays free for the event loop, and each may take its whole
 * heap while the machine (or the container's limit) keeps room for the console itself.
 */
const MEMORY_MB = (process.constrainedMemory?.() || os.totalmem()) / 2 ** 20;
const READERS = Math.max(1, Math.min(os.availableParallelism() - 1, Math.floor(MEMORY_MB / (2 * WORKER_HEAP_MB))));
/** Reads that may wait their turn; each holds its text (up to twice SWAGGER_MAX_BYTES in a body). */
const MAX_WAITING = 4;
/** Reads in progress and in line at most; one more is refused. */
export const MAX_READS = READERS + MAX_WAITING;
/** A read that has not finished in this time is stopped: nothing a description needs takes as long. */
const READ_TIMEOUT_MS = 60_000;

export const TOO_BIG_TO_READ =
  'The file needs more memory to read than the console allows. If it uses YAML anchors and aliases (&name, *name), a copy without them, or the JSON form, reads with far less.';
export const TOO_SLOW_TO_READ = 'The file took longer than a minute to read, so it was not used.';

/**
 * readApiDescription for the server: a large description (a 25 MB YAML file can take seconds) is
 * read in a worker thread, so that requests and health checks go on meanwhile. One worker per
 * description, ended when it answers or after READ_TIMEOUT_MS, READERS at a time and at most
 * MAX_WAITING more in line (then 503, to try again). Should a worker not start, the
 * description is read here, as before: slower for everyone for that moment, never refused for
 * it. A worker that runs out of memory refuses the file instead: read here, it would take the
 * console down.
 */
export async function readDescription(
  text: string,
  fileName: string | undefined,
  maxBytes: number,
  limits: { heapMb?: number; timeoutMs?: number } = {},
): Promise<ReadApiDescriptionResult> {
  if (text.length < INLINE_BELOW_CHARS) return readApiDescription(text, fileName, { maxBytes });
  const release = await turn();
  try {
    return await inWorker({ text, fileName, maxBytes }, limits.heapMb ?? WORKER_HEAP_MB, limits.timeoutMs ?? READ_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof ReadTimedOut) return { ok: false, problem: { message: TOO_SLOW_TO_READ } };
    if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') return { ok: false, problem: { message: TOO_BIG_TO_READ } };
    // A worker that ran and then failed is not retried here: whatever stopped it would stop the console.
    if (error instanceof WorkerFailed) throw error.cause;
    // Said, not thrown: the operator should know the worker is missing from the build.
    process.emitWarning(`API descriptions are read on the event loop: the reader's worker did not run (${error instanceof Error ? error.message : String(error)})`, 'KeywayWarning');
    return readApiDescription(text, fileName, { maxBytes });
  } finally {
    release();
  }
}

let reading = 0;
const waiting: Array<() => void> = [];

/** Waits for a free reader; the function it gives back frees it for the next in line. When too many wait already, 503. */
async function turn(): Promise<() => void> {
  if (reading >= READERS) {
    if (waiting.length >= MAX_WAITING) throw busy('The console is reading other large API descriptions. Try again in a minute.', 60);
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else reading += 1;
  return () => {
    const next = waiting.shift();
    if (next) next();
    else reading -= 1;
  };
}

/**
 * Built, the worker is dist/description-worker.js beside the bundle. From source (tsx, vitest) it
 * is the TypeScript file: a small bootstrap registers tsx's loader in the worker first (an
 * `--import tsx` in execArgv leaves a worker unable to load .ts files on Node 20).
 */
function startWorker(heapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapMb };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./description-worker.js', import.meta.url), { resourceLimits });
  const script = new URL('./description-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsxApiUrl())}).then(({ register }) => { register(); return import(${JSON.stringify(script)}); });`, {
    eval: true,
    resourceLimits,
  });
}

/** tsx's ESM API (what `register()` is exported from), found through tsx's own exports map. */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const exports = (require('tsx/package.json') as { exports: Record<string, { import: { default: string } }> }).exports;
  return pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api']!.import.default)).href;
}

class ReadTimedOut extends Error {}
class WorkerFailed extends Error {}

function inWorker(request: { text: string; fileName?: string; maxBytes: number }, heapMb: number, timeoutMs: number): Promise<ReadApiDescriptionResult> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(heapMb);
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      finish();
      void worker.terminate();
    };
    const timer = setTimeout(() => settle(() => reject(new ReadTimedOut())), timeoutMs);
    let online = false;
    worker.once('online', () => (online = true));
    const failed = (error: Error) => (online && (error as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY' ? new WorkerFailed(error.message, { cause: error }) : error);
    worker.once('message', (result: ReadApiDescriptionResult) => settle(() => resolve(result)));
    worker.once('error', (error) => settle(() => reject(failed(error))));
    worker.once('exit', (code) => settle(() => reject(failed(new Error(`the description worker exited with code ${code}`)))));
    worker.postMessage(request);
  });
}
