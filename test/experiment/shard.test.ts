import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardItems, SweepInputError } from '../../src/experiment/shard.js';

function refusal(text: string, env: Record<string, string> = {}): string {
  try {
    parseShard(text, env);
  } catch (e) {
    if (e instanceof SweepInputError) return e.message;
    throw e;
  }
  throw new Error(`--shard ${text} was accepted`);
}

describe('--shard I/N', () => {
  it('numbers shards 1..N', () => {
    expect(parseShard('1/4')).toEqual({ index: 1, count: 4 });
    expect(parseShard('4/4')).toEqual({ index: 4, count: 4 });
    expect(refusal('5/4')).toBe('--shard 5/4: there is no shard 5 of 4; shards are numbered 1 to 4');
    expect(refusal('0/4')).toContain('shards are numbered 1 to 4');
    expect(refusal('1/0')).toContain('N must be a whole number >= 1');
    expect(refusal('x/4')).toContain('I must be a whole number (or auto)');
    expect(refusal('3')).toContain('--shard expects I/N');
    expect(refusal('1.5/4')).toContain('I must be a whole number');
  });

  it('auto/N reads the Kubernetes, AWS Batch (0-based) and Slurm (from SLURM_ARRAY_TASK_MIN) array index', () => {
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 4 });
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 4, count: 4 });
    expect(parseShard('auto/4', { AWS_BATCH_JOB_ARRAY_INDEX: '2' })).toEqual({ index: 3, count: 4 });
    // sbatch --array=1-4 and --array=0-3 both give shards 1..4.
    expect(parseShard('auto/4', { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 1, count: 4 });
    expect(parseShard('auto/4', { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 4, count: 4 });
    expect(parseShard('auto/4', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '0' })).toEqual({ index: 1, count: 4 });
    expect(parseShard('auto/4', { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '0' })).toEqual({ index: 4, count: 4 });
  });

  it('auto/N refuses an index outside 1..N, a missing index, a stepped or mis-sized Slurm array', () => {
    expect(refusal('auto/4', { JOB_COMPLETION_INDEX: '4' })).toContain('gives shard 5, but there are shards 1 to 4 only');
    expect(refusal('auto/4')).toContain('no array index in the environment');
    expect(refusal('auto/4', { JOB_COMPLETION_INDEX: 'abc' })).toContain('must be a whole number');
    expect(refusal('auto/4', { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_STEP: '4' })).toContain('step 4');
    expect(refusal('auto/4', { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '8' })).toContain('has 8 tasks, not 4');
    // Past 2^53 a double rounds: 9007199254740993 − 9007199254740992 + 1 came out as shard 1, not 2.
    expect(refusal('auto/4', { SLURM_ARRAY_TASK_ID: '9007199254740993', SLURM_ARRAY_TASK_MIN: '9007199254740992' })).toContain('SLURM_ARRAY_TASK_ID must be a whole number below 2^53, found "9007199254740993"');
    expect(refusal('auto/4', { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '9007199254740992' })).toContain('SLURM_ARRAY_TASK_MIN must be a whole number below 2^53');
  });

  it('the N slices partition the work: every item in exactly one, round-robin, sizes within one of each other', () => {
    for (const [total, N] of [[200, 7], [5, 8], [12, 3], [1, 1]] as const) {
      const slices = Array.from({ length: N }, (_, i) => shardItems(total, { index: i + 1, count: N }));
      expect(slices.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, k) => k));
      const sizes = slices.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      slices.forEach((s, i) => s.forEach((k) => expect(inShard(k, { index: i + 1, count: N })).toBe(true)));
    }
  });
});
