/**
 * `autoscaler` in a scenario file: defaults with their sources, and bad input answered with the
 * JSON path, what was expected and what was found, exit 2 (nothing runs).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/scenario/load.js';
import { toScenarioDocument } from '../../src/scenario/resolved.js';
import { cli } from '../helpers/cli.js';

async function validate(doc: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'autoscaler-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(doc));
  return cli(['validate', file]);
}

describe('autoscaler defaults', () => {
  it('hpa: the Kubernetes defaults (sync 15 s, tolerance 0.1, behavior, 30 s grace), kubectl autoscale 80 % CPU', () => {
    const c = resolveScenario({ autoscaler: { type: 'hpa', maxReplicas: 8 } });
    expect(c.autoscaler).toMatchObject({
      type: 'hpa', metric: 'cpu', target: 0.8, minReplicas: 1, maxReplicas: 8, syncPeriod: 15, tolerance: 0.1, metricWindow: 15,
      cpuInitializationPeriod: 300, initialReadinessDelay: 30, victim: 'newest', preStop: 0, terminationGracePeriod: 30,
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }] },
        scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
      },
    });
  });

  it('target-tracking: 1-minute datapoints, AlarmHigh 3, AlarmLow 15 below 90 %, 300 s warm-up, cooldown and deregistration delay', () => {
    const c = resolveScenario({ autoscaler: { type: 'target-tracking' } });
    expect(c.autoscaler).toMatchObject({
      type: 'target-tracking', metric: 'cpu', target: 0.5, period: 60, scaleOutDatapoints: 3, scaleInDatapoints: 15, scaleInThreshold: 0.9,
      instanceWarmup: 300, scaleInCooldown: 300, deregistrationDelay: 300, disableScaleIn: false, victim: 'closest-to-next-billing-hour',
    });
  });

  it('the resolved scenario re-loads to the same autoscaler', () => {
    const c = resolveScenario({ autoscaler: { type: 'hpa', target: 0.6, maxReplicas: 12, bootTime: { dist: 'uniform', min: '5s', max: '9s' } } });
    expect(resolveScenario(toScenarioDocument(c)).autoscaler).toEqual(c.autoscaler);
  });
});

describe('autoscaler: bad input, exit 2 with the JSON path', () => {
  it('minReplicas above maxReplicas', async () => {
    const r = await validate({ autoscaler: { type: 'hpa', minReplicas: 6, maxReplicas: 4 } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('at autoscaler.minReplicas: expected at most maxReplicas (4), found 6');
  });

  it('a CPU target of 1 or more', async () => {
    const r = await validate({ autoscaler: { type: 'target-tracking', target: 1.2 } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('at autoscaler.target: expected a CPU utilisation above 0 and below 1 (0.6 = 60 % of the workers busy), found 1.2');
  });

  it('requests-per-second without a target', async () => {
    const r = await validate({ autoscaler: { type: 'hpa', metric: 'requests-per-second' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('at autoscaler.target: expected a target for requests-per-second (requests per second per pod), found nothing');
  });

  it('manual scale events together with an autoscaler are refused: it owns the fleet size', async () => {
    const r = await validate({ duration: '10m', autoscaler: { type: 'hpa' }, events: [{ at: '1m', type: 'scale-out' }, { at: '2m', type: 'server-crash', server: 0 }, { at: '5m', type: 'scale-in' }] });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('at events[0].type: expected no scale-out or scale-in event with an autoscaler (it owns the fleet size and would undo it), found "scale-out"');
    expect(r.stderr).toContain('at events[2].type:');
    expect(r.stderr).not.toContain('events[1]');
  });

  it('an unknown autoscaler type and a misspelt field, with did-you-mean', async () => {
    const r = await validate({ autoscaler: { type: 'hpa', maxReplica: 4 } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/at autoscaler\.maxReplica: .*did you mean "maxReplicas"/);
    const t = await validate({ autoscaler: { type: 'keda' } });
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/at autoscaler\.type: expected one of "hpa", "target-tracking"/);
  });
});
