import { expect, type Page, type Response } from '@playwright/test';

export interface RecordedResponse {
  url: string;
  status: number;
  /** Every header the browser received (Set-Cookie included), then the body unless `headersOnly`. */
  text: string;
  /** A response without a body by nature (a redirect, 204, 304, an answer to HEAD): its headers alone were scanned. */
  headersOnly: boolean;
}

/** A redirect, 204 No Content, 304 Not Modified, or an answer to HEAD: there is no body to read. */
function hasNoBody(response: Response): boolean {
  const status = response.status();
  const redirect = [301, 302, 303, 307, 308].includes(status);
  return redirect || status === 204 || status === 304 || response.request().method() === 'HEAD';
}

/**
 * Keeps every response the browser receives (HTML, JS, CSS, API), to search for leaks: the headers
 * of each, and the body of each that has one. A response whose body should be there but cannot be
 * read is not left out quietly: `all()` fails the test and names it.
 */
export function recordResponses(page: Page) {
  const recorded: RecordedResponse[] = [];
  const unreadable: string[] = [];
  const pending: Array<Promise<void>> = [];

  async function record(response: Response) {
    const url = response.url();
    const status = response.status();
    const headers = JSON.stringify(await response.allHeaders());
    if (hasNoBody(response)) {
      recorded.push({ url, status, text: headers, headersOnly: true });
      return;
    }
    try {
      const body = await response.body();
      recorded.push({ url, status, text: `${headers}\n${body.toString('utf8')}`, headersOnly: false });
    } catch (error) {
      // A worker's script: once the page ends the worker, the browser no longer has its body. Under
      // /assets/ every file is immutable and the same for everyone, so the same file is fetched
      // again and scanned instead.
      if (response.request().method() === 'GET' && new URL(url).pathname.startsWith('/assets/')) {
        const again = await page.request.get(url);
        recorded.push({ url, status, text: `${headers}\n${await again.text()}`, headersOnly: false });
        return;
      }
      // Still scanned by its headers, and reported: its body went unread.
      recorded.push({ url, status, text: headers, headersOnly: true });
      unreadable.push(`${response.request().method()} ${url} (${status}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  page.on('response', (response) => {
    // Caught here so nothing is an unhandled rejection before all() looks.
    pending.push(record(response).catch((error: unknown) => {
      unreadable.push(`${response.url()}: headers: ${error instanceof Error ? error.message : String(error)}`);
    }));
  });

  return {
    /** Everything recorded; fails the test if a body that should be there could not be read. */
    async all(): Promise<{ responses: RecordedResponse[]; headersOnly: number }> {
      await Promise.all(pending);
      expect(unreadable, 'responses whose body could not be read, so were not scanned').toEqual([]);
      return { responses: recorded, headersOnly: recorded.filter((r) => r.headersOnly).length };
    },
  };
}
