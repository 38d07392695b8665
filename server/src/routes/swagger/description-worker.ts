import { parentPort } from 'node:worker_threads';
import { readApiDescription } from '@keyway/shared';

/** Reads one API description per message, away from the event loop that serves requests and runs checks. */
parentPort?.on('message', ({ text, fileName, maxBytes }: { text: string; fileName?: string; maxBytes: number }) => {
  parentPort?.postMessage(readApiDescription(text, fileName, { maxBytes }));
});
