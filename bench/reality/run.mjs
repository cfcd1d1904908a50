// `npm run reality`: real HAProxy, NGINX and Redis on loopback next to session-sim.
//
//   node bench/reality/run.mjs [--quick | --workload full|quick|test] [--only <text>|redis]
//                              [--replications N] [--out file.md] [--json]
//
// For every configuration: three small backends keeping sessions in memory behind the real
// balancer, users played by driver.mjs (Poisson sessions, think times, one source address each
// in 127.0.0.0/8), backend s1 killed (SIGKILL) mid-run; then the same workload through
// session-sim with replications; one markdown table real vs simulated. Then Redis: primary +
// asynchronous replica, primary killed, replica promoted, acknowledged writes lost (with and
// without WAIT 1). Bounded: each configuration runs `duration` seconds of users (60 s, 24 s
// with --quick), on 127.0.0.1 only; every process it starts is killed when it ends.
import { writeFileSync } from 'node:fs';
import { confidenceInterval } from '../../dist/metrics/aggregate.js';
import { replicationSeed, resolveScenario, runStrategy } from '../../dist/index.js';
import { CONFIGS, WORKLOADS, scenarioFor } from './configs.mjs';
import { drive } from './driver.mjs';
import { redisFailover } from './redis.mjs';
import { ensureInstalled, freePort, startBackends, startHaproxy, startNginx } from './systems.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);

/** One configuration against the real balancer. */
export async function runReal(c, w, seed = 1) {
  const backends = await startBackends(w.servers);
  const port = await freePort();
  const balancer = c.system === 'haproxy' ? await startHaproxy(c.config(port, backends.list), port) : await startNginx(c.config(port, backends.list), port);
  try {
    // Let HAProxy's first health checks pass before users arrive.
    await new Promise((r) => setTimeout(r, 500));
    return await drive({ port, rate: w.rate, duration: w.duration, warmup: w.warmup, requests: w.requests, think: w.think, seed, events: [{ at: w.kill, run: () => backends.kill(1) }] });
  } finally {
    balancer.stop();
    backends.stop();
  }
}

/** The same workload through session-sim: R replications. */
export function runSimulated(c, w, R) {
  const config = resolveScenario(scenarioFor(c, w), 'reality');
  const runs = [];
  for (let r = 0; r < R; r++) {
    const res = runStrategy(config, config.strategies[0], replicationSeed(config.seed, r));
    const perServer = new Array(w.servers).fill(0);
    for (const win of res.timeline.requests) win.forEach((n, i) => (perServer[i] += n));
    const m = res.metrics;
    runs.push({ sessions: m.sessions, lossRate: m.sessionLossRate, failedRequests: m.failedRequests, requests: m.requests, perServer });
  }
  return runs;
}

const ci = (xs) => confidenceInterval(xs, 0.95);
const pct = (x) => `${(100 * x).toFixed(1)} %`;
const shares = (counts) => {
  const total = counts.reduce((a, b) => a + b, 0) || 1;
  return counts.map((n) => Math.round((100 * n) / total)).join(' / ');
};

/** One table row pair for a configuration. */
export function rows(c, real, sim) {
  const lossCi = ci(sim.map((s) => s.lossRate));
  const failCi = ci(sim.map((s) => s.failedRequests));
  const realPer = ['s0', 's1', 's2'].map((k) => real.perServer[k] ?? 0);
  const simPer = [0, 1, 2].map((i) => sim.reduce((a, s) => a + s.perServer[i], 0) / sim.length);
  const realLoss = real.sessions ? real.lostSessions / real.sessions : 0;
  return {
    name: c.name,
    real: { sessions: real.sessions, loss: realLoss, failed: real.failedRequests, requests: real.requests, per: shares(realPer), failures: real.failures },
    sim: { sessions: ci(sim.map((s) => s.sessions)).mean, loss: lossCi, failed: failCi, per: shares(simPer) },
    lossGapPoints: 100 * Math.abs(realLoss - lossCi.mean),
  };
}

function markdown(results, redis, w, R) {
  const lines = [
    `Workload: ${w.rate} sessions/s for ${w.duration} s (warm-up ${w.warmup} s), ${w.requests} requests per session, exponential think time ${w.think} s, one source address per user in 127.0.0.0/8, 3 backends, s1 killed at ${w.kill} s; session-sim: ${R} replications (mean ± 95 % interval).`,
    '',
    '| configuration | sessions real / sim | loss rate real / sim | failed requests real / sim | requests per server % (s0 / s1 / s2) real; sim |',
    '|---|---|---|---|---|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.name} | ${r.real.sessions} / ${r.sim.sessions.toFixed(0)} | ${pct(r.real.loss)} / ${pct(r.sim.loss.mean)} ± ${(100 * r.sim.loss.halfWidth).toFixed(1)} | ${r.real.failed} / ${r.sim.failed.mean.toFixed(0)} ± ${r.sim.failed.halfWidth.toFixed(0)} | ${r.real.per}; ${r.sim.per} |`,
    );
  }
  if (redis.length) {
    lines.push('', '| Redis primary + async replica, primary killed, replica promoted | writes acknowledged | acknowledged writes lost (sessions) real | simulated writes lost |', '|---|---|---|---|');
    for (const r of redis) lines.push(`| ${r.name} | ${r.real.ackedWrites} | ${r.real.writesLost} (${r.real.sessionsAffected}) | ${r.sim} |`);
  }
  return lines.join('\n');
}

/** session-sim's Redis counterpart: express-session writing every request, manual failover at the kill. */
export function simulatedRedis(rw, lag, waitReplicas, R) {
  const config = resolveScenario(
    {
      name: 'reality: redis failover',
      seed: 7,
      duration: rw.duration,
      warmup: 0,
      clients: { arrivalRate: rw.rate, requestsPerSession: rw.requests, thinkTime: { dist: 'exponential', mean: rw.think }, writeRatio: 1 },
      servers: { count: 3, workers: 256, serviceTime: '0.5ms' },
      store: { topology: 'primary-replica', replicas: 1, replicationLag: lag, waitReplicas },
      strategies: [{ name: 'redis', type: 'external' }],
      events: [{ at: rw.kill, type: 'store-failover' }],
    },
    'reality',
  );
  const lost = [];
  for (let r = 0; r < R; r++) {
    const res = runStrategy(config, config.strategies[0], replicationSeed(config.seed, r));
    lost.push(res.metrics.store.writesLost);
  }
  const i = ci(lost);
  return `${i.mean.toFixed(2)} ± ${i.halfWidth.toFixed(2)}`;
}

async function main() {
  const quick = flag('--quick');
  const only = option('--only', '');
  const R = Number(option('--replications', '10'));
  const w = WORKLOADS[option('--workload', quick ? 'quick' : 'full')];
  if (w === undefined) throw new Error(`--workload: one of ${Object.keys(WORKLOADS).join(', ')}`);
  const have = ensureInstalled(['haproxy', 'nginx', 'redis-server']);
  const results = [];
  for (const c of CONFIGS) {
    if (only && !c.name.includes(only)) continue;
    if (!have[c.system]) {
      process.stderr.write(`reality: ${c.name}: skipped (${c.system} not installed)\n`);
      continue;
    }
    process.stderr.write(`reality: ${c.name}: ${w.duration} s of real traffic…\n`);
    const real = await runReal(c, w);
    const sim = runSimulated(c, w, R);
    const row = rows(c, real, sim);
    process.stderr.write(`reality: ${c.name}: real loss ${pct(row.real.loss)}, failed ${row.real.failed} ${JSON.stringify(row.real.failures)}; simulated ${pct(row.sim.loss.mean)}, failed ${row.sim.failed.mean.toFixed(1)}\n`);
    results.push(row);
  }
  const redis = [];
  if (have['redis-server'] && (!only || only === 'redis')) {
    const rw = quick ? { rate: 40, duration: 12, requests: 10, think: 0.2, kill: 6 } : { rate: 60, duration: 30, requests: 10, think: 0.2, kill: 15 };
    for (const wait of [false, true]) {
      process.stderr.write(`reality: redis${wait ? ' + WAIT 1' : ''}: ${rw.duration} s…\n`);
      const real = await redisFailover({ ...rw, wait });
      // Loopback replication lag: ≈ 0.1 ms (REFERENCE.md: loopback round trip ≈ 100 µs).
      const simLoopback = simulatedRedis(rw, '0.1ms', wait ? 1 : 0, R);
      const simDefault = simulatedRedis(rw, { dist: 'lognormal', mean: '1ms', p99: '10ms' }, wait ? 1 : 0, R);
      redis.push({ name: `${wait ? 'WAIT 1 100 after each SET' : 'no WAIT'}`, real, sim: `${simLoopback} (lag 0.1 ms); ${simDefault} (default lag 1 ms)` });
    }
  }
  if (flag('--json')) {
    process.stdout.write(`${JSON.stringify({ workload: w, replications: R, results, redis })}\n`);
    process.exit(0);
  }
  const md = markdown(results, redis, w, R);
  process.stdout.write(`${md}\n`);
  const out = option('--out', '');
  if (out) writeFileSync(out, `${md}\n`);
  process.exit(0);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
