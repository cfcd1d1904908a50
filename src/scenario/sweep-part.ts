/**
 * A sweep part's scenario checked by the rules of a scenario file; src/experiment/merge.ts
 * checks what the merge itself needs (the shape, the counts, the figures, the grid). A part is
 * sealed with a checksum anyone can recompute, and its texts reach the reports and the terminal:
 * a forged scenario name "a\u001b[2Jb" was printed raw by `merge --format table` (the screen
 * cleared), a param value of 1e308 drew NaN into the HTML report. So:
 *   - `resolved`, the sweep's base scenario as a document, must load as a scenario file does
 *     (every rule: text without control characters, numbers at most 10^15, …), its costs inline;
 *   - the header the reports print is that scenario's (sweepHeader), and every run's strategies
 *     are its strategies, by name and type, in order; a state location is plain text;
 *   - each param names a field of that scenario as `--param` checks it (not `seed`), and its
 *     values are ones a scenario can hold: numbers at most 10^15, text without control characters.
 */
import type { SweepPart } from '../experiment/merge.js';
import { SweepInputError } from '../experiment/shard.js';
import { sweepHeader } from '../experiment/sweep.js';
import type { SimulationConfig } from '../model/config.js';
import { describeValue, formatPath, ScenarioError, type ScenarioProblem } from './errors.js';
import { hugeNumberProblems } from './guards.js';
import { resolveScenario } from './load.js';
import { splitPath } from './overrides.js';
import { plainText } from './schema-units.js';
import { pathProblem } from './sweep-params.js';

const TEXT = plainText();

/** Throw the first problem of `part` (named `name`) as a SweepInputError: merge's refusal, exit 2. */
export function checkPartScenario(part: SweepPart, name: string): void {
  const problems = partScenarioProblems(part);
  if (problems.length === 0) return;
  const p = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length === 2 ? '' : 's'})` : '';
  throw new SweepInputError(`${name} is a damaged sweep part at ${p.path}: expected ${p.expected}, found ${p.found}${p.hint === undefined ? '' : `; ${p.hint}`}${more}`);
}

/** Every problem of the part's scenario, each at its path in the part. */
export function partScenarioProblems(part: SweepPart): ScenarioProblem[] {
  const resolved = part.resolved as Record<string, unknown> | null;
  // What sweep records loads without the scenario's folder: a costs path would be read from wherever merge runs.
  if (resolved !== null && typeof resolved === 'object' && typeof resolved.costs === 'string') {
    return [{ path: 'resolved.costs', expected: 'the costs themselves (a resolved scenario holds them, not a file to read)', found: describeValue(resolved.costs) }];
  }
  let base: SimulationConfig;
  try {
    base = resolveScenario(resolved, 'resolved');
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.problems.map((p) => ({ ...p, path: p.path === '' ? 'resolved' : p.path.startsWith('[') ? `resolved${p.path}` : `resolved.${p.path}` }));
  }
  const problems: ScenarioProblem[] = [];
  const header = sweepHeader(base);
  for (const k of ['name', 'description', 'seed', 'duration', 'warmup'] as const) {
    if (part.scenario[k] !== header[k]) problems.push({ path: `scenario.${k}`, expected: `${describeValue(header[k])}, the resolved scenario's ${k}`, found: describeValue(part.scenario[k]) });
  }
  part.runs.forEach((r, j) => {
    if (r.strategies.length !== base.strategies.length) {
      problems.push({ path: `runs[${j}].strategies`, expected: `the resolved scenario's ${base.strategies.length} strateg${base.strategies.length === 1 ? 'y' : 'ies'}`, found: describeValue(r.strategies) });
      return;
    }
    r.strategies.forEach((s, i) => {
      const own = base.strategies[i]!;
      if (s.name !== own.name) problems.push({ path: `runs[${j}].strategies[${i}].name`, expected: `${describeValue(own.name)}, strategy ${i} of the resolved scenario`, found: describeValue(s.name) });
      if (s.type !== own.type) problems.push({ path: `runs[${j}].strategies[${i}].type`, expected: `${describeValue(own.type)}, the type of ${own.name}`, found: describeValue(s.type) });
      const text = textProblem(s.stateLocation);
      if (text !== undefined) problems.push({ path: `runs[${j}].strategies[${i}].stateLocation`, expected: text, found: describeValue(s.stateLocation) });
    });
  });
  part.params.forEach((q, i) => {
    const at = `params[${i}]`;
    if (textProblem(q.path) !== undefined || !readablePath(q.path)) {
      problems.push({ path: `${at}.path`, expected: 'a dotted scenario path such as "servers.count" (text without control characters)', found: describeValue(q.path) });
    } else if (q.path === 'seed') {
      // sweep refuses it: every point runs the same replication seeds.
      problems.push({ path: `${at}.path`, expected: 'a field other than seed (sweep --param refuses it)', found: describeValue(q.path) });
    } else {
      const wrong = pathProblem(part.resolved, { path: q.path, text: q.path });
      if (wrong !== undefined) problems.push({ path: `${at}.path`, expected: `a field of the scenario: at ${wrong.path}, ${wrong.expected}`, found: describeValue(q.path), ...(wrong.hint === undefined ? {} : { hint: wrong.hint }) });
    }
    problems.push(...valueProblems(q.values, `${at}.values`));
  });
  return problems;
}

/** Does `text` read as a path sweep --param accepts (splitPath refuses an empty name, a bracket in the wrong place)? */
function readablePath(text: string): boolean {
  try {
    return splitPath(text).every((k) => k !== '');
  } catch (e) {
    if (e instanceof ScenarioError) return false;
    throw e;
  }
}

/** A param's values as a scenario holds them: numbers at most 10^15 (a range of ±1e308 overflowed the chart's scale), text without control characters. */
function valueProblems(values: unknown[], at: string): ScenarioProblem[] {
  const problems = hugeNumberProblems(values).map((p) => ({ ...p, path: `${at}${p.path.startsWith('[') ? '' : '.'}${p.path}` }));
  const todo: { v: unknown; path: PropertyKey[] }[] = [{ v: values, path: [] }];
  while (todo.length > 0 && problems.length < 50) {
    const { v, path } = todo.pop()!;
    const text = typeof v === 'string' ? textProblem(v) : undefined;
    if (text !== undefined) problems.push({ path: `${at}${formatPath(path)}`, expected: text, found: describeValue(v) });
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) todo.push({ v: x, path: [...path, Array.isArray(v) ? Number(k) : k] });
  }
  return problems;
}

/** What is wrong with a text by the rule of a scenario's name (plainText, in the schema's words); undefined when nothing. */
function textProblem(text: string): string | undefined {
  const checked = TEXT.safeParse(text);
  return checked.success ? undefined : (checked.error.issues[0]?.message ?? 'text without control characters');
}
