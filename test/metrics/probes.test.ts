import { describe, expect, it } from 'vitest';
import { NullRecorder, OccupancySampler, SessionProbe, TeeRecorder } from '../../src/metrics/probes.js';
import type { Session } from '../../src/model/session.js';
import { resolveScenario } from '../../src/scenario/load.js';
import { runStrategy } from '../../src/experiment/run.js';

const config = resolveScenario({
  name: 'probe',
  seed: 3,
  duration: '2m',
  warmup: '10s',
  clients: { arrivalRate: 5, requestsPerSession: { dist: 'geometric', mean: 5 }, thinkTime: { dist: 'exponential', mean: '1s' } },
  servers: { count: 2, workers: 1 },
  strategies: [{ type: 'external', balance: 'random' }],
});

describe('probes observe without changing the run', () => {
  it('an OccupancySampler and a SessionProbe leave every figure, event and timeline unchanged', () => {
    const plain = runStrategy(config, config.strategies[0]!);
    const sampler = new OccupancySampler(2, { rate: 100, from: 10, maxCount: 50 });
    const probe = new SessionProbe(10, 120, 1);
    const watched = runStrategy(config, config.strategies[0]!, config.seed, { probe, instrument: (w, s) => sampler.attach(w, s) });
    expect(watched.metrics).toEqual(plain.metrics);
    expect(watched.events).toEqual(plain.events);
    expect(watched.timeline).toEqual(plain.timeline);
    // ≈ 100 samples/s over 110 s (Poisson: ±4σ = ±4·√11000 ≈ ±420).
    expect(Math.abs(sampler.samples - 11_000)).toBeLessThan(420);
    const p = sampler.distribution();
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(sampler.overflow).toBe(0);
    // The probe saw the sessions the metrics counted (both count starts in [10 s, 120 s]).
    expect(probe.arrivalsPerWindow.reduce((a, b) => a + b, 0)).toBe(plain.metrics.sessions);
  });

  it('TeeRecorder forwards every report to both recorders, the first first', () => {
    const calls: string[] = [];
    class Spy extends NullRecorder {
      constructor(private readonly tag: string) {
        super();
      }
      override sessionStarted(): void {
        calls.push(`${this.tag}:started`);
      }
      override requestCompleted(): void {
        calls.push(`${this.tag}:completed`);
      }
    }
    const tee = new TeeRecorder(new Spy('a'), new Spy('b'));
    tee.sessionStarted({} as Session, 0);
    tee.requestCompleted(1, 0.1, 0);
    expect(calls).toEqual(['a:started', 'b:started', 'a:completed', 'b:completed']);
  });
});
