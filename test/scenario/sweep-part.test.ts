/**
 * A part's scenario checked by the rules of a scenario file, as specifications: a forged part is
 * sealed like a real one, and its texts and values reach the reports and the terminal.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePart, mergeParts, renderPart, sealPart, type SweepPart } from '../../src/experiment/merge.js';
import { SweepInputError, WHOLE } from '../../src/experiment/shard.js';
import { runSweep } from '../../src/experiment/sweep.js';
import { toScenarioDocument } from '../../src/scenario/resolved.js';
import { checkPartScenario, partScenarioProblems } from '../../src/scenario/sweep-part.js';
import { parseParam, resolveSweepScenario } from '../../src/scenario/sweep-params.js';
import { smallCrash } from '../helpers/sweep.js';

type Loose = SweepPart & { resolved: Record<string, unknown>; scenario: Record<string, unknown>; params: { path: string; values: unknown[] }[] };
let whole: Loose;

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'session-sim-sweep-part-')), 'small.json');
  writeFileSync(file, JSON.stringify(smallCrash()));
  const params = [parseParam('servers.count=2,3')];
  const s = resolveSweepScenario(file, params);
  const def = { base: s.base, params: params.map((p) => ({ path: p.path, values: p.values })), points: s.points, replications: 2 };
  const { runs } = await runSweep(def, { jobs: 1 });
  whole = JSON.parse(renderPart(makePart(def, toScenarioDocument(def.base), WHOLE, runs))) as Loose;
});

function edited(edit: (p: Loose) => void): Loose {
  const p = structuredClone(whole);
  edit(p);
  return p;
}

/** The first problem, as "at PATH: expected …, found …". */
function first(edit: (p: Loose) => void): string {
  const p = partScenarioProblems(edited(edit))[0];
  return p === undefined ? 'no problem' : `at ${p.path}: expected ${p.expected}, found ${p.found}${p.hint === undefined ? '' : `; ${p.hint}`}`;
}

const TEXT = 'text without control characters (tab and newline are fine; terminal escapes such as ESC are not)';

describe('a part as sweep writes it', () => {
  it('has no problem', () => {
    expect(partScenarioProblems(whole)).toEqual([]);
  });
});

describe("the part's texts pass a scenario's rule: no control characters (merge --format table printed them raw)", () => {
  it('a scenario name holding ESC[2J and a CSI, in the header and the resolved scenario alike: refused at resolved.name', () => {
    expect(first((p) => { p.scenario.name = p.resolved.name = 'a\u001b[2Jb\u009b31m'; })).toBe(`at resolved.name: expected ${TEXT}, found "a\\u001b[2Jb\u009b31m"`);
  });

  it("a header name that is not the resolved scenario's: refused at scenario.name", () => {
    expect(first((p) => { p.scenario.name = 'a\u001b[2Jb'; })).toBe('at scenario.name: expected "small crash", the resolved scenario\'s name, found "a\\u001b[2Jb"');
    expect(first((p) => { p.scenario.description = 'd\u001b]0;owned\u0007'; })).toBe('at scenario.description: expected "", the resolved scenario\'s description, found "d\\u001b]0;owned\\u0007"');
  });

  it("a strategy name that is not the resolved scenario's (whose names are letters, digits, '.', '_' and '-')", () => {
    expect(first((p) => { p.runs[1]!.strategies[0]!.name = 'x\u001b[2Jy'; })).toBe('at runs[1].strategies[0].name: expected "sticky-cookie", strategy 0 of the resolved scenario, found "x\\u001b[2Jy"');
    expect(first((p) => { p.runs[0]!.strategies[1]!.type = 'jwt'; })).toBe('at runs[0].strategies[1].type: expected "external", the type of redis, found "jwt"');
  });

  it('a state location holding ESC', () => {
    expect(first((p) => { p.runs[0]!.strategies[0]!.stateLocation = 'in \u001b[2J'; })).toBe(`at runs[0].strategies[0].stateLocation: expected ${TEXT}, found "in \\u001b[2J"`);
  });

  it('a param path holding ESC, or an empty segment', () => {
    for (const path of ['servers.\u001b[2Jcount', 'servers..count']) {
      expect(first((p) => { p.params[0]!.path = path; })).toBe(`at params[0].path: expected a dotted scenario path such as "servers.count" (text without control characters), found ${JSON.stringify(path)}`);
    }
  });

  it('a param value holding ESC', () => {
    expect(first((p) => { p.params[0]!.values = ['a\u001b[2J', 'b']; })).toBe(`at params[0].values[0]: expected ${TEXT}, found "a\\u001b[2J"`);
  });
});

describe("each param names a field of the part's scenario, as --param checks it", () => {
  it('"__proto__", "servers.cont" and "seed" are refused at the path (with did-you-mean)', () => {
    expect(first((p) => { p.params[0]!.path = '__proto__'; })).toMatch(/^at params\[0\]\.path: expected a field of the scenario: at __proto__, a top-level field \(\$schema, name, .*\), found "__proto__"$/);
    expect(first((p) => { p.params[0]!.path = 'servers.cont'; })).toMatch(/^at params\[0\]\.path: expected a field of the scenario: at servers\.cont, a field of servers \(.*\), found "servers\.cont"; did you mean "count"\?$/);
    expect(first((p) => { p.params[0]!.path = 'seed'; })).toBe('at params[0].path: expected a field other than seed (sweep --param refuses it), found "seed"');
  });

  it('a path into a list (strategies by name, events by index) is left to the points, as --param leaves it', () => {
    expect(first((p) => { p.params[0]!.path = 'strategies.redis.store.ttl'; })).toBe('no problem');
  });
});

describe('param values are ones a scenario can hold', () => {
  it('±1e308 (the HTML report drew x1="NaN"): refused, every number of a scenario is at most 10^15 in size', () => {
    expect(first((p) => { p.params[0]!.values = [1e15, 1e308]; })).toBe('at params[0].values[1]: expected a number at most 10^15 in size (every number of a scenario is), found 1e+308');
    expect(first((p) => { p.params[0]!.values = [{ dist: 'constant', value: -1e16 }]; })).toBe('at params[0].values[0].value: expected a number at most 10^15 in size (every number of a scenario is), found -10000000000000000');
    expect(first((p) => { p.params[0]!.values = [1e15, -1e15]; })).toBe('no problem');
  });
});

describe('the resolved scenario loads as a scenario file does', () => {
  it('servers.count -5: refused at resolved.servers.count', () => {
    expect(first((p) => { (p.resolved.servers as Record<string, unknown>).count = -5; })).toBe('at resolved.servers.count: expected a number >= 1, found -5');
  });

  it('costs named as a file: refused (merge would read it from wherever it runs)', () => {
    expect(first((p) => { p.resolved.costs = '/etc/passwd.json'; })).toBe('at resolved.costs: expected the costs themselves (a resolved scenario holds them, not a file to read), found "/etc/passwd.json"');
  });
});

describe('checkPartScenario: the refusal merge gives', () => {
  it('names the file and the field, counts the rest, and is what mergeParts throws when given it', () => {
    const forged = { name: 'forged.json', part: sealPart(edited((p) => { for (const r of p.runs) r.strategies[0]!.name = 'evil'; })) };
    let message = '';
    try {
      mergeParts([forged], checkPartScenario);
    } catch (e) {
      expect(e).toBeInstanceOf(SweepInputError);
      message = (e as Error).message;
    }
    expect(message).toBe('forged.json is a damaged sweep part at runs[0].strategies[0].name: expected "sticky-cookie", strategy 0 of the resolved scenario, found "evil" (and 3 more problems)');
    expect(() => mergeParts([{ name: 'whole.json', part: whole }], checkPartScenario)).not.toThrow();
  });
});
