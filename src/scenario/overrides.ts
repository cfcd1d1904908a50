/**
 * `--set PATH=VALUE` overrides (issue 11): applied to the parsed document *before*
 * validation, so an overridden value is checked exactly like the file's (same messages,
 * same JSON paths). Sweeps and plans use the same function for each point.
 *
 * PATH is dot-separated (`servers.count`, `clients.network.natShare`); a numeric segment
 * indexes an array (`events.0.at`, or `events[0].at` as the tool's own messages write paths,
 * and `slo.targets["latency.p99"]` for a name with a dot), and under `strategies` a segment
 * that names a strategy picks it (`strategies.redis.store.ttl`). VALUE is read as JSON when it is valid JSON (`6`,
 * `true`, `{"dist":"constant","value":"5ms"}`), otherwise as a string (`200ms`, `4KB`).
 */
import { ScenarioError, clip, describeValue, formatPath, suggestion, type ScenarioProblem } from './errors.js';
import { defaultStrategiesAsWritten, writtenStrategyName } from './default-strategies.js';
import { depthProblem } from './guards.js';
import { MAX_DEPTH } from './json-syntax.js';

export interface Override {
  /** As the user wrote it, for messages. */
  text: string;
  path: string[];
  value: unknown;
}

/** Parse one `PATH=VALUE`; a malformed one is a usage error (ScenarioError with path ''). */
export function parseOverride(text: string, source = '--set'): Override {
  const eq = text.indexOf('=');
  const pathText = eq < 0 ? '' : text.slice(0, eq).trim();
  if (eq < 0 || pathText === '') {
    throw new ScenarioError(source, [{ path: '', expected: 'PATH=VALUE, e.g. servers.count=6', found: JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text) }]);
  }
  const value = parseValue(text.slice(eq + 1).trim());
  // As --param's values: what no scenario can hold is refused before it is written anywhere.
  const deep = depthProblem(value);
  if (deep !== null) throw new ScenarioError(source, [{ path: '', expected: `a value ${deep.expected}`, found: deep.found }]);
  return { text, path: splitPath(pathText, source), value };
}

/** The first step of a path: a name, or a bracket (`[0]`, or `["a.b"]`: a name with a dot, as messages quote it). */
const FIRST = /([^.[\]"]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
/** Every later step: `.name` or a bracket. */
const NEXT = /\.([^.[\]"]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

/**
 * A scenario path's segments: `events[0].at` (as messages print JSON paths) and `events.0.at`
 * alike give ["events", "0", "at"], and `slo.targets["latency.p99"]` gives ["slo", "targets",
 * "latency.p99"], so a path copied from an error message works in --set, --param and --vary.
 * Anything else is refused here, whole, before it is applied: `events[0][at]` was read as a
 * field "0[at]" of the list, which appended an element and blamed events[1].
 */
export function splitPath(text: string, source = '--set'): string[] {
  const segments: string[] = [];
  let i = 0;
  while (i < text.length) {
    const step = i === 0 ? FIRST : NEXT;
    step.lastIndex = i;
    const m = step.exec(text);
    if (m === null) throw new ScenarioError(source, [pathProblem(text, i)]);
    segments.push(m[1] ?? m[2] ?? (JSON.parse(m[3]!) as string));
    i = step.lastIndex;
    // No field of a scenario is deeper; a path of 65,000 names (what one argument holds) would
    // be looked up in the schema at every level (minutes), and one through a number described
    // as an object 65,000 deep (past the stack).
    if (segments.length > MAX_DEPTH) {
      throw new ScenarioError(source, [{ path: '', expected: `a path at most ${MAX_DEPTH} names deep (a scenario nests at most ${MAX_DEPTH} levels)`, found: `more in ${JSON.stringify(clip(text, 60))}` }]);
    }
  }
  if (segments.length === 0) throw new ScenarioError(source, [{ path: '', expected: 'a path such as clients.arrivalRate', found: 'nothing' }]);
  return segments;
}

/** What is wrong at character `at` of a path, worded for the one who wrote it, with the path they likely meant. */
function pathProblem(text: string, at: number): ScenarioProblem {
  const shown = JSON.stringify(clip(text, 80));
  if (text[at] === '.' && (at === 0 || at === text.length - 1 || text[at + 1] === '.')) {
    const where = at === 0 ? 'before the first dot' : at === text.length - 1 ? 'after the last dot' : `between the dots at characters ${at + 1} and ${at + 2}`;
    return { path: '', expected: 'a dot-separated path with a field name between the dots, such as clients.arrivalRate', found: `${shown}: nothing ${where}` };
  }
  // `events[0][at]`, `strategies[redis].ttl`, `events[0]at`, `events.[0]`: names go after dots, indexes in brackets.
  const meant = text
    .replace(/\[([^\]"]*)\]/g, (all, inside: string) => (/^\d+$/.test(inside) ? all : `.${inside}`))
    .replace(/\](?=[^.[\]])/g, '].')
    .replace(/\.\[/g, '[')
    .replace(/^\./, '');
  let hint: string | undefined;
  if (meant !== text && meant !== '') {
    try {
      splitPath(meant);
      hint = `did you mean ${JSON.stringify(clip(meant, 80))}?`;
    } catch {
      // Nothing better to offer than the expected form.
    }
  }
  return {
    path: '',
    expected: 'field names after dots and list indexes in brackets, such as events[0].at or events.0.at (a name with a dot in it quoted: slo.targets["latency.p99"])',
    found: `${shown}: ${JSON.stringify(clip(text.slice(at), 40))} at character ${at + 1}`,
    ...(hint === undefined ? {} : { hint }),
  };
}

/** JSON when it parses (numbers, booleans, null, objects, arrays), the raw string otherwise. */
export function parseValue(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** What the schema says a path names (schema-fields.ts fieldKind): a list, one value with no fields, or either. */
export type FieldKind = (path: readonly PropertyKey[]) => 'list' | 'value' | undefined;

/**
 * Apply overrides in order to a deep copy of `raw`; later ones win. Missing objects on the way
 * are created, or a missing list where `kind` says the field is one (the loaders pass
 * schema-fields.ts fieldKind: this module is loaded before zod, by the option parsers).
 */
export function applyOverrides(raw: unknown, overrides: readonly Override[], source?: string, kind: FieldKind = () => undefined): unknown {
  // A document that is no object is refused as it is ("expected an object, found number 5"):
  // a file of `5` or `null` was replaced by {} and, with any --set, validated ok on every default.
  if (overrides.length === 0 || raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const root = structuredClone(raw) as Record<string, unknown>;
  for (const o of overrides) setPath(root, o, o.value, source ?? `--set ${o.text}`, kind);
  return root;
}

function setPath(root: Record<string, unknown>, o: Override, value: unknown, source: string, kind: FieldKind): void {
  const path = o.path;
  const trail: PropertyKey[] = [];
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const container = node as Record<string | number, unknown>;
    const slot: string | number = Array.isArray(container) ? listSlot(root, container, trail, key, source) : key;
    trail.push(slot);
    if (i === path.length - 1) {
      put(container, slot, value);
      return;
    }
    let next = Object.hasOwn(container, slot) ? container[slot] : undefined;
    if (next === undefined && container === root && slot === 'strategies') {
      // A scenario without a list compares the default strategies: a path into `strategies`
      // names those (strategies.redis.store.ttl, strategies.0.balance), as --strategies and
      // the tables do. It started from an empty object ("at strategies: expected an array").
      next = defaultStrategiesAsWritten();
      put(container, slot, next);
    } else if (next === null || typeof next !== 'object') {
      const k = kind(trail);
      // servers.count.x: a field of a number was an object in its place, which the schema refused
      // at servers.count ("expected a number, found object {"x":1}"), not at the path written.
      if (k === 'value') {
        const held = next === undefined ? 'takes one value' : `is ${describeValue(next)}, one value`;
        let found = value;
        for (let j = path.length - 1; j > i + 1; j--) found = { [path[j]!]: found };
        throw new ScenarioError(source, [{ path: formatPath([...trail, path[i + 1]!]), expected: `no such field (${formatPath(trail)} ${held}, with no fields)`, found: describeValue(found) }]);
      }
      next = INDEX.test(path[i + 1]!) || k === 'list' ? [] : {};
      put(container, slot, next);
    }
    node = next;
  }
}

/** A list index as JSON paths write it: digits, no sign, no exponent, no leading zero. */
const INDEX = /^(0|[1-9]\d*)$/;

/**
 * The element of `list` (at `trail`) that `key` names: an index from 0 to its length (the
 * length adds one at the end), or under `strategies` a strategy's name. Anything else is
 * refused at the path as written: `events.abc`, `events.1e3` and `events.-1` each appended an
 * element and the schema blamed it (`at events[1].type: … found nothing`), and a misspelt
 * strategy name appended a strategy of no type (`at strategies[4].type`).
 */
function listSlot(root: Record<string, unknown>, list: unknown[], trail: readonly PropertyKey[], key: string, source: string): number {
  const n = list.length;
  const range = n === 0 ? 'index 0 (the list is empty: 0 adds its first entry)' : `an index from 0 to ${n} (the list has ${n} ${n === 1 ? 'entry' : 'entries'}; ${n} adds one at the end)`;
  const strategies = trail.length === 1 && trail[0] === 'strategies';
  if (INDEX.test(key)) {
    // At most one past the end: events.1000000000.at made a list of a billion holes, which
    // validation walked for minutes until memory ran out (and 10^20, no index at all, was
    // set as a property nobody reads, exit 0).
    if (Number(key) <= n) return Number(key);
    throw new ScenarioError(source, [{ path: `${formatPath(trail)}[${key}]`, expected: strategies ? `a strategy's name or ${range}` : range, found: key }]);
  }
  const at = formatPath([...trail, key]);
  if (!strategies) {
    // 01 is 1 to a reader but not a path the messages would print back.
    const hint = /^\d+$/.test(key) && Number(key) <= n ? `did you mean ${Number(key)}?` : undefined;
    throw new ScenarioError(source, [{ path: at, expected: range, found: JSON.stringify(clip(key, 40)), ...(hint === undefined ? {} : { hint }) }]);
  }
  const names = list.map((e) => writtenStrategyName(e, root));
  const i = names.indexOf(key);
  if (i >= 0) return i;
  const known = names.filter((name): name is string => name !== undefined);
  const hint = suggestion(key, known);
  throw new ScenarioError(source, [{
    path: at,
    expected: `the name of one of the scenario's strategies (${known.map((name) => clip(name, 40)).join(', ')}) or ${range}`,
    found: `no strategy named ${JSON.stringify(clip(key, 40))}`,
    ...(hint === undefined ? {} : { hint }),
  }]);
}

/**
 * An own property, as JSON.parse makes one: `--set __proto__.x=1` must not walk into
 * Object.prototype (prototype pollution: every object of the process would gain `x`, and zod
 * crashed with exit 1) nor replace an object's prototype, but name a field the schema then
 * refuses like any unknown one ("at __proto__: expected no such field"). `--slo` writes its targets
 * with it too.
 */
export function put(container: Record<string | number, unknown>, slot: string | number, value: unknown): void {
  Object.defineProperty(container, slot, { value, writable: true, enumerable: true, configurable: true });
}
