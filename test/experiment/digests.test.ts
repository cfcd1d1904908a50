/**
 * Result digests: the `--format json` output (simulate + renderJson, in-process) of every
 * built-in scenario and of the validation set-ups (digest-setups.ts), as sha256, compared with
 * the committed test/experiment/digests.json. Optimisations must leave every one unchanged.
 *
 * When a change is *meant* to change results (a model fix, a new metric in the JSON contract),
 * regenerate with
 *
 *     npm run digests
 *
 * (= DIGESTS_UPDATE=1 vitest run test/experiment/digests.test.ts) and say in the commit which
 * figures change and why. A digest that changes when figures should not is a bug.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/simulate.js';
import { renderJson } from '../../src/report/json.js';
import { listBuiltins, loadScenario, resolveScenario } from '../../src/scenario/load.js';
import type { SimulationConfig } from '../../src/model/config.js';
import { validationSetups } from './digest-setups.js';

const FILE = fileURLToPath(new URL('./digests.json', import.meta.url));
const UPDATE = process.env.DIGESTS_UPDATE === '1';
const REGENERATE = 'npm run digests';

function readCommitted(): Record<string, string> {
  try {
    return JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

const committed = readCommitted();
const computed: Record<string, string> = {};

function digestOf(config: SimulationConfig): string {
  return createHash('sha256').update(renderJson(simulate(config))).digest('hex');
}

function check(key: string, config: () => SimulationConfig): void {
  const digest = digestOf(config());
  computed[key] = digest;
  if (UPDATE) return;
  expect(
    committed[key],
    `${key}: no committed digest. If this scenario is new, run \`${REGENERATE}\` and commit test/experiment/digests.json.`,
  ).toBeDefined();
  expect(
    digest,
    `${key}: its --format json output changed (sha256 ${committed[key]!.slice(0, 12)}… → ${digest.slice(0, 12)}…). ` +
      `If the change of figures is intended (a model fix, a new metric), regenerate with \`${REGENERATE}\` and say why in the commit; otherwise the change altered results and is a bug.`,
  ).toBe(committed[key]);
}

describe('result digests: JSON output byte-identical to the committed digests', () => {
  it.each(listBuiltins().map((b) => b.name))('built-in scenario %s', (name) => {
    check(`builtin:${name}`, () => loadScenario(name));
  });

  it.each(validationSetups.map((s) => [s.name, s.scenario] as const))('validation set-up: %s', (name, raw) => {
    check(`validation:${name}`, () => resolveScenario(raw, 'digest'));
  });

  it('every committed digest still has its scenario (a removed one is a deliberate regeneration)', () => {
    if (UPDATE) return;
    const expected = [...listBuiltins().map((b) => `builtin:${b.name}`), ...validationSetups.map((s) => `validation:${s.name}`)];
    expect(Object.keys(committed).filter((k) => !expected.includes(k)), `stale digests: run \`${REGENERATE}\``).toEqual([]);
  });

  afterAll(() => {
    if (!UPDATE) return;
    const sorted = Object.fromEntries(Object.keys(computed).sort().map((k) => [k, computed[k]]));
    writeFileSync(`${FILE}.tmp`, `${JSON.stringify(sorted, null, 2)}\n`);
    renameSync(`${FILE}.tmp`, FILE);
  });
});
