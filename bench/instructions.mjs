// `node bench/instructions.mjs [--cache]`: the M/M/1 comparison of `npm run bench` counted in
// instructions instead of seconds, which the machine's speed does not move (README
// "Performance"). Each program runs under valgrind's cachegrind at 300 k and at 900 k requests;
// the difference over 600 k requests is the cost per request without start-up, JIT warm-up
// or the workload's set-up. --cache adds cachegrind's cache and branch simulation: instruction
// and data L1 misses and mispredicted branches per request (its predictor is simpler than the
// CPU's). Needs valgrind (Debian package valgrind); node runs --single-threaded so that V8's
// compiler and GC threads are counted too.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { referenceMM1 } from './reference-mm1.mjs';
import { MM1, mm1Scenario } from './workloads.mjs';

const self = fileURLToPath(import.meta.url);
const LOW = 300_000;
const HIGH = 900_000;

// Each program alone in its process: the bare loop does not even load session-sim.
async function child(what, requests) {
  if (what === 'sim') {
    const { resolveScenario, runStrategy } = await import('../dist/index.js');
    const scenario = resolveScenario(mm1Scenario(requests), 'bench');
    runStrategy(scenario, scenario.strategies[0]);
  } else {
    referenceMM1({ ...MM1, duration: requests / MM1.lambda, seed: 1 });
  }
}

/** cachegrind's totals for one child run: instructions, and with `cache` I1/D1 misses and mispredicts. */
function counted(what, requests, cache) {
  const args = ['--tool=cachegrind', `--cache-sim=${cache ? 'yes' : 'no'}`, `--branch-sim=${cache ? 'yes' : 'no'}`, '--cachegrind-out-file=/dev/null', process.execPath, '--single-threaded', self, '--child', what, String(requests)];
  const r = spawnSync('valgrind', args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bench: valgrind ${what} ${requests} exited ${r.status}:\n${r.stderr.slice(-2000)}`);
  const total = (label) => {
    const m = r.stderr.match(new RegExp(`${label}:\\s+([\\d,]+)`));
    return m === null ? NaN : Number(m[1].replaceAll(',', ''));
  };
  return { instructions: total('I\\s+refs'), i1: total('I1\\s+misses'), d1: total('D1\\s+misses'), mispredicts: total('Mispredicts') };
}

function perRequest(what, cache) {
  const a = counted(what, LOW, cache);
  const b = counted(what, HIGH, cache);
  const slope = (key) => (b[key] - a[key]) / (HIGH - LOW);
  return { instructions: slope('instructions'), i1: slope('i1'), d1: slope('d1'), mispredicts: slope('mispredicts') };
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  await child(argv[1], Number(argv[2]));
} else {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  } catch {
    console.error('bench/instructions.mjs needs valgrind (apt-get install valgrind)');
    process.exit(2);
  }
  const cache = argv.includes('--cache');
  const sim = perRequest('sim', cache);
  const ref = perRequest('ref', cache);
  const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2));
  console.log(`M/M/1, instructions per request (cachegrind, ${LOW.toLocaleString('en-US')} → ${HIGH.toLocaleString('en-US')} requests): session-sim ${fmt(sim.instructions)}, bare loop ${fmt(ref.instructions)}: ${(sim.instructions / ref.instructions).toFixed(2)}×`);
  if (cache) {
    console.log(`  per request, session-sim / bare loop: I1 misses ${fmt(sim.i1)} / ${fmt(ref.i1)}, D1 misses ${fmt(sim.d1)} / ${fmt(ref.d1)}, mispredicted branches ${fmt(sim.mispredicts)} / ${fmt(ref.mispredicts)}`);
  }
}
