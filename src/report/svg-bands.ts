/**
 * A confidence band under a line of a chart: the area between the interval's lower and upper
 * bounds per point, filled in the line's colour at low opacity so the line over it and other
 * strategies' bands still show (the "ribbon" of ggplot2's geom_ribbon / matplotlib's
 * fill_between). Bounds below zero are clipped at the axis by the chart's scale.
 */

/** [x, lo, hi] per point, in the chart's data units; null is a gap (a window without a value). */
export type BandPoints = ReadonlyArray<readonly [number, number, number] | null>;

/** Opacity of a band's fill: two overlapping bands stay readable, the lines stay on top. */
export const BAND_OPACITY = 0.2;

const f = (x: number) => String(Math.round(x * 100) / 100);

/** The band as closed SVG paths, one per run of points between gaps (upper bound left to right, lower bound back). */
export function bandPath(points: BandPoints, xs: (x: number) => number, ys: (y: number) => number, color: string, name: string): string {
  const safe = name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const runs: Array<Array<readonly [number, number, number]>> = [[]];
  for (const p of points) {
    if (p !== null) runs[runs.length - 1]!.push(p);
    else if (runs[runs.length - 1]!.length > 0) runs.push([]);
  }
  return runs
    .filter((run) => run.length > 0)
    .map((run) => {
      const upper = run.map(([x, , hi], i) => `${i === 0 ? 'M' : 'L'}${f(xs(x))} ${f(ys(Math.max(0, hi)))}`).join('');
      const lower = [...run].reverse().map(([x, lo]) => `L${f(xs(x))} ${f(ys(Math.max(0, lo)))}`).join('');
      return `<path class="band" data-series="${safe}" d="${upper}${lower}Z" fill="${color}" fill-opacity="${BAND_OPACITY}" stroke="none"><title>${safe}: 95% interval over the replications</title></path>`;
    })
    .join('');
}

/** The highest upper bound, for the chart's y scale. */
export function bandMax(points: BandPoints | undefined): number {
  let max = 0;
  for (const p of points ?? []) if (p !== null && p[2] > max) max = p[2];
  return max;
}
