/**
 * Command-line values with limits (issue 14): seeds, strategy lists, replication counts and
 * calibration batches. Each limit is documented in the README ("Bad input"); beyond it the
 * option is a usage error (exit 2) that says the limit and how it was reckoned.
 */
import { InvalidArgumentError } from 'commander';
import type { SimulationConfig } from '../model/config.js';
import { UnknownStrategyError, clip } from '../scenario/errors.js';
import { MAX_REPLICATIONS } from '../experiment/limits.js';

/**
 * The largest seed: 2^53 − 1. A scenario's seed is a JSON number, exact only up to
 * Number.MAX_SAFE_INTEGER; a larger one would round (…616 and …617 give the same run) and the
 * `scenario.resolved` a run emits would not validate again. Derived seeds (cyrb53) are 53-bit.
 */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** --seed N: decimal digits only (underscores allowed), 0 … 2^53 − 1. */
export function parseSeed(v: string): number {
  const digits = v.trim().replace(/_/g, '');
  if (!/^[0-9]+$/.test(digits)) throw new InvalidArgumentError(`expected a whole number from 0 to ${MAX_SEED} (2^53 - 1), found ${JSON.stringify(clip(v, 40))}.`);
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a seed of at most ${MAX_SEED} (2^53 - 1, the largest whole number a JSON scenario carries exactly), found ${clip(digits, 40)}.`);
  return n;
}

/** 1 000 replications (../experiment/limits.ts says why; merge holds parts to it too). */
export { MAX_REPLICATIONS };

/** --replications / --max-replications N: 2 … MAX_REPLICATIONS. */
export function parseReplications(v: string): number {
  const n = Number(v.trim().replace(/_/g, ''));
  if (v.trim() === '' || !Number.isInteger(n) || n < 2) throw new InvalidArgumentError('expected a whole number >= 2 (one replication gives no interval; leave the option out for a single run).');
  if (n > MAX_REPLICATIONS) throw new InvalidArgumentError(`expected at most ${MAX_REPLICATIONS} replications (the 95% interval narrows as 1/sqrt(n): ${MAX_REPLICATIONS} already give +/-6% of a standard deviation; run longer instead), found ${clip(v.trim(), 40)}.`);
  return n;
}

/**
 * calibrate --batch-ms: at most 1 000 ms. Calibration times 12 measurements (JSON
 * serialise/parse, AES-GCM seal/open, sign and verify of 4 JWT algorithms) in 3 batches each,
 * so 36 batches: about 36 s at the limit, 1.4 s at the default 40 ms.
 */
export const MAX_BATCH_MS = 1000;
export const CALIBRATION_BATCHES = 36;

export function parseBatchMs(v: string): number {
  const n = Number(v.trim());
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number of milliseconds > 0, such as 40.');
  if (n > MAX_BATCH_MS) {
    throw new InvalidArgumentError(`expected at most ${MAX_BATCH_MS} ms per batch (calibrate times ${CALIBRATION_BATCHES} batches: 12 measurements x 3, so about ${(CALIBRATION_BATCHES * MAX_BATCH_MS) / 1000} s at the limit), found ${clip(v.trim(), 40)}.`);
  }
  return n;
}

/** --strategies a,b,c: at least one name, each once (the names are checked against the scenario later). */
export function parseStrategyList(v: string): string[] {
  const names = v.split(',').map((s) => s.trim());
  if (names.every((n) => n === '')) throw new InvalidArgumentError(`expected one or more strategy names separated by commas, such as sticky-cookie,redis; found ${JSON.stringify(clip(v, 40))}.`);
  if (names.some((n) => n === '')) throw new InvalidArgumentError(`expected strategy names separated by single commas, found an empty name in ${JSON.stringify(clip(v, 60))}.`);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new InvalidArgumentError(`expected each strategy once (a strategy run twice would share one name in the results), found ${JSON.stringify(clip(twice, 40))} twice.`);
  return names;
}

/** A name that is not among the scenario's strategies: a usage error with did-you-mean. */
export function unknownStrategy(option: string, name: string, config: SimulationConfig): UnknownStrategyError {
  return new UnknownStrategyError(option, name, config.strategies.map((s) => s.name));
}

/** Check --baseline against the strategies that will run. */
export function checkBaseline(config: SimulationConfig, baseline: string | undefined): void {
  if (baseline !== undefined && !config.strategies.some((s) => s.name === baseline)) throw unknownStrategy('--baseline', baseline, config);
}

/** Each line of `text` cut to `max` characters (an echoed argument can be 128 KB long). */
export function clipLines(text: string, max = 400): string {
  return text.split('\n').map((line) => clip(line, max)).join('\n');
}
