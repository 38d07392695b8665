import { describe, expect, it } from 'vitest';
import { niceMax, sparklineGeometry } from './sparkline-path';

describe('sparkline geometry', () => {
  it('tops the axis at the round number recharts chose above the highest value', () => {
    expect(niceMax(843)).toBe(1000);
    expect(niceMax(120)).toBe(120);
    expect(niceMax(97)).toBe(100);
    expect(niceMax(3.3)).toBe(3.4);
    expect(niceMax(0)).toBe(1);
  });

  it('breaks the line where a check got no answer, and leaves out a lone answer', () => {
    const { runs } = sparklineGeometry([10, 20, null, 30, null, 40, 50, 60], 70, 60);
    expect(runs).toHaveLength(2);
    expect(runs[0]!.line).toBe('M0,50L10,40');
    expect(runs[1]!.line.startsWith('M50,20C')).toBe(true);
    expect(runs[1]!.area.endsWith('L70,60L50,60Z')).toBe(true);
  });

  it('does not overshoot between points: the curve stays within the values it joins', () => {
    const { runs } = sparklineGeometry([10, 10, 90, 90, 50], 40, 100);
    const ys = [...runs[0]!.line.matchAll(/-?\d+(\.\d+)?/g)].map((m) => Number(m[0])).filter((_, i) => i % 2 === 1);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(100 - 90);
    expect(Math.max(...ys)).toBeLessThanOrEqual(100 - 10);
  });
});
