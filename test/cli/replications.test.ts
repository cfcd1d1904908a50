import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const run = promisify(execFile);

function scenarioFile(doc: object): string {
  const file = join(mkdtempSync(join(tmpdir(), 'session-sim-')), 'small.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

const small = scenarioFile({
  name: 'small crash',
  seed: 21,
  duration: '3m',
  warmup: '20s',
  clients: { arrivalRate: 4, requestsPerSession: { dist: 'geometric', mean: 8 }, thinkTime: { dist: 'exponential', mean: '2s' } },
  servers: { count: 3, workers: 2 },
  strategies: [{ type: 'sticky', affinity: 'cookie' }, { type: 'external' }, { type: 'jwt' }],
  events: [{ at: '90s', type: 'server-crash', server: 1, downFor: '20s' }],
});

/** Every numeric leaf of a replicated figure tree must be { mean, ci95: [lo, hi], n }. */
function expectIntervalLeaves(tree: Record<string, unknown>, n: number, path = 'metrics'): void {
  for (const [k, v] of Object.entries(tree)) {
    const p = `${path}.${k}`;
    expect(v, p).toBeTypeOf('object');
    if ('ci95' in (v as object)) {
      const f = v as { mean: number; ci95: [number, number]; n: number };
      expect(Object.keys(f), p).toEqual(['mean', 'ci95', 'n']);
      expect(f.n, p).toBe(n);
      expect(f.ci95[0], p).toBeLessThanOrEqual(f.mean);
      expect(f.ci95[1], p).toBeGreaterThanOrEqual(f.mean);
    } else {
      expectIntervalLeaves(v as Record<string, unknown>, n, p);
    }
  }
}

describe('session-sim run --replications', () => {
  it('--format json: { mean, ci95, n } for every figure, version, seed, seeds and the resolved scenario', async () => {
    const r = await cli(['run', small, '--replications', '3', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['scenario', 'replications', 'strategies', 'differences', 'warnings']);
    expect(doc.scenario).toMatchObject({ name: 'small crash', seed: 21, warmup: 20 });
    expect(doc.scenario.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(doc.scenario.resolved.servers).toMatchObject({ count: 3, workers: 2, queueLimit: 100 });
    expect(doc.replications).toMatchObject({ n: 3, confidence: 0.95, precision: null });
    expect(doc.replications.seeds[0]).toBe(21);
    for (const s of doc.strategies) {
      expectIntervalLeaves(s.metrics, 3);
      expect(Object.keys(s.pooledLatency)).toEqual(['samples', 'mean', 'p50', 'p95', 'p99', 'max']);
    }
    expect(doc.differences.map((d: { strategy: string; baseline: string }) => `${d.strategy}-${d.baseline}`)).toEqual(['redis-sticky-cookie', 'jwt-es256-sticky-cookie']);
    expect(doc.differences[0].metrics.latency.p99).toHaveProperty('significant');
    expect(r.stderr).toContain('3 replications of 3 strategies on the main thread');
  });

  it('the table shows mean ±hw, the paired differences and says what is not significant', async () => {
    const r = await cli(['run', small, '--replications', '4', '--baseline', 'redis', '--charset', 'unicode']);
    expect(r.code).toBe(0);
    // Lines wrap at 80 columns: compare the text with its line breaks folded.
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('4 replications (mean ±95% CI half-width)');
    expect(r.stdout).toMatch(/\d ±\d/);
    expect(r.stdout).toContain('Paired differences (same replications, 95% CI):');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('sticky-cookie vs redis: session loss +');
    expect(r.stdout).toContain('jwt-es256 vs redis: session loss the same in every replication');
  });

  it('--precision stops when precise or at --max-replications, and says which figures were reached', async () => {
    const r = await cli(['run', small, '--precision', '0.01', '--replications', '2', '--max-replications', '4', '--format', 'json']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout).replications.precision;
    expect(p).toMatchObject({ target: 0.01, reached: false, replications: 4, cap: 4 });
    const table = await cli(['run', small, '--precision', '0.01', '--replications', '2', '--max-replications', '4', '--charset', 'unicode']);
    expect(table.stdout.replace(/\s+/g, ' ')).toMatch(/Precision ±1% not reached after 4 replications \(the cap\): .*sticky-cookie session loss rate ±\d/);
  });

  it('--jobs does not change a byte of the output', async () => {
    const one = await cli(['run', small, '--replications', '3', '--format', 'json', '--jobs', '1']);
    const two = await cli(['run', small, '--replications', '3', '--format', 'json', '--jobs', '2']);
    expect(two.stdout).toBe(one.stdout);
  });

  it('a result re-runs byte-identically from the resolved scenario it records', async () => {
    const first = await cli(['run', small, '--replications', '2', '--format', 'json']);
    const again = scenarioFile(JSON.parse(first.stdout).scenario.resolved);
    const second = await cli(['run', again, '--replications', '2', '--format', 'json']);
    expect(second.stdout).toBe(first.stdout);
  });

  it('warns (stderr and JSON) when the measured window is too short', async () => {
    const tiny = scenarioFile({ duration: '40s', warmup: '10s', clients: { arrivalRate: 2 }, strategies: [{ type: 'jwt' }] });
    const r = await cli(['run', tiny, '--replications', '2', '--format', 'json']);
    expect(r.code).toBe(0);
    // A 10 s warm-up before ≈ 95 s visits also ends on the ramp (L ≈ 190 by Little's law), as a single run says.
    expect(JSON.parse(r.stdout).warnings.map((w: { code: string }) => w.code)).toEqual(['warmup-ramp', 'few-latency-samples', 'few-sessions']);
    expect(r.stderr).toContain('session-sim: warning: jwt-es256: latency p99 from as few as');
    expect(r.stderr).toContain('session-sim: warning: active sessions were still climbing at the end of the warm-up');
  });

  it.each([
    [['--replications', '1'], 'one replication gives no interval'],
    [['--replications', 'x'], 'expected a whole number >= 2'],
    [['--precision', '5'], 'between 0 and 1'],
    [['--jobs', '0'], 'expected a whole number >= 1'],
    [['--max-replications', '9'], '--max-replications caps --precision'],
    [['--baseline', 'redis'], '--baseline compares strategies across replications'],
    [['--replications', '2', '--baseline', 'nope'], 'session-sim: --baseline: no strategy named "nope"; this scenario\'s strategies are sticky-cookie, redis, jwt-es256'],
    [['--precision', '0.1', '--replications', '5', '--max-replications', '3'], 'must be at least --replications'],
  ])('bad usage %j: exit 2 and a clear message', async (args, message) => {
    const r = await cli(['run', small, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });
});

describe('worker threads, from the built command (dist/)', () => {
  const bin = join(import.meta.dirname, '../../dist/cli/main.js');

  it('--jobs 2 runs on worker threads and prints the same bytes as --jobs 1 and as the in-process run', async () => {
    expect(existsSync(bin), 'run `npm run build` first (npm install does it through `prepare`)').toBe(true);
    const args = ['run', small, '--replications', '4', '--format', 'json'];
    const [two, one, inProcess] = await Promise.all([
      run(process.execPath, [bin, ...args, '--jobs', '2']),
      run(process.execPath, [bin, ...args, '--jobs', '1']),
      cli(args),
    ]);
    expect(two.stderr).toContain('on 2 worker threads');
    expect(one.stderr).toContain('on the main thread');
    expect(two.stdout).toBe(one.stdout);
    expect(two.stdout).toBe(inProcess.stdout);
  });

  it('warm-up auto through the workers chooses what the main thread chooses', async () => {
    const auto = scenarioFile({ name: 'auto', seed: 4, duration: '6m', warmup: 'auto', clients: { arrivalRate: 3, requestsPerSession: { dist: 'geometric', mean: 10 }, thinkTime: { dist: 'exponential', mean: '3s' } }, strategies: [{ type: 'jwt' }, { type: 'sticky' }] });
    const args = ['run', auto, '--replications', '2', '--format', 'json'];
    const [workers, inProcess] = await Promise.all([run(process.execPath, [bin, ...args, '--jobs', '2']), cli(args)]);
    expect(workers.stdout).toBe(inProcess.stdout);
    const doc = JSON.parse(workers.stdout);
    expect(doc.scenario.warmupDetection.method).toBe('MSER-5');
    expect(doc.scenario.resolved.warmup).toBe('auto');
    expect(workers.stderr).toContain('session-sim: warm-up auto: ');
  });
});

describe('the replicated table reads like the single-run one', () => {
  it('fits 80 columns, and is plain ASCII when the terminal is not UTF-8 (± becomes +/-)', async () => {
    const unicode = await cli(['run', small, '--replications', '3', '--charset', 'unicode']);
    const lines = unicode.stdout.split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(unicode.stdout).toContain('±');
    const ascii = await cli(['run', small, '--replications', '3']);
    expect([...ascii.stdout].every((c) => c.charCodeAt(0) < 128)).toBe(true);
    expect(ascii.stdout).toContain('+/-');
  });

  it('--wide shows every column, boxed', async () => {
    const wide = await cli(['run', small, '--replications', '3', '--wide', '--charset', 'unicode']);
    expect(wide.code).toBe(0);
    for (const head of ['Jain', 'bytes', 'p50']) expect(wide.stdout).toContain(head);
  });
});
