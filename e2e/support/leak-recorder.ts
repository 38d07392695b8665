import type { Page } from '@playwright/test';

/** Keeps the body of every response the browser receives (HTML, JS, CSS, API), to search for leaks. */
export function recordResponses(page: Page) {
  const bodies: Array<{ url: string; text: string }> = [];
  const pending: Array<Promise<void>> = [];
  page.on('response', (response) => {
    pending.push(
      response
        .body()
        .then((body) => {
          bodies.push({ url: response.url(), text: `${JSON.stringify(response.headers())}\n${body.toString('utf8')}` });
        })
        .catch(() => undefined),
    );
  });
  return {
    async all() {
      await Promise.all(pending);
      return bodies;
    },
  };
}
