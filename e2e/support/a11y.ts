import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { screenshot } from './screenshot';

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: the rules axe-core has for each. */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The widths a screen is checked at: a laptop and a phone. */
export const WIDTHS = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

function describe(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']) {
  return violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join('') ?? ''}`),
  }));
}

/**
 * No WCAG 2.2 AA violation on the screen as it is now, at both widths (the page is resized and
 * put back). Animations are let finish first, so half-faded colours are not measured.
 */
export async function expectAccessible(page: Page, screen: string, options: { screenshot?: boolean } = { screenshot: true }) {
  const original = page.viewportSize();
  for (const size of WIDTHS) {
    await page.setViewportSize({ width: size.width, height: size.height });
    // Let the layout follow the new width (Mantine's media-query hooks answer on the next frames).
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
    const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
    if (options.screenshot) await screenshot(page, `a11y-${screen}-${size.width}`);
    // Soft: one run lists every screen's violations, not only the first screen's.
    expect.soft(describe(results.violations), `WCAG 2.2 AA violations on "${screen}" at ${size.width} px`).toEqual([]);
  }
  if (original) await page.setViewportSize(original);
}
