/**
 * Resolving and checking the session-store, strategy and cost settings: defaults that
 * depend on other fields (Memcached evicts and has no replication, Redis does not evict
 * by default), combinations real systems do not offer, node indexes that exist, and the
 * calibrated costs file a scenario may point at.
 */
import { existsSync, realpathSync } from 'node:fs';
import { findJsonSyntaxError } from './json-syntax.js';
import { readInputFile } from './read.js';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { CostProfile, JwtAlgorithm, StoreConfig, StrategyConfig } from '../model/config.js';
import { DEFAULT_COSTS } from '../model/defaults.js';
import { ScenarioError, describeValue, problemsFromZod, type ScenarioProblem } from './errors.js';
import { costProfile, type ParsedScenario } from './schema.js';

type ParsedCosts = ParsedScenario['costs'];

/**
 * A strategy's `store` is the scenario's store with the strategy's fields laid over it:
 * merged in the raw document, before validation, so defaults and errors work as usual.
 */
export function mergeStrategyStores(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || !Array.isArray((raw as { strategies?: unknown }).strategies)) return raw;
  const doc = raw as { store?: unknown; strategies: unknown[] };
  const base = doc.store !== null && typeof doc.store === 'object' ? (doc.store as Record<string, unknown>) : {};
  return {
    ...doc,
    strategies: doc.strategies.map((st) => {
      if (st === null || typeof st !== 'object') return st;
      const own = (st as { store?: unknown }).store;
      if (own === null || typeof own !== 'object' || Array.isArray(own)) return st;
      return { ...st, store: { ...base, ...(own as Record<string, unknown>) } };
    }),
  };
}

type ParsedStore = ParsedScenario['store'];

/** The store with every default filled in. */
export function resolveStore(s: ParsedScenario, own?: ParsedStore): StoreConfig {
  const st = own ?? s.store;
  const memcached = st.kind === 'memcached';
  const sharding = st.sharding ?? (memcached ? 'ketama' : 'cluster');
  const replicas = st.replicas ?? (st.topology === 'primary-replica' ? 1 : st.topology === 'sharded' && sharding === 'cluster' ? 1 : 0);
  return {
    kind: st.kind,
    latency: st.latency,
    opsPerSecond: st.opsPerSecond,
    bandwidth: st.bandwidth,
    topology: st.topology,
    unreachable: st.unreachable,
    encryption: st.encryption,
    ttl: st.ttl ?? s.servers.sessionIdleTimeout,
    ttlMode: st.ttlMode,
    // Memcached -m 64 (MB); Redis maxmemory 0 = no limit.
    maxMemory: st.maxMemory ?? (memcached ? 64 * 1024 * 1024 : 0),
    // Memcached evicts least recently used items; Redis maxmemory-policy noeviction.
    evictionPolicy: st.evictionPolicy ?? (memcached ? 'allkeys-lru' : 'noeviction'),
    evictionSamples: st.evictionSamples,
    shards: st.topology === 'sharded' ? st.shards : 1,
    sharding,
    replicas: st.topology === 'single' ? 0 : replicas,
    replicationLag: st.replicationLag,
    minReplicasToWrite: st.minReplicasToWrite,
    minReplicasMaxLag: st.minReplicasMaxLag,
    waitReplicas: st.waitReplicas,
    waitTimeout: st.waitTimeout,
    sentinel: st.sentinel,
    cluster: st.cluster,
    memcachedClient: st.memcachedClient,
  };
}

/** Store settings that no real deployment has, and events aimed at nodes that do not exist. */
export function storeProblems(s: ParsedScenario): ScenarioProblem[] {
  const problems = storeProblemsOf(s, s.store, 'store');
  (s.strategies ?? []).forEach((st, i) => {
    if ('store' in st && st.store !== undefined) problems.push(...storeProblemsOf(s, st.store, `strategies[${i}].store`, `strategies[${i}]`));
  });
  return problems;
}

function storeProblemsOf(s: ParsedScenario, st: ParsedStore, at: string, whose = ''): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const memcached = st.kind === 'memcached';
  if (memcached && st.topology === 'primary-replica') {
    problems.push({ path: `${at}.topology`, expected: '"single" or "sharded" for memcached (Memcached servers do not replicate)', found: '"primary-replica"' });
  }
  if (memcached && st.sharding === 'cluster') {
    problems.push({ path: `${at}.sharding`, expected: '"ketama" for memcached (placement is done by the client)', found: '"cluster"' });
  }
  if (memcached && (st.replicas ?? 0) > 0) {
    problems.push({ path: `${at}.replicas`, expected: '0 for memcached (no server-side replication)', found: String(st.replicas) });
  }
  if (st.topology === 'primary-replica' && st.replicas === 0) {
    problems.push({ path: `${at}.replicas`, expected: 'at least 1 for a primary-replica topology', found: '0' });
  }
  const resolved = resolveStore(s, st);
  if (st.minReplicasToWrite > resolved.replicas) {
    problems.push({ path: `${at}.minReplicasToWrite`, expected: `at most ${at}.replicas (${resolved.replicas})`, found: String(st.minReplicasToWrite) });
  }
  if (st.waitReplicas > resolved.replicas) {
    problems.push({ path: `${at}.waitReplicas`, expected: `at most ${at}.replicas (${resolved.replicas})`, found: String(st.waitReplicas) });
  }
  // Name the field the user wrote: without its own ttl, the store takes servers.sessionIdleTimeout (checked there).
  if (st.ttl !== undefined && resolved.ttl <= 0) problems.push({ path: `${at}.ttl`, expected: 'a duration > 0', found: `${resolved.ttl} s` });
  const nodes = resolved.shards;
  s.events.forEach((e, i) => {
    if ('node' in e && e.node !== undefined && e.node >= nodes) {
      problems.push({
        path: `events[${i}].node`,
        expected: `${nodes === 1 ? `0 (the store has one ${st.topology === 'primary-replica' ? 'primary' : 'node'})` : `a store node index from 0 to ${nodes - 1} (${at}.shards is ${nodes})`}${whose ? ` for ${whose}` : ''}`,
        found: String(e.node),
      });
    }
    if ((e.type === 'store-failover' || e.type === 'store-partition') && resolved.replicas === 0) {
      problems.push({
        path: `events[${i}].type`,
        expected: `a store with replicas for ${e.type} (${at}.topology "primary-replica", or "sharded" Redis Cluster with ${at}.replicas >= 1)`,
        found: `topology "${st.topology}" with ${resolved.replicas} replicas`,
      });
    }
  });
  return problems;
}

/** Middleware and conflict handling: only the combinations the frameworks offer. */
export function strategyProblems(s: ParsedScenario, strategies: StrategyConfig[]): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  strategies.forEach((st, i) => {
    if (st.type !== 'external') return;
    const allowed: Record<string, string[]> = {
      'express-session': ['last-writer-wins', 'compare-and-set'],
      'spring-session': ['last-writer-wins'],
      php: ['lock', 'last-writer-wins'],
    };
    const ok = allowed[st.middleware!]!;
    if (!ok.includes(st.conflicts!)) {
      problems.push({ path: `strategies[${i}].conflicts`, expected: `one of ${ok.map((x) => JSON.stringify(x)).join(', ')} for ${st.middleware}`, found: describeValue(st.conflicts) });
    }
  });
  strategies.forEach((st, i) => {
    if ((st.store ?? s.store).kind === 'memcached') {
      if (st.type === 'external' && st.conflicts === 'compare-and-set') {
        problems.push({ path: `strategies[${i}].conflicts`, expected: '"last-writer-wins" with memcached (this model speaks Redis WATCH/MULTI/EXEC)', found: '"compare-and-set"' });
      }
    }
  });
  return problems;
}

/** Built-in costs, overridden by an inline object or a file written by `session-sim calibrate`. */
export function resolveCosts(costs: ParsedCosts, source: string, problems: ScenarioProblem[]): CostProfile {
  if (costs === undefined) return DEFAULT_COSTS;
  let given: Exclude<ParsedCosts, string | undefined>;
  if (typeof costs === 'string') {
    // A costs file is JSON (calibrate writes it): a path to any other file is refused before it
    // is read, so a scenario cannot make the tool echo a piece of, say, /etc/shadow in the
    // syntax error it would get.
    if (!/\.json$/i.test(costs)) {
      problems.push({ path: 'costs', expected: 'a path to a .json costs file (`session-sim calibrate --out costs.json` writes one)', found: JSON.stringify(costs) });
      return DEFAULT_COSTS;
    }
    const base = existsSync(source) ? dirname(source) : process.cwd();
    const file = isAbsolute(costs) ? costs : resolve(base, costs);
    if (!existsSync(file)) {
      problems.push({ path: 'costs', expected: 'a costs file (write one with `session-sim calibrate --out costs.json`)', found: `no file at ${file}` });
      return DEFAULT_COSTS;
    }
    // A link named x.json to a file that is not one (/etc/passwd) would have its first word
    // echoed by the syntax error: the file itself must be a .json file.
    const real = realPath(file);
    if (!/\.json$/i.test(real)) {
      problems.push({ path: 'costs', expected: 'a path to a .json costs file (`session-sim calibrate --out costs.json` writes one)', found: `${JSON.stringify(costs)}, a link to ${JSON.stringify(real)}` });
      return DEFAULT_COSTS;
    }
    let raw: unknown;
    try {
      // The same guards as a scenario file: a regular file, size cap, BOM, duplicate keys, depth.
      const text = readInputFile(file, 'a costs file', 'costs');
      const err = findJsonSyntaxError(text);
      if (err !== null) throw new ScenarioError(file, [{ path: 'costs', expected: `a JSON costs file: ${err.expected}`, found: `${err.found} at line ${err.line}, column ${err.column} of ${file}` }]);
      raw = JSON.parse(text);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      problems.push(...e.problems);
      return DEFAULT_COSTS;
    }
    const parsed = costProfile.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      problems.push(...problemsFromZod(parsed.error.issues, ['costs']).map((p) => ({ ...p, found: `${p.found} (in ${file})` })));
      return DEFAULT_COSTS;
    }
    given = parsed.data;
  } else {
    given = costs;
  }
  const jwt = { ...DEFAULT_COSTS.jwt };
  for (const alg of ['HS256', 'RS256', 'ES256', 'EdDSA'] as JwtAlgorithm[]) {
    const t = given.jwt?.[alg];
    if (t !== undefined) jwt[alg] = { sign: t.sign, verify: t.verify };
  }
  return {
    source: given.source ?? (typeof costs === 'string' ? costs : 'scenario'),
    jsonSerializePerKB: given.jsonSerializePerKB ?? DEFAULT_COSTS.jsonSerializePerKB,
    jsonParsePerKB: given.jsonParsePerKB ?? DEFAULT_COSTS.jsonParsePerKB,
    aesGcmPerKB: given.aesGcmPerKB ?? DEFAULT_COSTS.aesGcmPerKB,
    jwt,
  };
}

/** The file a path names once links are followed (itself when that fails: readInputFile then says why). */
function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
