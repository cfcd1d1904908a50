/**
 * What `run` and `explain` print, chosen from the options: the format, the columns, the
 * pictures, colour and charset. Kept apart from program.ts so options stay one line each there.
 */
import type { Override } from '../scenario/overrides.js';
import type { SimulationConfig } from '../model/config.js';
import { toAscii } from '../report/ascii.js';
import { renderCsv } from '../report/csv.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderTable } from '../report/table.js';
import { renderTimeline } from '../report/timeline.js';
import { checkEventBudget, formatWarning, scenarioWarnings } from '../scenario/checks.js';
import { resolvedBuiltin } from '../scenario/builtins.js';
import { selectStrategies } from '../scenario/select-strategies.js';
import type { SimulationResult } from '../experiment/simulate.js';
import { parseStrategyList, unknownStrategy } from './limits.js';
import { type Charset, type CliIO, useColor, useUnicode, writeFileAtomic, writeOutputs } from './io.js';

import type { Format } from './options.js';
import { refuseRunFlagConflicts } from './conflicts.js';
import { stderrNote } from './fit.js';

export { FORMATS, parseColumns, parseMaxEvents, type Format } from './options.js';

export { UsageError } from './io.js';

export interface ScenarioOptions {
  /** --strategies, parsed by parseStrategyList (a raw comma-separated text is accepted too). */
  strategies?: string | string[];
  seed?: number;
  /** `--set PATH=VALUE` overrides, applied before validation. */
  set?: Override[];
  /** `--slo METRIC<BOUND` targets, applied before validation. */
  slo?: { metric: string; bound: string }[];
  maxEvents: number;
  quiet?: boolean;
}

export interface RenderOptions {
  format: Format;
  out?: string;
  html?: string;
  timeline?: boolean;
  wide?: boolean;
  columns?: string[];
  color?: boolean;
  charset: Charset;
  quiet?: boolean;
}

/**
 * Load a scenario for a run: validate, pick strategies, check the budget, print warnings. A
 * built-in run as shipped (no --set or --slo) takes the configuration the build resolved it
 * to, the same one loadScenario gives (../scenario/builtins.ts); --seed replaces its seed, as
 * loadScenario's seed override does (the one field it sets).
 */
export async function prepareScenario(ref: string, opts: ScenarioOptions, io: CliIO): Promise<SimulationConfig> {
  const shipped = !opts.set?.length && !opts.slo?.length ? resolvedBuiltin(ref) : undefined;
  let config: SimulationConfig;
  if (shipped !== undefined) config = opts.seed === undefined ? shipped : { ...shipped, seed: opts.seed };
  else config = (await import('../scenario/load.js')).loadScenario(ref, { ...(opts.seed === undefined ? {} : { seed: opts.seed }), ...(opts.set ? { sets: opts.set } : {}), ...(opts.slo ? { slos: opts.slo } : {}) });
  if (opts.strategies !== undefined) {
    const names = typeof opts.strategies === 'string' ? parseStrategyList(opts.strategies) : opts.strategies;
    for (const n of names) if (!config.strategies.some((s) => s.name === n)) throw unknownStrategy('--strategies', n, config);
    config = selectStrategies(config, names);
  }
  checkEventBudget(config, ref, opts.maxEvents);
  if (!opts.quiet) for (const w of scenarioWarnings(config)) stderrNote(io, `session-sim: ${formatWarning(w)}`);
  return config;
}

/** The text of `run`'s main output. */
export function renderRun(result: SimulationResult, config: SimulationConfig, opts: RenderOptions, io: CliIO): string {
  refuseRunFlagConflicts(opts);
  switch (opts.format) {
    case 'json':
      return renderJson(result);
    case 'csv':
      return renderCsv(result);
    case 'markdown':
      return renderMarkdown(result, opts.columns ? { columns: opts.columns } : {});
    case 'table': {
      const toFile = opts.out !== undefined;
      const color = !toFile && useColor(io, opts.color);
      const ascii = !useUnicode(io, toFile && opts.charset === 'auto' ? 'unicode' : opts.charset);
      let text = renderTable(result, { color, ascii, ...(opts.wide ? { wide: true } : {}), ...(opts.columns ? { columns: opts.columns } : {}) });
      if (opts.timeline) text += `\n${renderTimeline(result, config.events, { ascii, color })}`;
      return ascii ? toAscii(text) : text;
    }
  }
}

/** `explain`'s text: the story, the table, the advice (and the pictures with --timeline). */
export async function renderExplanation(result: SimulationResult, config: SimulationConfig, opts: Pick<RenderOptions, 'color' | 'charset' | 'timeline' | 'out'>, io: CliIO): Promise<string> {
  // The story and the HTML report are large modules: loaded only by the commands that use them.
  const { renderExplain } = await import('../report/explain.js');
  const toFile = opts.out !== undefined;
  const color = !toFile && useColor(io, opts.color);
  const ascii = !useUnicode(io, toFile && opts.charset === 'auto' ? 'unicode' : opts.charset);
  let text = renderExplain(result, config, { color, ascii });
  if (opts.timeline) text += `\n${renderTimeline(result, config.events, { ascii, color })}`;
  return ascii ? toAscii(text) : text;
}

/** Print to stdout, or write a file atomically and say so on stderr. */
export function emit(text: string, out: string | undefined, io: CliIO, quiet = false): void {
  if (out === undefined) {
    io.stdout(text);
    return;
  }
  writeFileAtomic(out, text);
  if (!quiet) io.stderr(`session-sim: wrote ${out}\n`);
}

export async function writeHtml(result: SimulationResult, config: SimulationConfig, file: string, io: CliIO, quiet = false): Promise<void> {
  const { renderHtml } = await import('../report/html.js');
  writeFileAtomic(file, renderHtml(result, config));
  if (!quiet) io.stderr(`session-sim: wrote ${file} (HTML report)\n`);
}

/**
 * `run`'s outputs together: the HTML report and the --out file are written all or nothing
 * (a failure leaves neither behind); without --out the text goes to stdout after them.
 */
export async function emitRunOutputs(text: string, result: SimulationResult, config: SimulationConfig, opts: { out?: string; html?: string; quiet?: boolean }, io: CliIO): Promise<void> {
  const { out, html, quiet } = opts;
  const renderHtml = html === undefined ? null : (await import('../report/html.js')).renderHtml;
  const files = [...(html === undefined ? [] : [{ path: html, content: renderHtml!(result, config) }]), ...(out === undefined ? [] : [{ path: out, content: text }])];
  writeOutputs(files);
  if (html !== undefined && !quiet) io.stderr(`session-sim: wrote ${html} (HTML report)\n`);
  if (out === undefined) io.stdout(text);
  else if (!quiet) io.stderr(`session-sim: wrote ${out}\n`);
}
