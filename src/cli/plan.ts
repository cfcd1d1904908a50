/**
 * `session-sim plan SCENARIO --vary servers.count [--min 1 --max 64] [--slo …]`: per strategy
 * the smallest value of the parameter meeting every target. Thin: parse, build each point's
 * scenario with the same --set machinery as run (so a bad value is the same scenario error),
 * search (src/experiment/plan.ts), render. Exit 99 when the required strategies find no value.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { SimulationConfig } from '../model/config.js';
import { checkEventBudget, requireFixedWarmup } from '../scenario/checks.js';
import { ScenarioError } from '../scenario/errors.js';
import { loadScenario, selectStrategies } from '../scenario/load.js';
import { splitPath, type Override } from '../scenario/overrides.js';
import { DEFAULT_PLAN_MAX, DEFAULT_PLAN_MAX_REPLICATIONS, DEFAULT_PLAN_MIN, plan, planGridProblem } from '../experiment/plan.js';
import { EXIT_SLO } from '../experiment/slo.js';
import { planProgressLine, renderPlanJson, renderPlanTable } from '../report/plan.js';
import { type CliIO, checkOutputPaths, useColor, useUnicode } from './io.js';
import { UsageError, emit, parseMaxEvents } from './output.js';
import { parseJobs } from './replicated.js';
import { parseSeed, parseStrategyList } from './limits.js';
import { watchInterrupt } from './interrupt.js';
import { argumentError, setOption } from './options.js';
import { sloOption, type SloOptionValue } from './slo-options.js';

function parseNumber(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number.');
  return n;
}

function parsePlanReplications(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number >= 1 (1: single runs; 2 or more: 95% intervals).');
  return n;
}

/** A path as --set reads it: `events[0].at` and `slo.targets["latency.p99"]` too, as the README says. */
function parseVary(v: string): string {
  try {
    splitPath(v, '--vary');
  } catch (e) {
    if (e instanceof ScenarioError) throw argumentError(e);
    throw e;
  }
  return v;
}

interface PlanCliOptions {
  vary: string;
  min: number;
  max: number;
  step: number;
  slo?: SloOptionValue[];
  set?: Override[];
  seed?: number;
  strategies?: string[];
  replications?: number;
  maxReplications?: number;
  jobs?: number;
  format: 'table' | 'json';
  out?: string;
  quiet?: boolean;
  maxEvents: number;
  charset: 'auto' | 'unicode' | 'ascii';
  color?: boolean;
}

const EXAMPLES = `
Examples:
  $ session-sim plan plan-peak --vary servers.count --max 32 --replications 5
  $ session-sim plan my.yaml --vary servers.count --slo 'latency.p99<200ms' \\
      --slo 'sessionLossRate<1%'
  $ session-sim plan store-sizing --vary clients.arrivalRate \\
      --min 10 --max 200 --step 10

Exit codes: 0 a value was found for the required strategies (slo.require),
99 none was up to --max, 2 bad usage or an invalid scenario (at any point),
1 a failure inside the tool.
`;

export function registerPlan(program: Command, io: CliIO, setExitCode: (code: number) => void): void {
  program
    .command('plan')
    .description('per strategy, the smallest value of a parameter (e.g. servers.count) that meets every target (slo)')
    .argument('<scenario>', 'scenario file (.json, .yaml) or built-in name')
    .requiredOption('--vary <path>', 'the parameter to search, as --set names it: servers.count, servers.workers, …', parseVary)
    .option('--min <n>', 'smallest value tried', parseNumber, DEFAULT_PLAN_MIN)
    .option('--max <n>', 'largest value tried', parseNumber, DEFAULT_PLAN_MAX)
    .option('--step <n>', 'grid step (values min, min+step, …, max)', parseNumber, 1)
    .addOption(sloOption())
    .addOption(setOption())
    .option('--seed <n>', "random seed (overrides the scenario's)", parseSeed)
    .option('-s, --strategies <names>', 'comma-separated strategy names to plan for', parseStrategyList)
    .option('--replications <n>', 'replications per point (default 1: single runs; 2+: a target passes only when its whole 95% interval does)', parsePlanReplications)
    .option('--max-replications <n>', `cap per point when a verdict is inconclusive (default max(${DEFAULT_PLAN_MAX_REPLICATIONS}, replications))`, parsePlanReplications)
    .option('-j, --jobs <n>', 'replications in parallel on worker threads (default: the number of cores)', parseJobs)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-o, --out <file>', 'write the output to a file (atomically) instead of stdout')
    .option('-q, --quiet', 'no progress or warnings on stderr')
    .addOption(new Option('--max-events <n>', 'refuse points estimated above this many simulated events').argParser(parseMaxEvents).default(50_000_000, '50000000'))
    .addOption(new Option('--charset <charset>', 'characters for the table').choices(['auto', 'unicode', 'ascii']).default('auto'))
    .option('--no-color', 'no colour, even on a terminal')
    .addHelpText('after', EXAMPLES)
    .action(async (scenario: string, opts: PlanCliOptions) => {
      checkOutputPaths({ '--out': opts.out }, [scenario]);
      if (opts.maxReplications !== undefined && opts.replications === undefined) throw new UsageError('--max-replications caps the replications per point: add --replications N (N >= 2)');
      if (opts.max < opts.min) throw new UsageError(`--max (${opts.max}) must be at least --min (${opts.min})`);
      if (!(opts.step > 0)) throw new UsageError(`--step must be > 0, found ${opts.step}`);
      const grid = planGridProblem(opts);
      if (grid !== null) throw new UsageError(`--min, --max and --step: expected ${grid}`);
      if (opts.maxReplications !== undefined && opts.replications !== undefined && opts.maxReplications < opts.replications) {
        throw new UsageError(`--max-replications (${opts.maxReplications}) must be at least --replications (${opts.replications})`);
      }
      const configAt = (value: number): SimulationConfig => {
        const sets: Override[] = [...(opts.set ?? []), { text: `${opts.vary}=${value}`, path: splitPath(opts.vary), value }];
        let config: SimulationConfig;
        try {
          config = loadScenario(scenario, { sets, ...(opts.seed === undefined ? {} : { seed: opts.seed }), ...(opts.slo ? { slos: opts.slo } : {}) });
        } catch (e) {
          // Name the point, as sweep does: `--vary loadBalancer.algorithm` is refused at its first
          // value, and "found 1" alone would not say where the 1 came from.
          if (e instanceof ScenarioError && e.constructor === ScenarioError) {
            // The point's own override failing (an index past a list's end) is about the scenario.
            const base = e.source === `--set ${opts.vary}=${value}` ? scenario : e.source;
            throw new ScenarioError(`${base} at the plan point ${opts.vary}=${value}`, e.problems);
          }
          throw e;
        }
        requireFixedWarmup(config, `${scenario} at the plan point ${opts.vary}=${value}`, 'plan', '6m');
        if (opts.strategies !== undefined) config = selectStrategies(config, opts.strategies);
        checkEventBudget(config, `${scenario} with ${opts.vary}=${value}`, opts.maxEvents);
        return config;
      };
      // Both ends first, so a value the scenario refuses is reported before any run.
      const first = configAt(opts.min);
      configAt(opts.max);
      if (first.slo === undefined || first.slo.targets.length === 0) throw new UsageError("plan needs targets: an \"slo\" block in the scenario, or --slo 'latency.p99<200ms'");
      const replications = opts.replications ?? 1;
      const interrupt = watchInterrupt(io, { first: 'the first point' });
      let points = 0;
      const result = await plan(configAt, {
        vary: opts.vary,
        min: opts.min,
        max: opts.max,
        step: opts.step,
        replications,
        maxReplications: opts.maxReplications ?? Math.max(DEFAULT_PLAN_MAX_REPLICATIONS, replications),
        ...(opts.jobs === undefined ? {} : { jobs: opts.jobs }),
        onPoint: (p) => {
          points++;
          interrupt.progress(`${points} point${points === 1 ? '' : 's'} of the search (the last: ${p.strategy} at ${opts.vary} = ${p.value})`);
          if (!opts.quiet) io.stderr(planProgressLine(p, opts.vary));
        },
      }).finally(() => interrupt.dispose());
      const toFile = opts.out !== undefined;
      const text =
        opts.format === 'json'
          ? renderPlanJson(result)
          : renderPlanTable(result, { color: !toFile && useColor(io, opts.color), ascii: !useUnicode(io, toFile && opts.charset === 'auto' ? 'unicode' : opts.charset) });
      emit(text, opts.out, io, opts.quiet);
      if (!result.met) setExitCode(EXIT_SLO);
    });
}
