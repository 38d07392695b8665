import { describe, expect, it } from 'vitest';
import { cssVariablesResolver, theme } from './theme';

const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
const luminance = (rgb: number[]) => {
  const [r, g, b] = rgb.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};
/** WCAG 2.x contrast ratio of two colours. */
const contrast = (a: number[], b: number[]) => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
};
const WHITE = [1, 1, 1];

describe('theme colours meet WCAG 2.2 AA contrast (4.5:1 for text)', () => {
  const colors = Object.entries(theme.colors ?? {});

  it('covers the colours the console uses', () => {
    expect(colors.map(([name]) => name)).toEqual(expect.arrayContaining(['blue', 'red', 'green', 'orange', 'gray', 'violet']));
  });

  // Mantine 9's pairings in the light scheme: filled is white on shade 6; coloured text (c="red",
  // links, subtle buttons) is shade 6 on white or the page's gray 0; light is shade 9 on 1 (hover 2).
  it.each(colors)('%s: filled, text and light variants', (_name, shades) => {
    const shade = (i: number) => channels(shades![i]!);
    const page = channels(theme.colors!.gray![0]);
    for (const i of [6, 7, 8, 9]) {
      expect(contrast(WHITE, shade(i))).toBeGreaterThanOrEqual(4.5);
      expect(contrast(page, shade(i))).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrast(shade(1), shade(9))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(shade(2), shade(9))).toBeGreaterThanOrEqual(4.5);
  });

  it('links (blue 7) on the light tint of any colour, where hints and alerts put them', () => {
    const anchor = cssVariablesResolver(theme as never).light['--mantine-color-anchor'];
    expect(anchor).toBe('var(--mantine-color-blue-7)');
    for (const [, shades] of colors) expect(contrast(channels(shades![1]!), channels(theme.colors!.blue![7]!))).toBeGreaterThanOrEqual(4.5);
  });

  it('dimmed text (gray 6) on white, on the page background (gray 0) and on striped rows (gray 1)', () => {
    const gray = theme.colors!.gray!;
    for (const background of [WHITE, channels(gray[0]), channels(gray[1])]) {
      expect(contrast(background, channels(gray[6]))).toBeGreaterThanOrEqual(4.5);
    }
  });
});
