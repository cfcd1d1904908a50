// `npm run bench`: the engine's figures (README "Performance").
//
//   1. 4 × M/M/1 (2.8 M one-request sessions): session-sim next to a bare typed-array heap loop
//      doing the same work (bench/reference-mm1.mjs), in this process; prints the ratio.
//   2. Long sessions (≈ 1.07 M requests, 20 per session): simulated requests per second.
//   3. Bytes per live session (sticky, external, jwt) at 200 k and 400 k live sessions, each in
//      a child process: the slope of peak RSS, of RSS after a full GC, and of what is retained
//      after it (JS heap plus typed-array buffers, which live outside the heap; --expose-gc).
//   4. Peak RSS at 1 M and at 10 M requests of the M/M/1 workload (child processes).
//   5. Start-up: wall time of the command line as a user runs it (`--version`, `validate` of a
//      small file, `run server-crash` by default and with --jobs 1), beside a bare `node -e 0`;
//      medians of ten, the commands interleaved so a change in the machine's speed hits all alike.
//   6. Every core: `run server-crash` at 10× its duration with --jobs 1 and by default (the
//      threads the run chooses), medians of five interleaved pairs, and their ratio.
//
// `node bench/bench.mjs [mm1] [long] [memory] [flat] [startup] [threads]` runs some of them (default: all).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveScenario, runStrategy } from '../dist/index.js';
import { referenceMM1 } from './reference-mm1.mjs';
import { MM1, liveScenario, longSessions, mm1Scenario } from './workloads.mjs';

const self = fileURLToPath(import.meta.url);
const fmt = (x) => Math.round(x).toLocaleString('en-US');
const mib = (bytes) => `${(bytes / 1048576).toFixed(0)} MiB`;

function timed(fn) {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

function benchMM1(rounds = 3) {
  const scenario = resolveScenario(mm1Scenario(), 'bench');
  let bestSim = Infinity;
  let bestRef = Infinity;
  let ratios = [];
  let requests = 0;
  let mean = 0;
  let refMean = 0;
  // Interleaved: each round runs both, so a neighbour's load hits both alike.
  for (let i = 0; i < rounds; i++) {
    const sim = timed(() => runStrategy(scenario, scenario.strategies[0]));
    const ref = referenceMM1({ ...MM1, duration: scenario.duration, seed: i + 1 });
    requests = sim.value.metrics.requests;
    mean = sim.value.metrics.latency.mean;
    refMean = ref.meanResponse * 1000;
    bestSim = Math.min(bestSim, sim.seconds);
    bestRef = Math.min(bestRef, ref.seconds);
    ratios.push(sim.seconds / ref.seconds);
    console.error(`mm1 round ${i + 1}: session-sim ${sim.seconds.toFixed(3)} s, reference ${ref.seconds.toFixed(3)} s (${ref.requests} requests)`);
  }
  ratios.sort((a, b) => a - b);
  console.log(`M/M/1 × 4, ${fmt(requests)} one-request sessions: session-sim ${bestSim.toFixed(3)} s (${fmt(requests / bestSim)} req/s, mean response ${mean.toFixed(2)} ms), bare heap loop ${bestRef.toFixed(3)} s (${refMean.toFixed(2)} ms)`);
  console.log(`  ratio session-sim / bare loop: ${(bestSim / bestRef).toFixed(2)}× (best of ${rounds}; per-round median ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}×)`);
}

function benchLong(rounds = 3) {
  const scenario = resolveScenario(longSessions, 'bench');
  let best = null;
  for (let i = 0; i < rounds; i++) {
    const r = timed(() => runStrategy(scenario, scenario.strategies[0]));
    const run = { seconds: r.seconds, requests: r.value.metrics.requests, events: r.value.stats.eventsProcessed };
    console.error(`long round ${i + 1}: ${run.requests} requests, ${run.events} events in ${run.seconds.toFixed(3)} s`);
    if (best === null || run.seconds < best.seconds) best = run;
  }
  console.log(`long sessions (20 per session), ${fmt(best.requests)} requests: ${fmt(best.requests / best.seconds)} simulated requests/s, ${fmt(best.events / best.seconds)} events/s (best of ${rounds})`);
}

function child(args) {
  const out = execFileSync(process.execPath, ['--expose-gc', self, '--child', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out);
}

function benchMemory() {
  const low = 200_000;
  const high = 400_000;
  for (const type of ['sticky', 'external', 'jwt']) {
    const a = child(['live', type, String(low)]);
    const b = child(['live', type, String(high)]);
    const dn = b.live - a.live;
    const per = (key) => fmt((b[key] - a[key]) / dn);
    // Peak RSS is what the machine must have; it includes what the collector has not yet
    // reclaimed (old copies of grown arrays, heap headroom). Retained counts what is still
    // reachable after a full GC: the JS heap and the typed arrays' buffers (outside the heap).
    console.log(
      `bytes per live session, ${type}: ${per('maxRss')} B peak RSS (${mib(a.maxRss)} at ${fmt(a.live)} → ${mib(b.maxRss)} at ${fmt(b.live)}), ` +
        `${per('rssAfterGc')} B RSS after GC, ${per('retained')} B retained after GC (heap ${per('heap')} + typed arrays ${per('buffers')})`,
    );
  }
}

function benchFlat() {
  const a = child(['requests', '1000000']);
  const b = child(['requests', '10000000']);
  console.log(`peak RSS, M/M/1 workload: ${mib(a.maxRss)} at ${fmt(a.requests)} requests, ${mib(b.maxRss)} at ${fmt(b.requests)} requests (${(((b.maxRss - a.maxRss) / a.maxRss) * 100).toFixed(0)} % more)`);
}

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** Wall seconds of one `node <args>` (output discarded; a failure stops the bench). */
function wall(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`bench: node ${args.join(' ')} exited ${r.status}`);
  return seconds;
}

/** Each command `rounds` times, interleaved: its sorted wall times. */
function interleaved(commands, rounds) {
  const times = commands.map(() => []);
  for (let i = 0; i < rounds; i++) commands.forEach((args, k) => times[k].push(wall(args)));
  return times.map((t) => t.sort((a, b) => a - b));
}

const median = (sorted) => (sorted.length % 2 ? sorted[(sorted.length - 1) >> 1] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2);
const secs = (x) => `${x.toFixed(3)} s`;

function benchStartup(rounds = 10) {
  const dir = mkdtempSync(join(tmpdir(), 'session-sim-bench-'));
  try {
    const small = join(dir, 'small.json');
    writeFileSync(small, JSON.stringify({ name: 'bench: small', strategies: [{ name: 'jwt', type: 'jwt' }] }));
    const commands = {
      'node -e 0': ['-e', '0'],
      '--version': [CLI, '--version'],
      'validate (small JSON file)': [CLI, 'validate', small],
      'run server-crash': [CLI, 'run', 'server-crash'],
      'run server-crash --jobs 1': [CLI, 'run', 'server-crash', '--jobs', '1'],
    };
    const times = interleaved(Object.values(commands), rounds);
    Object.keys(commands).forEach((name, k) => console.log(`start-up, ${name}: ${secs(median(times[k]))} median, ${secs(times[k][0])} best (${rounds}, interleaved)`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchThreads(rounds = 5) {
  // server-crash as shipped runs 19 minutes: 10× its duration.
  const run = [CLI, 'run', 'server-crash', '--set', 'duration=190m', '--format', 'json'];
  const [one, chosen] = interleaved([[...run, '--jobs', '1'], run], rounds);
  console.log(
    `every core, server-crash at 10× its duration: --jobs 1 ${secs(median(one))}, by default ${secs(median(chosen))} median ` +
      `(${rounds} each, interleaved): ${(median(one) / median(chosen)).toFixed(2)}×`,
  );
}

function runChild([what, ...args]) {
  if (what === 'live') {
    const [type, sessions] = args;
    const scenario = resolveScenario(liveScenario(type, Number(sessions)), 'bench');
    globalThis.gc();
    const before = process.memoryUsage();
    let world;
    runStrategy(scenario, scenario.strategies[0], scenario.seed, { instrument: (w) => (world = w) });
    const maxRss = process.resourceUsage().maxRSS * 1024;
    globalThis.gc();
    const after = process.memoryUsage();
    const heap = after.heapUsed - before.heapUsed;
    const buffers = after.arrayBuffers - before.arrayBuffers;
    const live = world.activeSessions;
    process.stdout.write(JSON.stringify({ live, heap, buffers, retained: heap + buffers, rssAfterGc: after.rss, maxRss }));
    return;
  }
  if (what === 'requests') {
    const scenario = resolveScenario(mm1Scenario(Number(args[0])), 'bench');
    const r = runStrategy(scenario, scenario.strategies[0]);
    process.stdout.write(JSON.stringify({ requests: r.metrics.requests, maxRss: process.resourceUsage().maxRSS * 1024 }));
    return;
  }
  throw new Error(`unknown child ${what}`);
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  runChild(argv.slice(1));
} else {
  const all = argv.length === 0;
  if (all || argv.includes('mm1')) benchMM1();
  if (all || argv.includes('long')) benchLong();
  if (all || argv.includes('memory')) benchMemory();
  if (all || argv.includes('flat')) benchFlat();
  if (all || argv.includes('startup')) benchStartup();
  if (all || argv.includes('threads')) benchThreads();
}
