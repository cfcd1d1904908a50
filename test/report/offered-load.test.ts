/**
 * The offered load over time in every view: `timeline.arrivals` in the JSON (sessions started
 * per window, identical under every strategy), the `new/s` strip of the terminal timeline,
 * the HTML chart against ∫λ, and explain's setup and offered-load sentences.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/simulate.js';
import { expectedArrivals, rateSegments } from '../../src/model/arrivals.js';
import { renderExplain } from '../../src/report/explain.js';
import { renderHtml } from '../../src/report/html.js';
import { askedRatePerWindow } from '../../src/report/offered-load.js';
import { renderTimeline } from '../../src/report/timeline.js';
import { resolveScenario } from '../../src/scenario/load.js';

const config = resolveScenario({
  name: 'A ramp and a flash crowd',
  seed: 11,
  warmup: '30s',
  clients: {
    requestsPerSession: 3,
    thinkTime: '2s',
    phases: [
      { name: 'quiet', duration: '2m', arrivalRate: 2 },
      { name: 'ramp', duration: '3m', arrivalRate: 2, rampTo: 12 },
    ],
    profile: { type: 'spike', at: '4m', duration: '30s', factor: 4 },
  },
  strategies: [{ type: 'sticky' }, { type: 'jwt' }],
});
const result = simulate(config);

describe('timeline.arrivals: the offered load per window', () => {
  it('counts every session started, the same under every strategy (common random numbers)', () => {
    const [a, b] = result.strategies.map((s) => s.timeline.arrivals);
    expect(a).toEqual(b);
    expect(a!.length).toBe(result.strategies[0]!.timeline.requests.length);
    // Sessions counted by the metrics (after the warm-up) are those arrivals after 30 s.
    const window = result.strategies[0]!.timeline.window;
    expect(window).toBe(10);
    expect(a!.slice(3).reduce((x, y) => x + y, 0)).toBe(result.strategies[0]!.metrics.sessions);
  });

  it('follows the curve: the spike windows carry about 4× their neighbours (each within its Poisson ±4σ)', () => {
    const a = result.strategies[0]!.timeline.arrivals;
    const asked = askedRatePerWindow(config, a.length, 10);
    const curve = rateSegments(config.clients, config.duration)!;
    a.forEach((n, k) => {
      const mean = expectedArrivals(curve, k * 10, (k + 1) * 10);
      expect(asked[k]! * 10).toBeCloseTo(mean, 9);
      expect(Math.abs(n - mean), `window ${k}: ${n} against ${mean.toFixed(1)}`).toBeLessThanOrEqual(4 * Math.sqrt(mean) + 1);
    });
    expect(asked[24]! / asked[23]!).toBeCloseTo(4 * (2 + (10 * 125) / 180) / (2 + (10 * 115) / 180), 6);
  });
});

describe('the offered load in the reports', () => {
  it('terminal timeline: a new/s strip above the strategies, only when the load changes', () => {
    const text = renderTimeline(result, config.events, { ascii: true, color: false });
    expect(text).toMatch(/\nnew\/s  [ .:\-=+*#@]+\n/);
    expect(text).toContain('new sessions per second, the offered load');
    const flat = simulate(resolveScenario({ duration: '2m', strategies: [{ type: 'sticky' }] }));
    expect(renderTimeline(flat, [], { ascii: true, color: false })).not.toContain('new/s');
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('HTML: the measured rate against ∫λ per window and the servers up', () => {
    const html = renderHtml(result, config);
    expect(html).toContain('<section id="offered">');
    expect(html).toContain('Offered load: new sessions per second');
    expect(html).toContain('Servers up');
    // The busiest server's utilisation per window beside the fleet (issue 12's report list).
    expect(html).toContain('Busiest server: busy workers over workers');
    const peak = Math.max(...result.strategies[0]!.timeline.utilization.map((row) => Math.max(0, ...row)));
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(1);
    const started = result.strategies[0]!.timeline.arrivals.reduce((a, b) => a + b, 0);
    const expected = Math.round(expectedArrivals(rateSegments(config.clients, config.duration)!, 0, config.duration));
    expect(html).toContain(`${started} started, ${expected} expected`);
  });

  it('explain: the phases and the spike in the setup, and what arrived against what was asked', () => {
    // Paragraphs wrap: compare with the line breaks folded (ASCII spells × and ± as x and +/-).
    const text = renderExplain(result, config, { ascii: true, color: false, width: 80 }).replace(/\s+/g, ' ');
    expect(text).toContain('new sessions in 2 phases (quiet: 2m00s at 2/s and ramp: 3m00s ramping from 2/s to 12/s), with a flash crowd of 4x from 4m00s for 30s');
    expect(text).toMatch(/Offered load: \d+ sessions started over the run where the curve asks for \d+ \(a Poisson count, \+\/- \d+ at 95%\)/);
    const unicode = renderExplain(result, config, { ascii: false, color: false, width: 80 }).replace(/\s+/g, ' ');
    expect(unicode).toContain('with a flash crowd of 4× from 4m00s for 30s');
    const flat = resolveScenario({ duration: '2m', strategies: [{ type: 'sticky' }] });
    const plain = renderExplain(simulate(flat), flat, { ascii: true, color: false, width: 80 }).replace(/\s+/g, ' ');
    expect(plain).toContain('; 10 new sessions per second.');
    expect(plain).not.toContain('Offered load:');
  });
});
