/**
 * `session-sim explain`: a teaching run. It tells, in plain English and in time order, what
 * the scenario's events did under each strategy (from the event records the model keeps and
 * the per-window timeline), shows the table, and says what to look at and why. The text is
 * a function of the results only, so it is as reproducible as the JSON.
 *
 * The sentences live by domain in explain/: servers.ts (servers and the fleet), balancer.ts,
 * store.ts, tokens.ts, sessions.ts (loss causes, failure reasons, losses between events),
 * advice.ts ("what to look at"), narrate.ts (the story in time order), story.ts (grouping
 * the strategies' events and the context the sentences read) and words.ts.
 */
import type { SimulationConfig } from '../model/config.js';
import type { SimulationResult } from '../experiment/simulate.js';
import { runRampWarning } from '../metrics/warnings.js';
import { formatDuration } from '../scenario/units.js';
import { adviceLines } from './explain/advice.js';
import { loadSetupWords, offeredLoadSentence, reloginSentence } from './explain/load.js';
import { storyLines } from './explain/narrate.js';
import { listWords } from './explain/words.js';
import { renderTable, wrap, type TableOptions } from './table.js';
import { toAscii } from './ascii.js';

export { adviceLines } from './explain/advice.js';
export { storyLines } from './explain/narrate.js';

export interface ExplainOptions extends TableOptions {}

/**
 * Sessions in progress still climbing when the warm-up ended, by Little's law: the run's
 * `warmup-ramp` warning (metrics/warnings.ts, the same rule as the JSON's), or null.
 */
export function rampOf(result: SimulationResult, config: SimulationConfig): string | null {
  return runRampWarning({ ...config, warmup: result.scenario.warmup }, result.strategies)?.message ?? null;
}

export function renderExplain(result: SimulationResult, config: SimulationConfig, options: ExplainOptions): string {
  const width = options.width ?? 80;
  const { scenario } = result;
  const out: string[] = [];
  // Paragraphs wrap at the width; indented ones hang (continuation lines indented twice).
  // In ASCII they are spelled so before wrapping: "±" becomes "+/-", three columns, not one.
  const para = (text: string, indent = '') =>
    out.push(
      wrap(options.ascii ? toAscii(text) : text, width - indent.length - (indent ? 2 : 0))
        .split('\n')
        .map((l, i) => (i === 0 ? indent : indent + (indent ? '  ' : '')) + l)
        .join('\n'),
    );
  out.push(`${scenario.name}`);
  out.push('='.repeat(Math.min(width, scenario.name.length)));
  if (scenario.description) para(scenario.description);
  out.push('');

  const c = config;
  const byLocation = new Map<string, string[]>();
  for (const s of result.strategies) byLocation.set(s.stateLocation, [...(byLocation.get(s.stateLocation) ?? []), s.name]);
  const strategyLines = [...byLocation.entries()].map(([where, ns]) => `${listWords(ns)} ${ns.length === 1 ? 'keeps' : 'keep'} session state ${where}`);
  para(
    `The setup: ${c.servers.count} servers with ${c.servers.workers} workers each behind a ${c.loadBalancer.algorithm} load balancer ` +
      `(health checks every ${formatDuration(c.loadBalancer.healthCheck.interval)}: down after ${c.loadBalancer.healthCheck.fall} failures, up after ${c.loadBalancer.healthCheck.rise} successes); ` +
      `${loadSetupWords(c.clients, c.duration)}. ${strategyLines.join('; ')}. ` +
      `The run lasts ${formatDuration(scenario.duration)}; figures in the table skip the first ${formatDuration(scenario.warmup)} (warm-up), seed ${scenario.seed}.`,
  );
  const offered = offeredLoadSentence(result, config);
  if (offered !== null) para(offered);
  const relogins = reloginSentence(result, config);
  if (relogins !== null) para(relogins);
  out.push('');

  out.push('What happened, in time order:');
  for (const line of storyLines(result, config)) para(line, '  ');
  para('(The counts told with each event cover the whole run, warm-up included; the last line and the table count the measured window.)', '  ');
  const ramp = rampOf(result, config);
  if (ramp !== null) para(`Note: ${ramp}.`, '  ');
  out.push('');
  out.push('The comparison:');
  out.push('');
  out.push(renderTable(result, options).trimEnd());
  out.push('');
  out.push('What to look at, and why:');
  for (const a of adviceLines(result)) para(`- ${a}`, '  ');
  out.push('');
  return out.join('\n');
}
