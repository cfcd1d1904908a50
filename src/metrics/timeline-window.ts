/**
 * The width of a run's timeline windows: the unit of every per-window figure (windowed skew,
 * utilisation peaks, p99 over time, the terminal timeline, the warm-up ramp check).
 */

/**
 * The round widths a window may take: Grafana's interval ladder from 10 s up (roundInterval in
 * @grafana/data's rangeutil: 10 s, 15 s, 20 s, 30 s, 1 m, 2 m, 5 m, 10 m, 15 m, 20 m, 30 m, 1 h,
 * 2 h, 3 h, 6 h, 12 h, 24 h), so windows start on whole minutes where the run's events are set
 * (a crash at 9m00s opens a window instead of falling inside the one from 8m52s).
 */
const ROUND_WINDOWS = [10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/**
 * Width of the timeline's windows (windowed skew, utilisation peaks, p99 over time): the
 * smallest round width of at least 1/60 of the run and 10 s, so a run has at most 60 windows
 * (the last one may be partial) and a terminal timeline fits 80 columns.
 */
export function timelineWindow(duration: number): number {
  const least = Math.max(10, duration / 60);
  for (const w of ROUND_WINDOWS) if (w >= least) return w;
  const day = 86400;
  return Math.ceil(least / day) * day;
}

/** The index of the window holding the instants just before `t` (the one a warm-up ending at `t` ends in). */
export function windowEndingAt(t: number, window: number): number {
  return Math.max(0, Math.ceil(t / window - 1e-9) - 1);
}
