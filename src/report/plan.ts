/**
 * The planner's answer: per strategy the smallest value meeting every target, the figures at
 * it and one step below (so the reader sees why), and what it costs; as a compact table or
 * the JSON document `{ "strategies": [{ "name", "value", … }] }` (value null when none).
 */
import type { ChalkInstance } from 'chalk';
import { chalkFor } from './libraries.js';
import type { PlanPoint, PlanResult } from '../experiment/plan.js';
import { toAscii } from './ascii.js';
import { boundLabel, targetCell, verdictMark } from './slo.js';
import { compactLayout, wrap } from './table.js';

export interface PlanTableOptions {
  color: boolean;
  ascii?: boolean;
  width?: number;
}

export function toPlanJsonDocument(result: PlanResult): object {
  const point = (p: PlanPoint | null) =>
    p === null ? null : { value: p.value, replications: p.replications, verdict: p.verdict, slo: p.targets, ...(p.metrics.cost === undefined ? {} : { cost: p.metrics.cost }) };
  return {
    scenario: result.scenario,
    plan: result.plan,
    strategies: result.strategies.map((s) => ({
      name: s.name,
      value: s.value,
      at: point(s.at),
      below: point(s.below),
      note: s.note,
      evaluated: s.evaluated,
    })),
    warnings: result.warnings,
    met: result.met,
    exitCode: result.met ? 0 : 99,
  };
}

export function renderPlanJson(result: PlanResult): string {
  return `${JSON.stringify(toPlanJsonDocument(result), null, 2)}\n`;
}

export function renderPlanTable(result: PlanResult, options: PlanTableOptions): string {
  const chalk: ChalkInstance = chalkFor(options.color);
  const ascii = options.ascii ?? false;
  const width = options.width ?? 80;
  const { plan } = result;
  const sample = result.strategies.find((s) => s.at ?? s.below)?.at ?? result.strategies.find((s) => s.below)?.below ?? null;
  const targets = sample?.targets ?? [];
  const hasCost = result.strategies.some((s) => s.at?.metrics.cost !== undefined);
  const heads = [plan.vary.split('.').pop()!, ...targets.map((t) => `${t.metric}\n${boundLabel(t)}`), ...(hasCost ? ['cost\n$/month'] : [])];
  const rows: string[][] = [];
  for (const s of result.strategies) {
    const row = (label: string, p: PlanPoint | null, valueText: string) =>
      [label, valueText, ...(p === null ? targets.map(() => '') : p.targets.map((t) => targetCell(t, ascii))), ...(hasCost ? [p?.metrics.cost === undefined ? '' : p.metrics.cost.perMonth.toFixed(0)] : [])];
    if (s.at !== null) rows.push(row(s.name, s.at, String(s.value)));
    else rows.push([s.name, 'none', ...targets.map(() => ''), ...(hasCost ? [''] : [])]);
    if (s.below !== null) rows.push(row(s.at === null ? '  at max' : '  one below', s.below, String(s.below.value)));
  }
  const reps = plan.replications === 1 ? 'single runs (no intervals: add --replications N for 95% intervals)' : `${plan.replications} replications per point, up to ${plan.maxReplications} near the boundary; a target passes only when its whole 95% interval does`;
  const lines = [
    wrap(chalk.bold(`${result.scenario.name}: the smallest ${plan.vary} in ${plan.min}..${plan.max}${plan.step === 1 ? '' : ` (step ${plan.step})`} meeting every target`), width),
    wrap(chalk.dim(`${reps}; seed ${result.scenario.seed}, same seeds at every point`), width),
    '',
    ...compactLayout(heads, rows, heads.map(() => false), chalk, ascii),
    '',
  ];
  for (const s of result.strategies) {
    if (s.note !== null) lines.push(wrap(`${s.name}: ${s.note}.`, width));
  }
  for (const w of result.warnings) lines.push(wrap(`warning: ${w}.`, width));
  const found = result.strategies.filter((s) => s.value !== null);
  const answer =
    found.length === 0
      ? `No strategy meets the targets with ${plan.vary} up to ${plan.max}; exit 99.`
      : `${found.map((s) => `${s.name} needs ${plan.vary} = ${s.value}`).join(', ')}${result.met ? '' : ' (the required strategies do not all meet the targets)'}; exit ${result.met ? 0 : 99}.`;
  lines.push(wrap(`${chalk.bold('Answer:')} ${answer}`, width), '');
  const text = lines.join('\n');
  return ascii ? toAscii(text) : text;
}

/** One line per finished point, for stderr. */
export function planProgressLine(p: { strategy: string; value: number; verdict: 'pass' | 'fail' | 'inconclusive'; replications: number }, vary: string): string {
  return `session-sim: plan ${p.strategy}: ${vary} = ${p.value} ${verdictMark(p.verdict, true)} (${p.replications === 1 ? 'one run' : `${p.replications} replications`})\n`;
}
