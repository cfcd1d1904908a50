import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { costProfile } from '../../src/scenario/schema.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/experiment/simulate.js';
import { cli } from '../helpers/cli.js';

describe('session-sim calibrate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'session-sim-calibrate-'));
  const file = join(dir, 'costs.json');
  let run: Awaited<ReturnType<typeof cli>>;

  it('times the costs on this machine, prints a table and writes a cost profile', async () => {
    run = await cli(['calibrate', '--batch-ms', '3', '--out', file]);
    expect(run.code).toBe(0);
    for (const row of ['JSON serialise, per KB', 'AES-256-GCM, per KB', 'HS256 sign', 'RS256 verify', 'ES256 sign', 'EdDSA verify']) expect(run.stdout).toContain(row);
    expect(run.stderr).toContain(`wrote ${file}`);
    const parsed = costProfile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    expect(parsed.success).toBe(true);
  });

  it('the figures have the shape the algorithms dictate', () => {
    const p = costProfile.parse(JSON.parse(readFileSync(file, 'utf8')));
    const jwt = p.jwt!;
    // RSA signs with the private exponent (slow) and verifies with e = 65537 (fast); ECDSA and
    // Ed25519 verify with two scalar multiplications, sign with one; HMAC is a hash.
    expect(jwt.RS256!.sign).toBeGreaterThan(3 * jwt.RS256!.verify);
    expect(jwt.ES256!.verify).toBeGreaterThan(jwt.ES256!.sign);
    expect(jwt.EdDSA!.verify).toBeGreaterThan(jwt.EdDSA!.sign);
    expect(jwt.HS256!.verify).toBeLessThan(jwt.ES256!.verify);
    // JSON runs at tens to thousands of MB/s: between 0.1 µs and 100 µs per KB.
    for (const v of [p.jsonSerializePerKB!, p.jsonParsePerKB!]) {
      expect(v).toBeGreaterThan(0.1e-6);
      expect(v).toBeLessThan(100e-6);
    }
    expect(p.aesGcmPerKB!).toBeLessThan(p.jsonParsePerKB!);
  });

  it('a scenario that points at the profile runs on the measured costs', () => {
    const scenario = join(dir, 'scenario.json');
    writeFileSync(scenario, JSON.stringify({ duration: '1m', warmup: '10s', costs: './costs.json', strategies: [{ type: 'jwt', algorithm: 'RS256' }] }));
    const config = loadScenario(scenario);
    const p = costProfile.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(config.costs!.jwt.RS256.verify).toBeCloseTo(p.jwt!.RS256!.verify, 9);
    expect(simulate(config).strategies[0]!.metrics.requests).toBeGreaterThan(0);
  });

  it('--format json prints the profile itself', async () => {
    const r = await cli(['calibrate', '--batch-ms', '1', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(costProfile.safeParse(JSON.parse(r.stdout)).success).toBe(true);
  });

  it('a bad --batch-ms is bad usage', async () => {
    expect((await cli(['calibrate', '--batch-ms', '-3'])).code).toBe(2);
  });
});
