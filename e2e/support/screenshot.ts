import fs from 'node:fs';
import type { Page } from '@playwright/test';

const shotsDir = new URL('../.artifacts/screens/', import.meta.url).pathname;

/** A screenshot of the whole page, from the top, in .artifacts/screens/, for a person to look at. */
export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${shotsDir}${name}.png`, fullPage: true });
}
