import { readApiDescription, type ReadApiDescriptionResult } from '@keyway/shared';

/**
 * readApiDescription in a Web Worker, so that the page keeps answering while a large file is
 * parsed; on the page itself where there are no workers (tests in jsdom). One worker per file,
 * ended when it answers: a file read is rare, and an ended worker holds no memory.
 */
export function readDescriptionOffThePage(text: string, fileName: string, maxBytes: number): Promise<ReadApiDescriptionResult> {
  if (typeof Worker === 'undefined') return Promise.resolve(readApiDescription(text, fileName, { maxBytes }));
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./description-reader.worker.ts', import.meta.url), { type: 'module', name: 'api-description-reader' });
    const done = (result: ReadApiDescriptionResult) => {
      worker.terminate();
      resolve(result);
    };
    worker.onmessage = (event: MessageEvent<ReadApiDescriptionResult>) => done(event.data);
    // A worker that cannot start (a policy, an old browser) must not lose the file: read it here.
    worker.onerror = (event) => {
      event.preventDefault();
      done(readApiDescription(text, fileName, { maxBytes }));
    };
    worker.postMessage({ text, fileName, maxBytes });
  });
}
