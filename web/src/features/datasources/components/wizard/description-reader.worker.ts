import { readApiDescription } from '@keyway/shared';

/**
 * Reads an API description away from the page: a 25 MB YAML file can take seconds to parse, and on
 * the main thread the page would not answer a click or a key for all that time.
 */
interface ReadRequest {
  text: string;
  fileName: string;
  maxBytes: number;
}

const scope = self as unknown as { onmessage: ((event: MessageEvent<ReadRequest>) => void) | null; postMessage(message: unknown): void };

scope.onmessage = (event) => {
  const { text, fileName, maxBytes } = event.data;
  scope.postMessage(readApiDescription(text, fileName, { maxBytes }));
};
