/**
 * The reality harness, one short configuration (bench/reality, `--workload test`, ≈ 20 s): real
 * HAProxy with `balance source` (hash-type map-based), `retries 3`, `option redispatch`, health
 * checks inter 2 s fall 3, in front of three Node backends keeping sessions in memory; backend
 * s1 is killed 6 s in. The same workload through session-sim (10 replications).
 *
 * What must agree: HAProxy fails requests during detection (map-based redispatch lands on the
 * dead server again), and so does the model, in about the same number; the session-loss rate
 * within 2 percentage points plus the statistics' spread (the real run is one sample of
 * ≈ 280 sessions: sd √(p(1 − p)/n); the simulated mean has its own 95 % interval). Skipped, with
 * the reason, when HAProxy is not installed and cannot be (not root, no apt): .ci/run installs it.
 * The full table (HAProxy cookie/map-based/consistent, NGINX ip_hash/consistent, Redis) is
 * `npm run reality`, not part of the test suite.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const HAPROXY = ['/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy'].find((p) => existsSync(p));
if (HAPROXY === undefined) {
  process.stderr.write('test/bench/reality.test.ts: skipped: HAProxy is not installed (apt-get install haproxy as root, as .ci/run does)\n');
}

describe.skipIf(HAPROXY === undefined)('reality: real HAProxy balance source (map-based) against session-sim', () => {
  it('fails requests during detection like the model, and loses sessions at the same rate (±2 points + sampling)', () => {
    const run = spawnSync(process.execPath, ['bench/reality/run.mjs', '--workload', 'test', '--only', 'map-based', '--replications', '10', '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const { results } = JSON.parse(run.stdout) as { results: { real: { sessions: number; loss: number; failed: number }; sim: { loss: { mean: number; halfWidth: number }; failed: { mean: number; halfWidth: number } } }[] };
    const { real, sim } = results[0]!;
    process.stderr.write(`reality: map-based real loss ${real.loss}, failed ${real.failed}; sim loss ${sim.loss.mean} ± ${sim.loss.halfWidth}, failed ${sim.failed.mean} ± ${sim.failed.halfWidth}\n`);
    // The pattern: both fail requests before the DOWN.
    expect(real.failed).toBeGreaterThan(0);
    expect(sim.failed.mean).toBeGreaterThan(0);
    // About as many: a Poisson-like count, 4 σ of the real one plus the simulated interval.
    expect(Math.abs(real.failed - sim.failed.mean)).toBeLessThanOrEqual(4 * Math.sqrt(sim.failed.mean) + sim.failed.halfWidth + 2);
    const sampling = 3 * Math.sqrt((real.loss * (1 - real.loss)) / Math.max(1, real.sessions));
    expect(Math.abs(real.loss - sim.loss.mean)).toBeLessThanOrEqual(0.02 + sampling + sim.loss.halfWidth);
  }, 90_000);
});
