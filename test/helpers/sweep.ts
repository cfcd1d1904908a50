import { expect } from 'vitest';
import { mergeParts, type NamedPart } from '../../src/experiment/merge.js';
import { SweepInputError } from '../../src/experiment/shard.js';
import type { SweepResult } from '../../src/experiment/sweep.js';
import { cli } from './cli.js';

/** The small crash scenario the sweep tests share: 2 minutes, 3 servers of 2 workers, one crash at 60 s. */
export function smallCrash(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'small crash',
    seed: 21,
    duration: '2m',
    warmup: '20s',
    clients: { arrivalRate: 3, requestsPerSession: { dist: 'geometric', mean: 8 }, thinkTime: { dist: 'exponential', mean: '2s' } },
    servers: { count: 3, workers: 2 },
    strategies: [{ type: 'sticky', affinity: 'cookie' }, { type: 'external' }],
    events: [{ at: '60s', type: 'server-crash', server: 1, downFor: '20s' }],
    ...overrides,
  };
}

/**
 * jwt-revocation swept over its arrival rate, 2 replications, shortened to a 20 min warm-up and
 * 10 min measured so the tests stay cheap (about 3 s): jwt-15m and jwt-5m still accept revoked
 * tokens for hundreds of seconds, jwt-deny-list and redis for none.
 */
export const JWT_SWEEP = ['sweep', 'jwt-revocation', '--param', 'clients.arrivalRate=0.5,1', '--replications', '2', '--set', 'warmup=20m', '--set', 'duration=30m', '--jobs', '1'];

/** A sweep's result as `--format json` gives it (the in-process CLI), for the renderers' tests. */
export async function sweepOf(args: string[]): Promise<SweepResult> {
  const r = await cli([...args, '--format', 'json', '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as SweepResult;
}

/** The message merge refuses `parts` with (a SweepInputError); the test fails if they merge. */
export function refusal(parts: NamedPart[]): string {
  try {
    mergeParts(parts);
  } catch (e) {
    if (e instanceof SweepInputError) return e.message;
    throw e;
  }
  throw new Error('the parts were merged');
}
