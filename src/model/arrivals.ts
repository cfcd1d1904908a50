/**
 * When sessions start: a Poisson process whose rate may change over the run (a
 * non-homogeneous Poisson process, NHPP), generated exactly by inverting the integrated
 * rate Λ(t) = ∫₀ᵗ λ(s) ds (Çinlar's method; Law, "Simulation Modeling and Analysis",
 * §8.6.2): with E ~ Exp(1), the next arrival after t is the T with Λ(T) − Λ(t) = E.
 * Nothing is approximated per second: a constant phase gives T = t + E/λ, a linear ramp
 * solves its quadratic in closed form, a daily sinusoid is solved by safeguarded Newton
 * to machine precision. One uniform per arrival from the "arrivals" stream, as before,
 * so every strategy sees the same arrivals (common random numbers).
 *
 * The rate is a list of segments, each λ(t) = a + b·s + c·cos(ω·s + φ) with s = t − start:
 * c = 0 covers Artillery phases (`arrivalRate`, `rampTo`; k6 `ramping-arrival-rate` stages),
 * b = 0 with c > 0 the diurnal curve; a spike multiplies the segments it covers by k.
 * After the last segment no session starts (Artillery stops arriving after its last phase).
 */
import type { ClientConfig, LoadPhase, LoadProfile } from './config.js';

/** λ(t) = a + b·(t − start) + c·cos(ω·(t − start) + φ) on [start, end). */
export interface RateSegment {
  start: number;
  end: number;
  a: number;
  b: number;
  c: number;
  omega: number;
  phi: number;
}

const SECONDS_PER_DAY = 86400;

/** Rate at s seconds into the segment. */
function rateAt(g: RateSegment, s: number): number {
  return g.a + g.b * s + (g.c === 0 ? 0 : g.c * Math.cos(g.omega * s + g.phi));
}

/**
 * ∫ λ from s0 to s1 into the segment, written without cancellation: (s1² − s0²)/2 as
 * (s1 − s0)(s1 + s0)/2, and sin(ωs1 + φ) − sin(ωs0 + φ) as 2·cos(ω(s0 + s1)/2 + φ)·sin(ω(s1 − s0)/2).
 */
function massBetween(g: RateSegment, s0: number, s1: number): number {
  const d = s1 - s0;
  const linear = d * (g.a + 0.5 * g.b * (s1 + s0));
  return g.c === 0 ? linear : linear + ((2 * g.c) / g.omega) * Math.cos(0.5 * g.omega * (s0 + s1) + g.phi) * Math.sin(0.5 * g.omega * d);
}

/** The segment re-based to start at `t` (inside it), with the same λ. */
function from(g: RateSegment, t: number, end = g.end): RateSegment {
  const s = t - g.start;
  return { start: t, end, a: g.a + g.b * s, b: g.b, c: g.c, omega: g.omega, phi: g.phi + g.omega * s };
}

/** Artillery phases one after another: constant at `arrivalRate`, or linear from it to `rampTo`. */
export function phaseSegments(phases: readonly LoadPhase[]): RateSegment[] {
  const out: RateSegment[] = [];
  let t = 0;
  for (const p of phases) {
    const to = p.rampTo ?? p.arrivalRate;
    out.push({ start: t, end: t + p.duration, a: p.arrivalRate, b: (to - p.arrivalRate) / p.duration, c: 0, omega: 0, phi: 0 });
    t += p.duration;
  }
  return out;
}

/**
 * A daily curve: peak `peakRate` at `peakHour`, trough peakRate / peakToTrough twelve hours
 * away, a cosine in between; `timeScale` curve-seconds pass per simulated second.
 */
export function diurnalSegment(peakRate: number, p: Extract<LoadProfile, { type: 'diurnal' }>, duration: number): RateSegment {
  const trough = peakRate / p.peakToTrough;
  return {
    start: 0,
    end: duration,
    a: (peakRate + trough) / 2,
    b: 0,
    c: (peakRate - trough) / 2,
    omega: (2 * Math.PI * p.timeScale) / SECONDS_PER_DAY,
    phi: (2 * Math.PI * (p.startHour - p.peakHour)) / 24,
  };
}

/** Multiply λ by `factor` on [at, at + length): the segments are split at the spike's edges. */
export function withSpike(segments: readonly RateSegment[], at: number, length: number, factor: number): RateSegment[] {
  const until = at + length;
  const out: RateSegment[] = [];
  for (const g of segments) {
    const cuts = [g.start, ...[at, until].filter((x) => x > g.start && x < g.end), g.end];
    for (let k = 0; k + 1 < cuts.length; k++) {
      const piece = from(g, cuts[k]!, cuts[k + 1]!);
      if (piece.start >= at && piece.end <= until) {
        piece.a *= factor;
        piece.b *= factor;
        piece.c *= factor;
      }
      out.push(piece);
    }
  }
  return out;
}

/** The rate curve of a client configuration over a run of `duration` s; null = constant arrivalRate. */
export function rateSegments(clients: ClientConfig, duration: number): RateSegment[] | null {
  const { phases, profile } = clients;
  if ((phases === undefined || phases.length === 0) && profile === undefined) return null;
  let segments: RateSegment[];
  if (phases !== undefined && phases.length > 0) segments = phaseSegments(phases);
  else if (profile?.type === 'diurnal') segments = [diurnalSegment(clients.arrivalRate, profile, duration)];
  else segments = [{ start: 0, end: duration, a: clients.arrivalRate, b: 0, c: 0, omega: 0, phi: 0 }];
  if (profile?.type === 'spike') segments = withSpike(segments, profile.at, profile.duration, profile.factor);
  return segments;
}

/** λ(t); 0 outside the curve. */
export function rateOf(segments: readonly RateSegment[], t: number): number {
  for (const g of segments) if (t >= g.start && t < g.end) return rateAt(g, t - g.start);
  return 0;
}

/** Λ(t1) − Λ(t0): the expected number of arrivals in [t0, t1). */
export function expectedArrivals(segments: readonly RateSegment[], t0: number, t1: number): number {
  let m = 0;
  for (const g of segments) {
    const lo = Math.max(t0, g.start);
    const hi = Math.min(t1, g.end);
    if (hi > lo) m += massBetween(g, lo - g.start, hi - g.start);
  }
  return m;
}

/** The highest λ of the curve (at a segment's edge, or a cosine's crest inside one). */
export function peakRate(segments: readonly RateSegment[]): number {
  let peak = 0;
  for (const g of segments) {
    const len = g.end - g.start;
    peak = Math.max(peak, rateAt(g, 0), rateAt(g, len));
    // A cosine segment (b = 0) crests at a + c where ω·s + φ is a multiple of 2π inside it.
    if (g.c !== 0 && g.omega * len + g.phi >= 2 * Math.PI * Math.ceil(g.phi / (2 * Math.PI))) peak = Math.max(peak, g.a + g.c);
  }
  return peak;
}

/**
 * The next arrival after `now` given E ~ Exp(1): walk the segments' mass until E is used up,
 * then solve inside the segment. Infinity when the curve ends first.
 */
export class ArrivalCurve {
  /** The segment `now` is in (arrivals only move forward). */
  private k = 0;

  constructor(readonly segments: readonly RateSegment[]) {}

  nextAfter(now: number, exp: number): number {
    const segs = this.segments;
    let e = exp;
    let t = now;
    while (this.k < segs.length) {
      const g = segs[this.k]!;
      if (t < g.start) t = g.start;
      if (t < g.end) {
        const s0 = t - g.start;
        const len = g.end - g.start;
        const left = massBetween(g, s0, len);
        if (e < left) {
          // A constant phase (the common case) inline: T = t + E/λ, the same arithmetic as solve() (b·s0 = 0, so λ₀ = a).
          if (g.b === 0 && g.c === 0 && e > 0) return g.start + Math.min(s0 + e / g.a, len);
          return g.start + solve(g, s0, len, e);
        }
        e -= left;
      }
      this.k++;
    }
    return Infinity;
  }
}

/** The s in [s0, len) with Λ(s) − Λ(s0) = e (0 ≤ e < the mass left). */
function solve(g: RateSegment, s0: number, len: number, e: number): number {
  if (e <= 0) return s0;
  if (g.c === 0) {
    // b/2·x² + λ₀·x = e with λ₀ = λ(s0): the root 2e / (λ₀ + √(λ₀² + 2be)), stable for b of either sign.
    const l0 = g.a + g.b * s0;
    const x = g.b === 0 ? e / l0 : (2 * e) / (l0 + Math.sqrt(Math.max(0, l0 * l0 + 2 * g.b * e)));
    return Math.min(s0 + x, len);
  }
  // Newton on F(s) = ∫ λ from s0 to s − e (F' = λ ≥ 0), kept inside the bracket [lo, hi] by
  // bisection; converges quadratically, stops when the step no longer changes s.
  let lo = s0;
  let hi = len;
  let s = s0 + e / Math.max(rateAt(g, s0), 1e-300);
  if (!(s > lo && s < hi)) s = (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const f = massBetween(g, s0, s) - e;
    if (f === 0) return s;
    if (f > 0) hi = s;
    else lo = s;
    const r = rateAt(g, s);
    const tol = 4 * Number.EPSILON * Math.max(1, s);
    let next = r > 0 ? s - f / r : (lo + hi) / 2;
    // A step of a couple of ulps: the time cannot be written more precisely.
    if (Math.abs(next - s) <= tol || hi - lo <= tol) return Math.min(Math.max(next, lo), hi);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    s = next;
  }
  return s;
}
