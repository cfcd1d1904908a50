/**
 * Reading scenarios: from a file (JSON or YAML) or a built-in name, validated against
 * the schema, checked for meaning (servers that exist, times inside the run), and
 * resolved into the model's SimulationConfig with every default filled in.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BalancingAlgorithm, RoutingConfig, SimulationConfig, StrategyConfig, TimelineEvent } from '../model/config.js';
import { ScenarioError, describeValue, problemsFromZod, suggestion, type ScenarioProblem } from './errors.js';
import { knownFields } from './json-schema.js';
import { findJsonSyntaxError } from './json-syntax.js';
import { MAX_ALIAS_COUNT, depthProblem, hugeNumberProblems, yamlAliasProblems, yamlDepthProblem, yamlDuplicateKeys, yamlKeysAsWritten, yamlValueProblems, type YamlError } from './guards.js';
import { readInputFile, stripBom } from './read.js';
import { withPositions } from './positions.js';
import { yamlLibrary } from './yaml-library.js';
import { describeSpec, drawsZero } from './support.js';
import { scenarioSchema, type ParsedScenario } from './schema.js';
import { durationGiven, loadProblems, phasesTotal } from './schema-load.js';
import { applyOverrides, type Override } from './overrides.js';
import { defaultStrategiesAsWritten, defaultStrategyName } from './default-strategies.js';
import { fieldKind } from './schema-fields.js';
import { formatDuration } from './units.js';
import { autoscalerProblems, resolveAutoscaler } from './schema-autoscaler.js';
import { applySloOptions, protoTargetProblem, resolveSlo } from './schema-slo.js';
import { BUILTIN_DIR, builtinFile, builtinFileNames, builtinName } from './builtins.js';
import { mergeStrategyStores, resolveCosts, resolveStore, storeProblems, strategyProblems } from './store.js';

export { BUILTIN_DIR } from './builtins.js';
export { selectStrategies } from './select-strategies.js';

export interface BuiltinScenario {
  name: string;
  file: string;
  title: string;
  description: string;
}

/** Built-in scenarios, sorted by name. */
export function listBuiltins(): BuiltinScenario[] {
  return builtinFileNames().map((f) => {
    const file = join(BUILTIN_DIR, f);
    const raw = parseText(readFileSync(file, 'utf8'), file) as { name?: string; description?: string };
    return { name: builtinName(f), file, title: raw.name ?? f, description: raw.description ?? '' };
  });
}

/** A path to a file, or the name of a built-in scenario. */
export function resolveScenarioPath(ref: string): string {
  if (existsSync(ref)) return ref;
  const builtin = builtinFile(ref);
  if (builtin !== undefined) return builtin;
  const names = builtinFileNames().map(builtinName);
  // A near built-in name is the likely typo (a missing file path is too far from any: no guess).
  const hint = suggestion(ref, names);
  throw new ScenarioError(ref, [{ path: '', expected: `a scenario file or a built-in scenario (${names.join(', ')})`, found: `no file or built-in named "${ref}"`, ...(hint === undefined ? {} : { hint }) }]);
}

/** Load, validate and resolve a scenario file or built-in name. */
export function loadScenario(ref: string, overrides: { seed?: number; sets?: readonly Override[]; slos?: readonly { metric: string; bound: string }[] } = {}): SimulationConfig {
  const file = resolveScenarioPath(ref);
  const text = readInputFile(file);
  const raw = applySloOptions(applyOverrides(parseText(text, file), overrides.sets ?? [], undefined, fieldKind), overrides.slos ?? []);
  try {
    return resolveScenario(raw, file, overrides.seed === undefined ? {} : { seed: overrides.seed });
  } catch (e) {
    // A YAML file's problems also name their line and column (JSON files keep their paths).
    if (!(e instanceof ScenarioError) || !/\.ya?ml$/i.test(file)) throw e;
    throw new ScenarioError(e.source, withPositions(e.problems, stripBom(text), raw));
  }
}

/** Parse JSON or YAML text; syntax errors become a ScenarioError with line, column and the offending text. */
export function parseText(input: string, source: string): unknown {
  const text = stripBom(input);
  if (text.trim() === '') throw new ScenarioError(source, [{ path: '', expected: 'a scenario (an object of fields; `{}` takes every default)', found: 'an empty file' }]);
  const isYaml = /\.ya?ml$/i.test(source);
  if (isYaml) {
    const deep = yamlDepthProblem(text);
    if (deep !== null) throw new ScenarioError(source, [deep]);
    // logLevel error: a mapping used as a key becomes its text (an unknown field, refused with its
    // path) without the library's process warning on stderr. uniqueKeys off: the library compares
    // each key with every earlier one of its mapping (30 000 keys took 22 s); yamlDuplicateKeys
    // finds them in one pass, once the keys have their written names (so `1:` and `"1":` are
    // one field given twice, as they are in the object).
    const doc = yamlLibrary().parseDocument(text, { prettyErrors: false, logLevel: 'error', uniqueKeys: false });
    if (doc.errors.length > 0) throw yamlSyntaxError(source, text, doc.errors);
    // A tag the library cannot apply (`!custom x`, `!!float 3`) left the value a string without a word.
    const tags = doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED');
    if (tags.length > 0) throw yamlSyntaxError(source, text, tags);
    const aliases = yamlAliasProblems(doc, text);
    if (aliases.length > 0) throw new ScenarioError(source, aliases);
    yamlKeysAsWritten(doc);
    const duplicates = yamlDuplicateKeys(doc);
    if (duplicates.length > 0) throw yamlSyntaxError(source, text, duplicates);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      if (!(e instanceof ReferenceError) || !/alias/i.test(e.message)) throw e;
      throw new ScenarioError(source, [{ path: '', expected: `at most ${MAX_ALIAS_COUNT.toLocaleString('en-US')} alias expansions (anchors reused through aliases)`, found: 'more: aliases of aliases that expand exponentially (an alias bomb)' }]);
    }
    const deepValue = depthProblem(value);
    if (deepValue !== null) throw new ScenarioError(source, [deepValue]);
    const notJson = yamlValueProblems(value);
    if (notJson.length > 0) throw new ScenarioError(source, withPositions(notJson, text, value));
    return value;
  }
  // The scanner runs first: it finds what JSON.parse accepts silently (a field given twice,
  // nesting too deep) and names the line and column of a syntax error.
  const err = findJsonSyntaxError(text);
  if (err !== null) throw new ScenarioError(source, [{ path: '', expected: err.expected.startsWith('valid JSON') ? err.expected : `valid JSON: ${err.expected}`, found: err.found, line: err.line, column: err.column, lineText: err.lineText }]);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(source, [{ path: '', expected: 'valid JSON', found: (e as Error).message }]);
  }
}

/** The first five places of `errors` (the parser's, or yamlDuplicateKeys'), each with its line, column and text. */
function yamlSyntaxError(source: string, text: string, errors: readonly YamlError[]): ScenarioError {
  const lines = text.split('\n');
  // One problem per place: the parser often reports a mistake twice.
  const places = new Set<number>();
  const first = errors.filter((e) => !places.has(e.pos[0]) && places.add(e.pos[0])).slice(0, 5);
  return new ScenarioError(
    source,
    first.map((e) => {
      const at = e.pos[0];
      const before = text.slice(0, at);
      const line = before.split('\n').length;
      const lineText = (lines[line - 1] ?? '').replace(/\r$/, '');
      const column = at - (before.lastIndexOf('\n') + 1) + 1;
      const offending = lineText.slice(column - 1).trim();
      // The library's advice is for programmers using it: a scenario is one document.
      const what =
        e.code === 'MULTIPLE_DOCS'
          ? 'a second document (a scenario file holds one; `---` starts another)'
          : e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').replaceAll('tag:yaml.org,2002:', '!!');
      return {
        path: '',
        expected: 'valid YAML',
        found: `${offending ? `${JSON.stringify(offending.length > 40 ? `${offending.slice(0, 40)}…` : offending)}: ` : 'the end of the file: '}${what.charAt(0).toLowerCase()}${what.slice(1)} (${e.code})`,
        line,
        column,
        lineText,
      };
    }),
  );
}

/** Validate a parsed document and resolve it into a SimulationConfig. */
export function resolveScenario(raw: unknown, source = 'scenario', overrides: { seed?: number } = {}): SimulationConfig {
  // In-process callers (the API, property tests) skip parseText: the same guards here.
  const deep = depthProblem(raw);
  if (deep !== null) throw new ScenarioError(source, [deep]);
  const huge = hugeNumberProblems(raw);
  if (huge.length > 0) throw new ScenarioError(source, huge);
  const parsed = scenarioSchema.safeParse(mergeStrategyStores(raw), { reportInput: true });
  if (!parsed.success) throw new ScenarioError(source, problemsFromZod(parsed.error.issues, [], (path) => knownFields(raw, path), raw));
  // With phases and no duration of its own, the run lasts as long as its phases (as Artillery's does).
  const runDuration = parsed.data.clients.phases !== undefined && !durationGiven(raw) ? phasesTotal(parsed.data.clients.phases) : parsed.data.duration;
  const s = { ...parsed.data, duration: runDuration, warmup: parsed.data.warmup ?? defaultWarmup(runDuration) };
  const strategies = resolveStrategies(s);
  const problems = semanticProblems(s, strategies);
  problems.push(...storeProblems(s), ...strategyProblems(s, strategies), ...loadProblems(s), ...autoscalerProblems(s.autoscaler, s.events));
  const costs = resolveCosts(s.costs, source, problems);
  const protoTarget = protoTargetProblem(raw);
  if (protoTarget !== null) problems.push(protoTarget);
  const slo = resolveSlo(s.slo, strategies.map((st) => st.name), problems, s.prices !== undefined);
  if (problems.length > 0) throw new ScenarioError(source, problems);
  return {
    name: s.name,
    description: s.description,
    ...(s.highlight === undefined || s.highlight.length === 0 ? {} : { highlight: [...new Set(s.highlight)] }),
    seed: overrides.seed ?? s.seed,
    duration: s.duration,
    warmup: s.warmup === 'auto' ? 0 : s.warmup,
    ...(s.warmup === 'auto' ? { autoWarmup: true } : {}),
    clients: resolveClients(s.clients),
    servers: {
      ...s.servers,
      weights: s.servers.weights ?? new Array<number>(s.servers.count).fill(1),
      failures: s.servers.failures === undefined ? null : { timeBetweenFailures: s.servers.failures.mtbf, timeToRepair: s.servers.failures.mttr },
    },
    loadBalancer: s.loadBalancer,
    store: resolveStore(s),
    strategies,
    events: s.events.map((e) => {
      switch (e.type) {
        case 'server-crash':
          return { at: e.at, type: e.type, server: e.server, downFor: e.downFor ?? null };
        case 'server-recover':
          return { at: e.at, type: e.type, server: e.server };
        case 'store-outage':
          return { at: e.at, type: e.type, downFor: e.downFor ?? null, flush: e.flush };
        case 'store-recover':
          return e.node === undefined ? { at: e.at, type: e.type } : { at: e.at, type: e.type, node: e.node };
        case 'store-crash':
          return { at: e.at, type: e.type, node: e.node, downFor: e.downFor ?? null };
        case 'store-failover':
          return { at: e.at, type: e.type, node: e.node };
        case 'store-partition':
          return { at: e.at, type: e.type, node: e.node, downFor: e.downFor };
        case 'key-rotation':
          return { at: e.at, type: e.type, overlap: e.overlap };
        case 'token-service-outage':
          return { at: e.at, type: e.type, downFor: e.downFor ?? null };
        case 'token-service-recover':
          return { at: e.at, type: e.type };
        default:
          return resolveLbEvent(e);
      }
    }),
    costs,
    tokenService: s.tokenService,
    ...(s.autoscaler === undefined ? {} : { autoscaler: resolveAutoscaler(s.autoscaler) }),
    ...(slo === undefined ? {} : { slo }),
    ...(s.prices === undefined ? {} : { prices: s.prices }),
  };
}

/** 1 minute, or a tenth of the run when that is shorter, so a short scenario still runs. */
export function defaultWarmup(duration: number): number {
  return Math.min(60, duration / 10);
}

type ParsedEvent = ParsedScenario['events'][number];

/** The load-balancer and scale events (issue 3) resolve field for field. */
function resolveLbEvent(
  e: Exclude<ParsedEvent, { type: 'server-crash' | 'server-recover' | 'store-outage' | 'store-recover' | 'store-crash' | 'store-failover' | 'store-partition' | 'key-rotation' | 'token-service-outage' | 'token-service-recover' }>,
): TimelineEvent {
  switch (e.type) {
    case 'scale-out':
      return { at: e.at, type: e.type, count: e.count, weight: e.weight };
    case 'scale-in':
      return { at: e.at, type: e.type, count: e.count, drain: e.drain };
    case 'rolling-restart':
      return { at: e.at, type: e.type, drain: e.drain, restartTime: e.restartTime, pause: e.pause };
    case 'lb-failover':
      return { at: e.at, type: e.type };
    case 'server-drain':
      return { at: e.at, type: e.type, server: e.server };
  }
}

type ParsedStrategy = NonNullable<ParsedScenario['strategies']>[number];

/** A strategy's routing: its own options, else the loadBalancer's (with their documented defaults). */
function resolveRouting(st: ParsedStrategy, lb: ParsedScenario['loadBalancer']): RoutingConfig {
  const sticky = st.type === 'sticky' ? st : undefined;
  const ipAffinity = sticky?.affinity === 'ip-hash';
  return {
    hash: {
      key: ipAffinity ? 'client-ip' : (st.hashKey ?? lb.hash.key),
      hashing: st.hashing ?? lb.hash.hashing,
      ipHash: st.ipHash ?? lb.hash.ipHash,
      pointsPerWeight: st.pointsPerWeight ?? lb.hash.pointsPerWeight,
      balanceFactor: st.balanceFactor ?? lb.hash.balanceFactor,
    },
    maxIdle: sticky?.maxIdle ?? null,
    maxLife: sticky?.maxLife ?? null,
    stickTable: { size: sticky?.stickTable?.size ?? 204800, expire: sticky?.stickTable?.expire ?? null, replicated: sticky?.stickTable?.replicated ?? false },
    afterDown: sticky?.afterDown ?? 're-pin',
    redispatch: st.redispatch ?? lb.redispatch,
    persist: sticky?.persist ?? lb.persist,
  };
}

/** Without a list: default-strategies.ts's, read by the schema as a file's list is (its defaults filled in). */
function resolveStrategies(s: ParsedScenario): StrategyConfig[] {
  const balance = s.loadBalancer.algorithm;
  const list: ParsedStrategy[] = s.strategies ?? scenarioSchema.shape.strategies.unwrap().parse(defaultStrategiesAsWritten());
  return list.map((st): StrategyConfig => {
    const own = (st as { balance?: BalancingAlgorithm }).balance;
    const ownStore = (st as { store?: ParsedScenario['store'] }).store;
    const store = ownStore === undefined ? {} : { store: resolveStore(s, ownStore) };
    const routing = resolveRouting(st, s.loadBalancer);
    switch (st.type) {
      case 'sticky':
        return {
          name: st.name ?? defaultStrategyName({ type: 'sticky', affinity: st.affinity, backup: 'backup' in st ? st.backup : 'none' }),
          type: 'sticky',
          affinity: st.affinity,
          balance: own ?? balance,
          routing,
          backup: 'backup' in st ? st.backup : 'none',
          writeBehindDelay: 'writeBehindDelay' in st ? st.writeBehindDelay : 1,
          ...store,
        };
      case 'external': {
        const middleware = 'middleware' in st ? st.middleware : 'express-session';
        // Each framework's own behaviour: PHP's files handler locks; the others let the last writer win.
        const conflicts = ('conflicts' in st ? st.conflicts : undefined) ?? (middleware === 'php' ? 'lock' : 'last-writer-wins');
        return {
          name: st.name ?? defaultStrategyName({ type: 'external', storeKind: (ownStore ?? s.store).kind }),
          type: 'external',
          balance: own ?? balance,
          routing,
          middleware,
          conflicts,
          resave: 'resave' in st ? st.resave : false,
          lockWait: 'lockWait' in st ? st.lockWait : 0.02,
          lockRetries: 'lockRetries' in st ? st.lockRetries : 100,
          lockExpire: 'lockExpire' in st ? st.lockExpire : 30,
          casRetries: 'casRetries' in st ? st.casRetries : 10,
          ...store,
        };
      }
      case 'jwt':
        return {
          name: st.name ?? defaultStrategyName({ type: 'jwt', algorithm: st.algorithm }),
          type: 'jwt',
          balance: own ?? balance,
          routing,
          algorithm: st.algorithm,
          accessTtl: st.accessTtl,
          refreshBefore: st.refreshBefore,
          claimsSize: st.claimsSize,
          leeway: st.leeway,
          refreshTtl: st.refreshTtl,
          data: st.data,
          revocation: st.revocation,
          ...store,
        };
    }
  });
}

function semanticProblems(s: ParsedScenario & { warmup: number | 'auto' }, strategies: StrategyConfig[]): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  // Name the field the user wrote: a zero duration is wrong at duration, not at the default warm-up it implies.
  if (s.duration <= 0) problems.push({ path: 'duration', expected: 'a duration above 0', found: formatDuration(s.duration) });
  else if (s.warmup !== 'auto' && s.warmup >= s.duration) problems.push({ path: 'warmup', expected: `less than the duration (${formatDuration(s.duration)})`, found: formatDuration(s.warmup) });
  if (s.servers.sessionIdleTimeout <= 0) problems.push({ path: 'servers.sessionIdleTimeout', expected: 'a duration above 0 (Servlet and Spring Session: 30m)', found: formatDuration(s.servers.sessionIdleTimeout) });
  // Servers added by scale-out events at or before each event exist too (slots count, index
  // order): a running sum over the events in time order keeps this linear in their number.
  const byAt = s.events.map((_, i) => i).sort((a, b) => s.events[a]!.at - s.events[b]!.at || a - b);
  const slotsAt = new Array<number>(s.events.length);
  let added = 0;
  for (let k = 0; k < byAt.length; ) {
    // Every event at the same time sees every scale-out at that time.
    let j = k;
    const at = s.events[byAt[k]!]!.at;
    while (j < byAt.length && s.events[byAt[j]!]!.at === at) {
      const x = s.events[byAt[j]!]!;
      if (x.type === 'scale-out') added += x.count;
      j++;
    }
    for (; k < j; k++) slotsAt[byAt[k]!] = s.servers.count + added;
  }
  s.events.forEach((e, i) => {
    const slots = slotsAt[i]!;
    if ('server' in e && e.server >= slots) {
      const added = slots > s.servers.count ? ` plus ${slots - s.servers.count} added by scale-out` : '';
      problems.push({ path: `events[${i}].server`, expected: `a server index from 0 to ${slots - 1} (servers.count is ${s.servers.count}${added})`, found: String(e.server) });
    }
    if (e.at > s.duration) problems.push({ path: `events[${i}].at`, expected: `a time within the run (duration ${formatDuration(s.duration)})`, found: formatDuration(e.at) });
  });
  problems.push(...loadBalancerProblems(s, strategies));
  const seen = new Map<string, number>();
  strategies.forEach((st, i) => {
    // Both places named: `--set strategies.0.name=redis` renamed the first, and the later one alone was blamed.
    if (seen.has(st.name)) problems.push({ path: `strategies[${i}].name`, expected: `a name not used by another strategy (strategies[${seen.get(st.name)}] has it)`, found: describeValue(st.name) });
    seen.set(st.name, i);
  });
  strategies.forEach((st, i) => {
    if (st.type === 'jwt' && st.refreshBefore >= st.accessTtl) {
      problems.push({ path: `strategies[${i}].refreshBefore`, expected: `less than accessTtl (${formatDuration(st.accessTtl)})`, found: formatDuration(st.refreshBefore) });
    }
  });
  return problems;
}

/** Checks of the load-balancer, client-network and scale fields (issue 3). */
function loadBalancerProblems(s: ParsedScenario, strategies: StrategyConfig[]): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const w = s.servers.weights;
  if (w !== undefined) {
    if (w.length !== s.servers.count) problems.push({ path: 'servers.weights', expected: `one weight per server (servers.count is ${s.servers.count})`, found: `${w.length} weights` });
    else if (w.every((x) => x === 0)) problems.push({ path: 'servers.weights', expected: 'at least one weight above 0', found: 'all 0' });
  }
  const f = s.servers.failures;
  if (f !== undefined) {
    // The support, not the name: uniform 0..0 or empirical [0] draw zero as surely as constant 0.
    for (const [key, d] of [['mtbf', f.mtbf], ['mttr', f.mttr]] as const) {
      if (drawsZero(d)) problems.push({ path: `servers.failures.${key}`, expected: 'a time above 0 whatever is drawn (a server failing again at once would never stop)', found: describeSpec(d) });
    }
  }
  const lb = s.loadBalancer;
  if (lb.healthCheck.interval <= 0) problems.push({ path: 'loadBalancer.healthCheck.interval', expected: 'an interval above 0', found: `${lb.healthCheck.interval} s` });
  if (lb.passive.type === 'envoy' && lb.passive.interval <= 0) problems.push({ path: 'loadBalancer.passive.interval', expected: 'an interval above 0', found: '0 s' });
  if (lb.retries > 0 && lb.retryDelay <= 0) problems.push({ path: 'loadBalancer.retryDelay', expected: 'a pause above 0 between retries (HAProxy: min(timeout connect, 1 s))', found: '0 s' });
  let servers = s.servers.count;
  const byTime = s.events.map((e, i) => [e, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]);
  for (const [e, i] of byTime) {
    if (e.type === 'scale-out') servers += e.count;
    if (e.type === 'scale-in') {
      if (e.count >= servers) problems.push({ path: `events[${i}].count`, expected: `fewer servers than the ${servers} present then (one must stay)`, found: String(e.count) });
      else servers -= e.count;
    }
    if (e.type === 'lb-failover' && !lb.redundancy.standby) {
      problems.push({ path: `events[${i}].type`, expected: 'a standby balancer to fail over to (loadBalancer.redundancy.standby: true)', found: '"lb-failover" with a single balancer' });
    }
  }
  strategies.forEach((st, i) => {
    if (st.type !== 'sticky') return;
    if (st.affinity !== 'cookie' && (st.routing.maxIdle !== null || st.routing.maxLife !== null)) {
      problems.push({ path: `strategies[${i}].${st.routing.maxIdle !== null ? 'maxIdle' : 'maxLife'}`, expected: 'maxIdle/maxLife only with affinity "cookie" (HAProxy cookie insert)', found: `affinity "${st.affinity}"` });
    }
  });
  const raw = s.strategies ?? [];
  raw.forEach((st, i) => {
    if (st.type === 'sticky' && st.stickTable !== undefined && st.affinity !== 'stick-table') {
      problems.push({ path: `strategies[${i}].stickTable`, expected: 'stickTable only with affinity "stick-table"', found: `affinity "${st.affinity}"` });
    }
    if (st.type === 'sticky' && st.affinity === 'ip-hash' && st.hashKey !== undefined && st.hashKey !== 'client-ip') {
      problems.push({ path: `strategies[${i}].hashKey`, expected: 'client-ip (or nothing) with affinity "ip-hash"', found: `"${st.hashKey}"` });
    }
  });
  return problems;
}


/** `continue` is the model without session-loss behaviour: its fields stay out of the resolved config (results unchanged). */
function resolveClients(c: ParsedScenario['clients']): SimulationConfig['clients'] {
  const { onSessionLoss, relogin, ...rest } = c;
  return onSessionLoss === 'continue' ? rest : { ...rest, onSessionLoss, relogin };
}
