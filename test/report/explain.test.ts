/**
 * `explain`'s story: deterministic, in time order, its numbers those of the event records and
 * the timeline, and graceful with event types it has never heard of.
 */
import { describe, expect, it } from 'vitest';
import { adviceLines, renderExplain, storyLines } from '../../src/report/explain.js';
import { loadScenario, resolveScenario } from '../../src/scenario/load.js';
import { formatDuration } from '../../src/scenario/units.js';
import { parseOverride } from '../../src/scenario/overrides.js';
import { simulate, type SimulationResult } from '../../src/experiment/simulate.js';

const config = loadScenario('server-crash');
const result = simulate(config);
const details = (strategy: string, type: string) => result.strategies.find((s) => s.name === strategy)!.events.find((e) => e.type === type)!.details;

describe('storyLines (server-crash)', () => {
  const story = storyLines(result, config);

  it('tells the crash, the detection, the recovery and the return, in time order', () => {
    // 19 min: 20 s timeline windows (a round width), so the crash at 9m00s opens window 27 and
    // the losses after it are counted "From t=9m00s".
    expect(result.strategies[0]!.timeline.window).toBe(20);
    expect(story.map((l) => l.split('  ')[0])).toEqual(['t=9m00s', 't=9m06s', 't=11m00s', 't=11m04s', expect.stringMatching(/^From t=9m00s to the end,/), expect.stringMatching(/^In the measured window/)]);
  });

  it('a stretch that starts inside a window says the window holds its event, rather than pass the window\'s start off as its time', () => {
    // The crash moved to 9m10s: inside the 20 s window from 9m00s.
    const inside = loadScenario('server-crash', { sets: [parseOverride('events[0].at=550s')] });
    const lines = storyLines(simulate(inside), inside);
    expect(lines.some((l) => l.startsWith('In the timeline windows from t=9m00s (the one holding t=9m10s) to the end,'))).toBe(true);
    expect(lines.some((l) => l.startsWith('From t=9m'))).toBe(false);
  });

  it('ends with each strategy\'s failed requests and lost sessions of the measured window: the table\'s', () => {
    const last = story[story.length - 1]!;
    for (const s of result.strategies) {
      const m = s.metrics;
      expect(last).toContain(`${s.name} ${m.failedRequests === 0 ? 'failed no request' : `failed ${m.failedRequests} request`}`);
      expect(last).toContain(m.lostSessions === 0 ? 'lost no session' : `lost ${m.lostSessions} session`);
    }
  });

  it('tells the requests the dead server refused before detection (the table\'s server-dead failures) and why some failed later', () => {
    const line = story.find((l) => l.startsWith('t=9m06s'))!;
    for (const s of result.strategies) {
      const down = s.events.find((e) => e.type === 'server-marked-down')!;
      expect(line).toContain(`${down.details.requestsRefusedBeforeDetection} under ${s.name}`);
      expect(down.details.requestsRefusedBeforeDetection).toBe(s.metrics.failuresByReason['server-dead']);
    }
    expect(line).toMatch(/failed when their remaining retries did/);
  });

  it('says how many sessions each strategy had on the crashed server, from the event records', () => {
    const crash = details('sticky-cookie', 'server-crash');
    expect(story[0]).toContain(`server s2 crashed with ${crash.activeSessions} sessions in progress`);
    expect(story[0]).toContain(`${crash.sessionsWithStateOnServer} under sticky-cookie and ${details('sticky-ip', 'server-crash').sessionsWithStateOnServer} under sticky-ip`);
    expect(story[0]).toContain('under redis and jwt the state lives elsewhere');
  });

  it('says when health checks marked it down and how many requests failed meanwhile under each strategy', () => {
    const failed = (n: string) => details(n, 'server-marked-down').requestsFailedBeforeDetection;
    expect(story[1]).toContain(`${details('jwt', 'server-marked-down').detectionSeconds}s after it crashed (they need 3 failed checks in a row, 2s apart)`);
    expect(story[1]).toContain(`${failed('sticky-cookie')} under sticky-cookie, ${failed('sticky-ip')} under sticky-ip, ${failed('redis')} under redis and ${failed('jwt')} under jwt`);
  });

  it('counts the losses after the crash per strategy and cause, from the timeline', () => {
    const lost = (n: string) => result.strategies.find((s) => s.name === n)!.timeline.lost.reduce((a, b) => a + b, 0);
    expect(story[4]).toContain(`${lost('sticky-cookie')} under sticky-cookie (all server-crash)`);
    expect(story[4]).toMatch(new RegExp(`${lost('sticky-ip')} under sticky-ip \\(\\d+ affinity-broken, \\d+ server-crash\\)`));
    expect(story[4]).toContain('none under redis and jwt');
  });

  it('advises on losses, failures, balance, latency and cost', () => {
    const advice = adviceLines(result);
    expect(advice.map((a) => a.split(':')[0])).toEqual(['Lost sessions', 'Failed requests', 'Balance', 'Latency', 'Cost']);
    expect(advice[0]).toContain('sticky-ip lost 15.0%');
  });
});

describe('renderExplain', () => {
  it('is deterministic and ordered: description, setup, story, table, advice', () => {
    const a = renderExplain(result, config, { color: false });
    expect(renderExplain(simulate(config), config, { color: false })).toBe(a);
    const order = ['Server crash at peak', 'The setup:', 'What happened, in time order:', 'The comparison:', 'What to look at, and why:'].map((h) => a.indexOf(h));
    expect(order.every((p, i) => p >= 0 && (i === 0 || p > order[i - 1]!))).toBe(true);
    expect(Math.max(...a.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });

  it('narrates an event type it does not know with a generic sentence from its details', () => {
    const extra: SimulationResult = {
      ...result,
      strategies: result.strategies.map((s, i) => ({
        ...s,
        events: [...s.events, { at: 600, type: 'cache-warmup', details: { server: 1, warmedSessions: i < 2 ? 40 : 0, preloadSeconds: 300 } }],
      })),
    };
    const line = storyLines(extra, config).find((l) => l.startsWith('t=10m00s'))!;
    expect(line).toBe('t=10m00s  cache-warmup on s1: warmed sessions 40, preload seconds 300 under sticky-cookie and sticky-ip; warmed sessions 0, preload seconds 300 under redis and jwt.');
  });

  it('a scenario without events says so', () => {
    const c = loadScenario('nat-heavy');
    expect(storyLines(simulate(c), c)[0]).toBe('No failure events: this scenario is about steady state.');
  });
});

// ── the events the model gained after the first narrator: one sentence per event, its numbers
// those of the run's own event records (the runs are seeded, so the text is fixed) ───────────

const stories = new Map<string, ReturnType<typeof tell>>();
/** A built-in scenario's run, its story, and its records by strategy, type and occurrence (each scenario run once). */
function story(name: string) {
  if (!stories.has(name)) stories.set(name, tell(name));
  return stories.get(name)!;
}

function tell(name: string) {
  const c = loadScenario(name);
  const r = simulate(c);
  const lines = storyLines(r, c);
  const d = (strategy: string, type: string, k = 0) => r.strategies.find((s) => s.name === strategy)!.events.filter((e) => e.type === type)[k]!.details;
  const at = (strategy: string, type: string, k = 0) => r.strategies.find((s) => s.name === strategy)!.events.filter((e) => e.type === type)[k]!.at;
  /** The story's line at t (as formatted), the event narrated after two spaces. */
  const line = (t: string) => lines.filter((l) => l.startsWith(`${t}  `));
  return { c, r, lines, d, at, line };
}

const n = (x: number | string | boolean | undefined) => Number(x);
const span = (xs: number[]) => (Math.min(...xs) === Math.max(...xs) ? `${xs[0]}` : `${Math.min(...xs)}–${Math.max(...xs)}`);

describe('storyLines: scale-out', () => {
  const { d, at, line } = story('scale-out');
  const names = ['ip-modulo', 'ip-consistent', 'sticky-cookie', 'redis'];

  it('tells who the new server will take from, per strategy: the IP hash moves users, cookies and the store nobody', () => {
    const so = (s: string) => d(s, 'scale-out');
    // The premise of the sentence, from the records: only the IP hashes move anyone.
    expect(n(so('sticky-cookie').sessionsRemapped)).toBe(0);
    expect(n(so('redis').sessionsRemapped)).toBe(0);
    const moved = (s: string) => `${so(s).sessionsRemapped} of ${so(s).activeSessions}`;
    const pct = (s: string) => Math.round((100 * n(so(s).sessionsRemapped)) / n(so(s).activeSessions));
    expect(line('t=12m00s')).toEqual([
      `t=12m00s  s4 was added (scale-out from 4 to 5 servers, ${span(names.map((s) => n(so(s).activeSessions)))} sessions in progress); ` +
        'it runs at once, but the balancer sends it nothing until its health checks pass (2 in a row, 2s apart); ' +
        `once it is in, the IP hash will send ${moved('ip-modulo')} active users (${pct('ip-modulo')}%) under ip-modulo and ${moved('ip-consistent')} (${pct('ip-consistent')}%) under ip-consistent ` +
        'to another server, away from the memory that holds their session; sticky-cookie keeps each user on the server their cookie names and redis pins nobody (the state is not on the servers), so nobody there moves.',
    ]);
    // Modulo hashing from 4 to 5 servers moves ≈ 4/5 of the keys, consistent hashing ≈ 1/5.
    expect(pct('ip-modulo')).toBeGreaterThan(70);
    expect(pct('ip-consistent')).toBeLessThan(30);
  });

  it('says the new server joined (not "up again"), when, and how many users the hash actually moved then', () => {
    const up = (s: string) => d(s, 'server-marked-up');
    const after = at('redis', 'server-marked-up') - at('redis', 'scale-out');
    expect(after).toBe(4);
    expect(line('t=12m04s')).toEqual([
      `t=12m04s  health checks marked s4 up (2 good checks in a row, 4s after it was added) and it joined the pool: the IP hash moved ${up('ip-modulo').sessionsRemapped} active users under ip-modulo and ${up('ip-consistent').sessionsRemapped} under ip-consistent ` +
        'to another server, away from the memory that holds their session; under sticky-cookie it gets only new users, as those already there stay pinned to the old servers; redis gives it a share of the requests at once.',
    ]);
    expect(line('t=12m04s')[0]).not.toContain('up again');
  });
});

describe('storyLines: lb-failover', () => {
  const { d, line } = story('lb-failover');

  it('tells what the standby knows: a local stick table is lost with its entries, a replicated one, cookies and the IP hash survive', () => {
    expect(d('stick-replicated', 'lb-failover').stickEntriesLost).toBe(0);
    expect(line('t=9m00s')).toEqual([
      `t=9m00s  the active load balancer died with ${d('stick-local', 'lb-failover').activeSessions} sessions in progress; the standby takes over its address 3.6s later (VRRP), ` +
        'and until then every request fails, as do responses on connections through the dead one; ' +
        `stick-local's stick table was only in the dead balancer's memory, and its ${d('stick-local', 'lb-failover').stickEntriesLost} entries (one per client address) are lost, so those clients are balanced anew, away from their state; ` +
        "stick-replicated's stick table was copied to the standby (HAProxy peers) and survives; sticky-cookie keeps its pins in the clients' cookies and sticky-ip hashes the same servers on the standby, so they keep their affinity.",
    ]);
  });

  it('counts the requests the takeover gap failed, the same under every strategy', () => {
    const failed = d('stick-local', 'lb-takeover').requestsFailedDuringTakeover;
    for (const s of ['stick-replicated', 'sticky-cookie', 'sticky-ip']) expect(d(s, 'lb-takeover').requestsFailedDuringTakeover).toBe(failed);
    expect(line('t=9m04s')).toEqual([
      `t=9m04s  the standby balancer owns the address, 3.6s after the active one died: the requests sent in the gap, and those answered through the dead balancer's connections, failed: ${failed} under every strategy.`,
    ]);
  });
});

describe('storyLines: redis-failover', () => {
  const { d, at, lines, line } = story('redis-failover');
  const redis = ['redis-async', 'redis-min-replicas', 'redis-wait'];
  const secs = (x: number | string | boolean | undefined) => formatDuration(n(x));

  it('tells the crash: the keys that died with the primary, when each Sentinel promotes the replica, the writes it lacked', () => {
    const crash = (s: string) => d(s, 'store-crash');
    expect(line('t=8m00s')).toEqual([
      `t=8m00s  the store's primary (node 0) crashed with ${span(['sticky-cookie', ...redis].map((s) => n(crash(s).activeSessions)))} sessions in progress, and its memory with it: ${crash('redis-async').keysOnNode} session keys; ` +
        `a replica takes over after ${redis.map((s, i) => `${secs(crash(s).failoverExpectedInSeconds)} under ${s}`).join(', ').replace(/, (?=[^,]*$)/, ' and ')} (Sentinel's down-after plus the election), and until then the node cannot be reached; ` +
        `writes the replica had not yet received: ${crash('redis-async').writesNotYetReplicated} under redis-async, ${crash('redis-min-replicas').writesNotYetReplicated} under redis-min-replicas and ${crash('redis-wait').writesNotYetReplicated} under redis-wait; ` +
        'sticky-cookie does not use the store.',
    ]);
  });

  it('tells the three failovers (each at its own time) in one sentence: writes lost by asynchronous replication, none acknowledged under WAIT', () => {
    const times = redis.map((s) => at(s, 'store-failover'));
    expect(new Set(times).size).toBe(3);
    const fo = (s: string) => d(s, 'store-failover');
    expect(n(fo('redis-wait').writesLost)).toBe(0);
    const first = `t=${formatDuration(Math.min(...times))}`;
    expect(line(first)).toEqual([
      `${first}  the replica of node 0 took over, ${secs(fo('redis-async').detectionSeconds)} after the crash under redis-async, ${secs(fo('redis-min-replicas').detectionSeconds)} under redis-min-replicas and ${secs(fo('redis-wait').detectionSeconds)} under redis-wait; ` +
        `the acknowledged writes it had not received are lost, and their sessions read an older version or nothing: ${fo('redis-async').writesLost} writes (${fo('redis-async').sessionsAffected} sessions) under redis-async and ${fo('redis-min-replicas').writesLost} (${fo('redis-min-replicas').sessionsAffected} sessions) under redis-min-replicas; ` +
        `under redis-wait no acknowledged write was lost: WAIT had not confirmed the writes it lacked (${fo('redis-wait').sessionsAffected} sessions rolled back).`,
    ]);
    // One line for the failover after the crash, one for the failover during the partition.
    expect(lines.filter((l) => l.includes('took over') || l.includes('promoted the replica'))).toHaveLength(2);
  });

  it('tells the partition heal: what each variant lost, and what min-replicas-to-write refused', () => {
    const h = (s: string) => d(s, 'store-partition-healed');
    expect(line('t=13m00s')).toEqual([
      `t=13m00s  the partition healed: the old primary rejoined as a replica of the promoted one and discarded everything it had accepted alone: ` +
        `${h('redis-async').writesLost} acknowledged writes (${h('redis-async').sessionsAffected} sessions) under redis-async and ${h('redis-min-replicas').writesLost} (${h('redis-min-replicas').sessionsAffected} sessions) under redis-min-replicas are lost; ` +
        `under redis-wait no acknowledged write is lost, as WAIT confirmed none of them (${h('redis-wait').sessionsAffected} sessions rolled back); ` +
        `meanwhile the old primary had refused ${h('redis-min-replicas').writesRefused} writes under redis-min-replicas (NOREPLICAS).`,
    ]);
  });

  it('tells the crashed primary\'s return as a replica, not "the store is back with its data"', () => {
    expect(line('t=10m00s')).toEqual(['t=10m00s  the old primary (node 0) came back and rejoined as a replica of the promoted primary, its old data discarded (under redis-async, redis-min-replicas and redis-wait).']);
  });
});

describe('storyLines: token-service-outage', () => {
  const { d, line } = story('token-service-outage');

  it('tells who can no longer log in or refresh, and how long each strategy\'s tokens carry its users', () => {
    expect(d('redis', 'token-service-outage')).toEqual({ usesTokens: false });
    const ttl = (s: string) => formatDuration(n(d(s, 'token-service-outage').accessTtlSeconds));
    expect(ttl('jwt-5m')).toBe('5m00s');
    expect(line('t=17m00s')).toEqual([
      `t=17m00s  the token service went down for 8m00s: under jwt-5m and jwt-15m nobody can log in (token-service-unavailable) and no token can be refreshed; access tokens live ${ttl('jwt-5m')} under jwt-5m and ${ttl('jwt-15m')} under jwt-15m, so a user carries on only until theirs expires, unless the service is back first; redis does not use tokens.`,
    ]);
    expect(line('t=25m00s')).toEqual(['t=25m00s  the token service is back: logins and token refreshes work again under jwt-5m and jwt-15m.']);
  });
});

describe('storyLines: rolling-deploy and memcached-node-loss summarise repeated steps', () => {
  it('tells a rolling restart in two sentences, its stops and losses per server from the records', () => {
    const { r, d, lines } = story('rolling-deploy');
    const events = (type: string) => r.strategies.find((s) => s.name === 'sticky-cookie')!.events.filter((e) => e.type === type);
    expect(events('server-restart')).toHaveLength(4);
    const lost = events('server-restart').map((e) => n(e.details.sessionsWithStateOnServer));
    const pinned = events('server-drain').map((e) => n(e.details.sessionsPinnedToServer));
    const total = lost.reduce((a, b) => a + b, 0);
    const stops = events('server-restart').map((e, i) => `${i === 0 ? 's0 stopped at' : `s${e.details.server} at`} ${formatDuration(e.at)}`);
    expect(lines.filter((l) => l.startsWith('t='))).toEqual([
      't=7m00s  a rolling restart began: s0, s1, s2 and s3, one at a time, each drains for 1m00s (no new users; users pinned to it stay), then stops once requests in progress have finished, losing whatever its memory holds, starts again 10s later, and once the health checks mark it up and 10s have passed the next one begins.',
      `t=12m30s  the rolling restart finished, ${formatDuration(n(d('redis', 'rolling-restart-done').durationSeconds))} after it began: ${stops.slice(0, 3).join(', ')} and ${stops[3]}, each back in service 2.5s after it started; ` +
        `as each stopped, the sessions whose state was still in its memory were lost: ${lost.slice(0, 3).join(', ')} and ${lost[3]} under sticky-cookie (${total} in all, ${Math.round((100 * total) / pinned.reduce((a, b) => a + b, 0))}% of the ${pinned.reduce((a, b) => a + b, 0)} users pinned to them when their drains began); ` +
        'redis and jwt keep no session state on the servers and lost none with them.',
    ]);
  });

  it('tells a Memcached client ejecting a dead node again and again in one sentence', () => {
    const { r, line } = story('memcached-node-loss');
    const ejections = r.strategies.find((s) => s.name === 'memcached')!.events.filter((e) => e.type === 'store-node-ejected');
    expect(ejections.length).toBeGreaterThan(2);
    const again = ejections.slice(1);
    expect(line('t=12m00s')[1]).toBe(
      't=12m00s  under memcached the Memcached client ejected node 1 from its ring after 5 failed connections: its keys now map to the other nodes, where they are not found; ' +
        `it retries the node every 30s, and ejected it again ${again.length} times (${formatDuration(again[0]!.at)} to ${formatDuration(again[again.length - 1]!.at)}) while it was still down.`,
    );
  });
});

describe('storyLines: drains, scale-in and key rotation (inline scenario)', () => {
  const c = resolveScenario(
    {
      name: 'fleet and keys',
      seed: 3,
      duration: '8m',
      clients: { arrivalRate: 4 },
      strategies: [
        { name: 'sticky-cookie', type: 'sticky' },
        { name: 'redis', type: 'external' },
        { name: 'jwt-5m', type: 'jwt', accessTtl: '5m' },
        { name: 'jwt-15m', type: 'jwt', accessTtl: '15m' },
      ],
      events: [
        { at: '2m', type: 'server-drain', server: 1 },
        { at: '3m', type: 'scale-in', count: 1, drain: '1m' },
        { at: '6m', type: 'key-rotation', overlap: '6m' },
      ],
    },
    'test',
  );
  const r = simulate(c);
  const lines = storyLines(r, c);
  const d = (s: string, type: string) => r.strategies.find((x) => x.name === s)!.events.find((e) => e.type === type)!.details;

  it('a drain: no new users, pinned users stay, counted per strategy', () => {
    expect(lines.find((l) => l.startsWith('t=2m00s'))).toBe(
      `t=2m00s  s1 was set to drain: the balancer sends it no new users, and users pinned to it stay (HAProxy drain): ${d('sticky-cookie', 'server-drain').sessionsPinnedToServer} users under sticky-cookie; nobody is pinned to it under redis, jwt-5m and jwt-15m.`,
    );
  });

  it('a scale-in: the drain of the highest server, then its removal and the sessions still in its memory', () => {
    expect(lines.find((l) => l.startsWith('t=3m00s'))).toBe(
      `t=3m00s  scale-in from 4 to 3 servers: s3 drains for 1m00s (no new users; users pinned to it stay), then stops once idle and leaves the pool; whatever is still in its memory then is lost; users pinned to it now: ${d('sticky-cookie', 'scale-in').sessionsPinned} under sticky-cookie (nobody under redis, jwt-5m and jwt-15m).`,
    );
    const removed = r.strategies.find((x) => x.name === 'sticky-cookie')!.events.find((e) => e.type === 'server-removed')!;
    expect(lines.find((l) => l.startsWith(`t=${formatDuration(removed.at)}  s3 stopped`))).toBe(
      `t=${formatDuration(removed.at)}  s3 stopped and left the pool (3 servers now): the sessions whose state was still in its memory were lost: ${removed.details.sessionsWithStateOnServer} under sticky-cookie; none under redis, jwt-5m and jwt-15m.`,
    );
  });

  it('a key rotation: an overlap longer than a token\'s life rejects nobody, a shorter one rejects unexpired tokens', () => {
    expect(d('jwt-5m', 'key-rotation').oldTokensStillValid).toBe(true);
    expect(d('jwt-15m', 'key-rotation').oldTokensStillValid).toBe(false);
    expect(lines.find((l) => l.startsWith('t=6m00s'))).toBe(
      "t=6m00s  the signing key was rotated; tokens signed with the old key still verify for 6m00s: under jwt-5m (5m00s tokens) that covers every token's lifetime, so nobody is rejected; under jwt-15m (15m00s tokens) tokens issued before the rotation are refused once the overlap ends, though they have not expired (token-rejected); sticky-cookie and redis do not use tokens.",
    );
  });

  it('every new event type gets its own sentence, never the generic record dump', () => {
    // The fallback reads "type[ on sN]: detail words value, … under …" (or "type: under …" without details).
    const generic = /^t=\S+ {2}[a-z-]+( on s\d+)?: (under |[a-z ]+ (\d|true|false))/;
    expect('t=10m00s  cache-warmup on s1: warmed sessions 40, preload seconds 300 under redis.').toMatch(generic);
    expect('t=4m10s  server-start on s0: under sticky-cookie, redis and jwt.').toMatch(generic);
    for (const name of ['scale-out', 'lb-failover', 'redis-failover', 'memcached-node-loss', 'rolling-deploy', 'token-service-outage']) {
      for (const l of story(name).lines) expect(l).not.toMatch(generic);
    }
    for (const l of lines) expect(l).not.toMatch(generic);
  });
});

describe('storyLines: passive health checks (inline scenario)', () => {
  const c = resolveScenario(
    {
      name: 'envoy ejects',
      seed: 3,
      duration: '5m',
      clients: { arrivalRate: 4 },
      loadBalancer: { passive: { type: 'envoy' } },
      strategies: [
        { name: 'sticky-cookie', type: 'sticky' },
        { name: 'redis', type: 'external' },
      ],
      events: [{ at: '3m', type: 'server-crash', server: 1, downFor: '1m' }],
    },
    'test',
  );
  const r = simulate(c);
  const lines = storyLines(r, c);
  const ev = (s: string, type: string) => r.strategies.find((x) => x.name === s)!.events.find((e) => e.type === type)!;

  it('tells the ejection once for both strategies (each at its own instant), before the active checks noticed', () => {
    const [a, b] = [ev('sticky-cookie', 'server-ejected'), ev('redis', 'server-ejected')];
    expect(a.at).not.toBe(b.at);
    const detection = [n(a.details.detectionSeconds), n(b.details.detectionSeconds)].sort((x, y) => x - y).map(formatDuration);
    expect(lines.filter((l) => l.includes('passive checks'))).toEqual([
      `t=${formatDuration(Math.min(a.at, b.at))}  the balancer's passive checks (Envoy outlier detection, 5 errors in a row) took s1 out of rotation for 30s, ${detection[0]}–${detection[1]} after it crashed: real requests found it dead before the health checks could.`,
    ]);
    expect(ev('redis', 'server-marked-down').at).toBeGreaterThan(Math.max(a.at, b.at));
  });

  it('tells the return after the ejection time, and that the server is still down then', () => {
    const back = ev('redis', 'server-returned');
    expect(back.at).toBeLessThan(ev('redis', 'server-recover').at);
    expect(lines.find((l) => l.includes('back in rotation'))).toBe(`t=${formatDuration(back.at)}  s1 is back in rotation under every strategy: its ejection time ran out and Envoy returned it to rotation, though it is still down.`);
  });
});

describe('storyLines: an ejection at the instant of the crash (inline scenario)', () => {
  // Two single-worker servers at ρ = 0.9: requests are queued on s1 when it crashes, and NGINX's
  // max_fails 1 takes it out on the first of their resets.
  const c = resolveScenario(
    {
      name: 'nginx ejects at the crash',
      seed: 3,
      duration: '3m',
      warmup: '10s',
      clients: { arrivalRate: 36, requestsPerSession: 1 },
      servers: { count: 2, workers: 1, serviceTime: { dist: 'exponential', mean: '50ms' } },
      loadBalancer: { algorithm: 'round-robin', retries: 0, healthCheck: { enabled: false }, passive: { type: 'nginx' } },
      strategies: [{ name: 'jwt', type: 'jwt' }],
      events: [{ at: '40s', type: 'server-crash', server: 1, downFor: '20s' }],
    },
    'test',
  );
  const lines = storyLines(simulate(c), c);

  it('tells the crash first, then the ejection it caused, as happening the moment it crashed', () => {
    const crash = lines.findIndex((l) => l.startsWith('t=40s  server s1 crashed'));
    const ejected = lines.findIndex((l) => l.includes('passive checks'));
    expect(crash).toBeGreaterThanOrEqual(0);
    expect(ejected).toBe(crash + 1);
    expect(lines[ejected]).toBe(
      "t=40s  the balancer's passive checks (NGINX max_fails 1 within fail_timeout 10s) took s1 out of rotation for 10s at a time (then one probe request tests it), the moment it crashed: the requests queued on it failed with it, and their resets counted (there are no active health checks).",
    );
  });
});

describe('plain English for every loss cause and failure reason', () => {
  it('no meaning repeats its own name (no "mostly token-revoked: token-revoked")', async () => {
    const { CAUSE_MEANING, FAILURE_MEANING } = await import('../../src/report/explain/sessions.js');
    for (const [name, text] of [...Object.entries(CAUSE_MEANING), ...Object.entries(FAILURE_MEANING)]) {
      expect(text.length, name).toBeGreaterThan(20);
      expect(text, name).not.toContain(name);
    }
  });
});

describe('adviceLines with one strategy, or none answering', () => {
  it('one strategy is not compared with itself: no "failed the most", "every strategy", "about the same for all"', () => {
    const one = simulate({ ...config, strategies: config.strategies.filter((s) => s.name === 'redis') });
    const text = adviceLines(one).join('\n');
    expect(text).toContain('Lost sessions: redis lost no session here, so what went wrong shows as failed requests (next).');
    expect(text).toMatch(/Failed requests: redis failed \(\d+, [\d.]+%\)/);
    expect(text).toContain('Balance: redis kept the busiest server within');
    expect(text).toMatch(/Latency: p99 [\d.]+ ms for redis; with one strategy there is no other to set it against/);
    expect(text).not.toMatch(/failed the most|every strategy|no strategy|about the same for all/);
  });

  it('a fleet that answered nobody has no latency to talk about', () => {
    const dead = resolveScenario({ duration: '4m', warmup: '1m', servers: { count: 1 }, events: [{ at: '30s', type: 'server-crash', server: 0 }] });
    const text = adviceLines(simulate(dead)).join('\n');
    expect(text).toContain('Latency: no strategy answered a request successfully, so none has a latency.');
    expect(text).not.toContain('about the same for all');
  });
});

describe('storyLines: the last server in the pool goes down', () => {
  const c = resolveScenario(
    {
      name: 'one server',
      duration: '10m',
      warmup: '1m',
      servers: { count: 1 },
      strategies: [
        { name: 'sticky-ip', type: 'sticky', affinity: 'ip-hash' },
        { name: 'redis', type: 'external' },
      ],
      events: [{ at: '5m', type: 'server-crash', server: 0, downFor: '1m' }],
    },
    'test',
  );
  const r = simulate(c);
  const down = storyLines(r, c).find((l) => l.includes('marked s0 down'))!;

  it('nobody is moved to another server (there is none): the record says the pool is empty, and so does the story', () => {
    for (const s of r.strategies) {
      const d = s.events.find((e) => e.type === 'server-marked-down')!.details;
      expect(d.sessionsRemapped).toBe(0);
      expect(d.poolEmpty).toBe(true);
    }
    expect(down).not.toContain('moved');
    expect(down).toContain('no server was left in the pool, so every request failed (no server) until one came back');
  });

  it('when it is back, nobody had been moved elsewhere to stay there: the pool is simply no longer empty', () => {
    const up = storyLines(r, c).find((l) => l.includes('marked s0 up'))!;
    expect(up).toContain('the balancer sends it requests: the pool is no longer empty');
    expect(up).not.toContain('users moved elsewhere');
  });
});
