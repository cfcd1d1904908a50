/**
 * Splitting a sweep over machines (issue 11, DESIGN.md §8): `--shard I/N` runs the I-th of N
 * deterministic slices of the sweep's (point × replication) work. Shards are numbered 1..N.
 * Work item k = point·R + replication (R replications per point) belongs to shard
 * (k mod N) + 1: round-robin, so the expensive points of a range (12 servers cost more
 * than 2) spread over every shard instead of landing on the last one.
 *
 * `--shard auto/N` takes I from the batch system's array index:
 *   - Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX, 0 … completions−1 → I = index + 1;
 *   - AWS Batch array jobs: AWS_BATCH_JOB_ARRAY_INDEX, 0 … size−1 → I = index + 1;
 *   - Slurm job arrays: SLURM_ARRAY_TASK_ID counts from whatever `--array` says (often 1,
 *     as in `--array=1-4`, or 0): I = SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN + 1, so
 *     `--array=0-3` and `--array=1-4` both give shards 1..4. A stepped array (`--array=0-15:4`)
 *     would leave holes and is refused, as is an array whose task count is not N.
 */

/** Bad input to a sweep, a shard or a merge (the CLI exits 2 with the message). */
export class SweepInputError extends Error {
  override name = 'SweepInputError';
}

export interface Shard {
  /** 1 … count. */
  index: number;
  count: number;
}

/** The whole sweep as one shard. */
export const WHOLE: Shard = { index: 1, count: 1 };

/** The most shards a sweep may be split into (more than any array job allows: Slurm's MaxArraySize defaults to 1001, Kubernetes' completions to 100000). */
export const MAX_SHARDS = 100000;

const ARRAY_INDEX_VARIABLES = ['JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID', 'AWS_BATCH_JOB_ARRAY_INDEX'] as const;

function wholeNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  // Past 2^53 a double rounds (…993 read as …992): the shard would be another one.
  const n = Number(text.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Parse `I/N` or `auto/N` (reading the array index from `env`). */
export function parseShard(text: string, env: Record<string, string | undefined> = {}): Shard {
  const m = /^\s*([^/\s]+)\s*\/\s*([^/\s]+)\s*$/.exec(text);
  if (m === null) throw new SweepInputError(`--shard expects I/N (the I-th of N slices, 1 <= I <= N, e.g. 2/8) or auto/N, found ${JSON.stringify(text.length > 40 ? `${text.slice(0, 39)}…` : text)}`);
  const count = wholeNumber(m[2]);
  if (count === undefined || count < 1) throw new SweepInputError(`--shard ${text}: N must be a whole number >= 1, found "${m[2]}"`);
  if (count > MAX_SHARDS) throw new SweepInputError(`--shard ${text}: at most ${MAX_SHARDS} shards`);
  if (m[1] === 'auto') return { index: autoIndex(text, count, env), count };
  const index = wholeNumber(m[1]);
  if (index === undefined) throw new SweepInputError(`--shard ${text}: I must be a whole number (or auto), found "${m[1]}"`);
  if (index < 1 || index > count) throw new SweepInputError(`--shard ${text}: there is no shard ${index} of ${count}; shards are numbered 1 to ${count}`);
  return { index, count };
}

function autoIndex(text: string, count: number, env: Record<string, string | undefined>): number {
  const set = ARRAY_INDEX_VARIABLES.filter((v) => env[v] !== undefined && env[v] !== '');
  if (set.length === 0) {
    throw new SweepInputError(`--shard ${text}: no array index in the environment (${ARRAY_INDEX_VARIABLES.join(', ')}); outside a batch array give the shard as I/N`);
  }
  const name = set[0]!;
  const value = wholeNumber(env[name]);
  if (value === undefined) throw new SweepInputError(`--shard ${text}: ${name} must be a whole number below 2^53, found "${env[name]}"`);
  let index: number;
  if (name === 'SLURM_ARRAY_TASK_ID') {
    const step = env.SLURM_ARRAY_TASK_STEP;
    if (step !== undefined && step !== '' && step.trim() !== '1') throw new SweepInputError(`--shard ${text}: the Slurm array has step ${step}; submit it with a step of 1 (--array=1-${count})`);
    const min = env.SLURM_ARRAY_TASK_MIN === undefined || env.SLURM_ARRAY_TASK_MIN === '' ? 1 : wholeNumber(env.SLURM_ARRAY_TASK_MIN);
    if (min === undefined) throw new SweepInputError(`--shard ${text}: SLURM_ARRAY_TASK_MIN must be a whole number below 2^53, found "${env.SLURM_ARRAY_TASK_MIN}"`);
    const tasks = wholeNumber(env.SLURM_ARRAY_TASK_COUNT);
    if (tasks !== undefined && tasks !== count) throw new SweepInputError(`--shard ${text}: the Slurm array has ${tasks} tasks, not ${count}; submit it with --array=1-${count}`);
    index = value - min + 1;
  } else {
    index = value + 1;
  }
  if (index < 1 || index > count) {
    throw new SweepInputError(`--shard ${text}: ${name}=${env[name]} gives shard ${index}, but there are shards 1 to ${count} only (${name === 'SLURM_ARRAY_TASK_ID' ? `I = SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN + 1` : `I = ${name} + 1`})`);
  }
  return index;
}

/** Does work item `k` belong to `shard`? */
export function inShard(k: number, shard: Shard): boolean {
  return k % shard.count === shard.index - 1;
}

/** The work items 0 … total−1 of `shard`, in order. */
export function shardItems(total: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let k = shard.index - 1; k < total; k += shard.count) out.push(k);
  return out;
}

export function shardText(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
