/**
 * The arrival curve is exact: the next arrival T after t solves Λ(T) − Λ(t) = E to machine
 * precision (Çinlar's inversion), whatever the segment (constant, ramp up or down, cosine)
 * and across segment edges; Λ itself is the closed-form integral of λ (checked against
 * Simpson's rule); a spike multiplies exactly the part of the curve it covers.
 */
import { describe, expect, it } from 'vitest';
import { ArrivalCurve, diurnalSegment, expectedArrivals, peakRate, phaseSegments, rateOf, rateSegments, withSpike, type RateSegment } from '../../src/model/arrivals.js';
import { RandomStream } from '../../src/engine/random.js';
import { scenario } from '../helpers/stats.js';

const PHASES = phaseSegments([
  { name: 'warm', duration: 60, arrivalRate: 10, rampTo: null },
  { name: 'ramp', duration: 120, arrivalRate: 10, rampTo: 40 },
  { name: 'down', duration: 60, arrivalRate: 40, rampTo: 5 },
  { name: null, duration: 30, arrivalRate: 0, rampTo: null },
  { name: 'from zero', duration: 50, arrivalRate: 0, rampTo: 8 },
]);
const DIURNAL: RateSegment[] = [diurnalSegment(20, { type: 'diurnal', peakHour: 20, peakToTrough: 4, startHour: 3, timeScale: 24 }, 7200)];

/** Simpson's rule with n (even) intervals. */
function simpson(f: (t: number) => number, a: number, b: number, n = 20000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

describe('arrival curve: Λ is the integral of λ', () => {
  it.each([
    ['phases', PHASES, 0, 320],
    ['phases, inside a ramp', PHASES, 75.5, 171.25],
    ['diurnal (a day in two hours)', DIURNAL, 0, 7200],
    ['diurnal, a slice', DIURNAL, 1234.5, 2345.25],
  ])('%s: closed form = Simpson (to 1e-9 relative)', (_name, segs, a, b) => {
    const exact = expectedArrivals(segs, a, b);
    // Simpson per segment (λ is smooth inside each): error O(h⁴), far below 1e-9 here.
    let numeric = 0;
    for (const g of segs) {
      const lo = Math.max(a, g.start);
      const hi = Math.min(b, g.end);
      if (hi > lo) numeric += simpson((t) => rateOf(segs, Math.min(t, g.end - 1e-12)), lo, hi);
    }
    expect(Math.abs(exact - numeric) / numeric).toBeLessThan(1e-9);
  });

  it('phases: a hold, a ramp, a ramp down, a pause, a ramp from zero', () => {
    expect(expectedArrivals(PHASES, 0, 60)).toBeCloseTo(600, 9);
    expect(expectedArrivals(PHASES, 60, 180)).toBeCloseTo(120 * 25, 9);
    expect(expectedArrivals(PHASES, 180, 240)).toBeCloseTo(60 * 22.5, 9);
    expect(expectedArrivals(PHASES, 240, 270)).toBe(0);
    expect(expectedArrivals(PHASES, 270, 320)).toBeCloseTo(200, 9);
    expect(rateOf(PHASES, 120)).toBeCloseTo(25, 12);
    expect(rateOf(PHASES, 400)).toBe(0);
    expect(peakRate(PHASES)).toBe(40);
  });

  it('diurnal: peak at peakHour, trough = peak / peakToTrough twelve hours away, mean (peak + trough)/2 over a day', () => {
    // startHour 3, 24 curve-hours per simulated hour: 20:00 is 17 curve-hours in, at 17/24 h.
    expect(rateOf(DIURNAL, (17 / 24) * 3600)).toBeCloseTo(20, 9);
    expect(rateOf(DIURNAL, (5 / 24) * 3600)).toBeCloseTo(5, 9);
    expect(expectedArrivals(DIURNAL, 0, 3600) / 3600).toBeCloseTo(12.5, 9);
    expect(peakRate(DIURNAL)).toBeCloseTo(20, 12);
  });

  it('a spike multiplies only [at, at + duration), splitting the segments it cuts', () => {
    const spiked = withSpike(PHASES, 150, 60, 3);
    expect(expectedArrivals(spiked, 0, 150)).toBeCloseTo(expectedArrivals(PHASES, 0, 150), 9);
    expect(expectedArrivals(spiked, 150, 210)).toBeCloseTo(3 * expectedArrivals(PHASES, 150, 210), 9);
    expect(expectedArrivals(spiked, 210, 320)).toBeCloseTo(expectedArrivals(PHASES, 210, 320), 9);
    for (const t of [149.9, 150, 179.9, 180, 200, 209.99, 210]) expect(rateOf(spiked, t)).toBeCloseTo((t >= 150 && t < 210 ? 3 : 1) * rateOf(PHASES, t), 9);
  });
});

describe('arrival curve: each arrival inverts Λ exactly', () => {
  it.each([
    ['phases', PHASES],
    ['diurnal', DIURNAL],
    ['phases with a spike', withSpike(PHASES, 100, 90, 4)],
  ])('%s: Λ(T) − Λ(t) = E to 1e-9 for every arrival, none where λ = 0, none after the end', (_name, segs) => {
    const rng = new RandomStream(7, 'arrivals');
    const curve = new ArrivalCurve(segs);
    const end = segs[segs.length - 1]!.end;
    let t = 0;
    let n = 0;
    let worst = 0;
    let backwards = 0;
    let whereNoRate = 0;
    for (;;) {
      const e = -Math.log(1 - rng.next());
      const next = curve.nextAfter(t, e);
      if (next === Infinity) {
        // The mass left after t was smaller than E.
        expect(expectedArrivals(segs, t, end)).toBeLessThanOrEqual(e + 1e-9);
        break;
      }
      if (next < t) backwards++;
      worst = Math.max(worst, Math.abs(expectedArrivals(segs, t, next) - e) / Math.max(1, e));
      if (!(rateOf(segs, next) > 0 || rateOf(segs, next - 1e-9) > 0)) whereNoRate++;
      t = next;
      n++;
    }
    expect([backwards, whereNoRate]).toEqual([0, 0]);
    expect(worst).toBeLessThan(1e-9);
    expect(n).toBeGreaterThan(1000);
  });
});

describe('arrival curve from a resolved scenario', () => {
  it('constant arrivalRate: no curve (the original one-division path, byte-identical results)', () => {
    expect(rateSegments(scenario({}).clients, 600)).toBeNull();
  });

  it('a spike on the constant rate, and diurnal with arrivalRate as its peak', () => {
    const spike = scenario({ duration: '10m', clients: { arrivalRate: 4, profile: { type: 'spike', at: '2m', duration: '30s', factor: 6 } } });
    expect(expectedArrivals(rateSegments(spike.clients, spike.duration)!, 0, 600)).toBeCloseTo(4 * 570 + 24 * 30, 9);
    const day = scenario({ duration: '1h', clients: { arrivalRate: 30, profile: { type: 'diurnal', timeScale: 24, peakToTrough: 3 } } });
    expect(expectedArrivals(rateSegments(day.clients, day.duration)!, 0, 3600) / 3600).toBeCloseTo((30 + 10) / 2, 9);
  });
});
