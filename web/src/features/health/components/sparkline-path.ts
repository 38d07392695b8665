/**
 * The shapes of the dashboard tiles' sparklines, drawn as recharts drew them for Mantine's Sparkline
 * (which took 110 kB of gzipped JavaScript to the dashboard): a monotone curve (d3's curveMonotoneX)
 * through each run of answered checks, broken where a check got no answer, over a y axis from 0 to
 * recharts' round number above the highest value.
 */

export interface SparklineGeometry {
  /** One `d` per run of answered checks: the line, and the area under it down to 0. */
  runs: { line: string; area: string }[];
}

/** recharts' default axis: five ticks from 0, each a round step (…, 0.2, 0.25, 0.3, …, 1, 2, 2.5…). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const rough = max / 4;
  const digits = Math.floor(Math.log10(rough)) + 1;
  const unit = 10 ** digits;
  const ratioStep = digits === 1 ? 0.1 : 0.05;
  const step = Math.ceil(rough / unit / ratioStep - 1e-9) * ratioStep * unit;
  // Twelve digits: 0.05 × 100 is not exactly 5 in binary, and 120 must not come out as 120.00000000000001.
  return Number((step * 4).toPrecision(12));
}

const sign = (x: number) => (x < 0 ? -1 : 1);
const round = (n: number) => Math.round(n * 100) / 100;

/** d3-shape's curveMonotoneX (Steffen's method): no overshoot between points. */
function monotone(points: readonly (readonly [number, number])[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M${round(first[0])},${round(first[1])}`;
  if (points.length === 2) return `${d}L${round(rest[0]![0])},${round(rest[0]![1])}`;
  const slope = (i: number) => (points[i + 1]![1] - points[i]![1]) / (points[i + 1]![0] - points[i]![0]);
  const tangents = points.map((_, i) => {
    if (i === 0 || i === points.length - 1) return NaN;
    const s0 = slope(i - 1);
    const s1 = slope(i);
    const h0 = points[i]![0] - points[i - 1]![0];
    const h1 = points[i + 1]![0] - points[i]![0];
    const p = (s0 * h1 + s1 * h0) / (h0 + h1);
    return (sign(s0) + sign(s1)) * Math.min(Math.abs(s0), Math.abs(s1), 0.5 * Math.abs(p)) || 0;
  });
  // The ends: a one-sided estimate from the neighbouring tangent.
  const last = points.length - 1;
  tangents[0] = (3 * slope(0) - tangents[1]!) / 2;
  tangents[last] = (3 * slope(last - 1) - tangents[last - 1]!) / 2;
  for (let i = 1; i <= last; i++) {
    const [x0, y0] = points[i - 1]!;
    const [x1, y1] = points[i]!;
    const dx = (x1 - x0) / 3;
    d += `C${round(x0 + dx)},${round(y0 + dx * tangents[i - 1]!)},${round(x1 - dx)},${round(y1 - dx * tangents[i]!)},${round(x1)},${round(y1)}`;
  }
  return d;
}

/** The runs of a sparkline `width` × `height` wide (points evenly spread, the first at 0, the last at `width`). */
export function sparklineGeometry(values: readonly (number | null)[], width: number, height: number): SparklineGeometry {
  const top = niceMax(Math.max(0, ...values.filter((v): v is number => v !== null)));
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const runs: SparklineGeometry['runs'] = [];
  let run: [number, number][] = [];
  const close = () => {
    // A lone answer between two misses has no line to draw, as in recharts.
    if (run.length >= 2) {
      const line = monotone(run);
      runs.push({ line, area: `${line}L${round(run[run.length - 1]![0])},${height}L${round(run[0]![0])},${height}Z` });
    }
    run = [];
  };
  values.forEach((value, i) => {
    if (value === null) close();
    else run.push([i * step, height - (value / top) * height]);
  });
  close();
  return { runs };
}
