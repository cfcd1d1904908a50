/**
 * `--slo 'latency.p99<200ms'` (repeatable): a target added to the scenario's `slo` block, or
 * replacing the file's bound on that metric in the same direction; validated with the file.
 */
import { InvalidArgumentError, Option } from 'commander';
import { parseSloOption } from '../scenario/slo-syntax.js';

export type SloOptionValue = { metric: string; bound: string };

function collectSlo(v: string, previous: SloOptionValue[] = []): SloOptionValue[] {
  const parsed = parseSloOption(v);
  if (parsed === null) throw new InvalidArgumentError(`expected METRIC<BOUND such as 'latency.p99<200ms' or 'sessionLossRate<1%' (quote it: < and > are shell redirections), found ${JSON.stringify(v)}.`);
  return [...previous, parsed];
}

export const sloOption = () =>
  new Option('--slo <target>', "a target, e.g. 'latency.p99<200ms', 'sessionLossRate<1%' (repeatable; replaces the scenario's bound on that metric): exit 99 when missed").argParser(collectSlo);
