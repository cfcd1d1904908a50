/**
 * `session-sim merge` on forged part files, as a user runs it: a part's checksum is a SHA-256
 * of its content that anyone can recompute, so a forged part is sealed like a real one. Every
 * forgery is exit 2 with one plain line naming the file and the field, nothing is written, and
 * nothing of the part reaches the terminal as a control character.
 */
import { existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sealPart } from '../../src/experiment/merge.js';
import { cli } from '../helpers/cli.js';
import { smallCrash } from '../helpers/sweep.js';

const dir = mkdtempSync(join(tmpdir(), 'session-sim-merge-cli-'));
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

type Raw = Record<string, unknown> & { runs: { strategies: Record<string, unknown>[] }[]; scenario: Record<string, unknown>; params: { path: string; values: unknown[] }[]; points: unknown[][]; resolved: Record<string, unknown> };
/** The whole sweep (servers.count=2,3, 2 replications) as the part `sweep --shard 1/1` writes. */
let whole: Raw;

beforeAll(async () => {
  const scenario = join(dir, 'small.json');
  writeFileSync(scenario, JSON.stringify(smallCrash()));
  const out = join(dir, 'whole.json');
  const r = await cli(['sweep', scenario, '--param', 'servers.count=2,3', '--replications', '2', '--shard', '1/1', '--out', out, '--jobs', '1', '-q']);
  expect(r.code, r.stderr).toBe(0);
  whole = JSON.parse(readFileSync(out, 'utf8')) as Raw;
});

/** `whole` edited and sealed again, written to `name`; its path. */
function forged(name: string, edit: (p: Raw) => void): string {
  const p = structuredClone(whole);
  edit(p);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(sealPart(p)));
  return file;
}

/** merge FILE --out --html: exit 2, one line naming the file, no control character, no output file. */
async function refused(file: string): Promise<string> {
  const out = join(dir, `${file.split('/').pop()}.merged.json`);
  const html = join(dir, `${file.split('/').pop()}.merged.html`);
  const r = await cli(['merge', file, '--out', out, '--html', html]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).not.toMatch(CONTROL);
  expect(r.stderr).not.toMatch(/NaN|Infinity|undefined/);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toContain(`session-sim: ${file}`);
  expect(existsSync(out) || existsSync(html)).toBe(false);
  return r.stderr;
}

describe('merge of a forged part: exit 2, nothing written, nothing obeyed by the terminal', () => {
  it('a metric named with a CSI (U+009B, which JSON.stringify leaves raw): refused, the name shown as \\u009b', async () => {
    const file = forged('metric-csi.json', (p) => { for (const r of p.runs) for (const s of r.strategies) (s.metrics as Record<string, unknown>)['x\u009b2Jy'] = 1; });
    expect(await refused(file)).toContain('metrics["x\\u009b2Jy"]: expected no such field');
  });

  it('a part nesting 300 000 arrays in its scenario: refused at the path (its checksum overflowed the stack: exit 1)', async () => {
    const file = join(dir, 'deep.json');
    const deep = '['.repeat(300000) + ']'.repeat(300000);
    writeFileSync(file, JSON.stringify(whole).replace('"resolved":{', `"resolved":{"x":${deep},`));
    expect(await refused(file)).toContain(`${file} is a damaged sweep part at resolved.x[0][0][0][0][0][0]…: expected nesting at most 104 levels deep, found a value nested more than 104 levels deep`);
  });

  it('a scenario name holding ESC[2J and a CSI: refused at resolved.name, nothing on stdout (--format table printed it raw)', async () => {
    const file = forged('name-esc.json', (p) => { p.scenario.name = p.resolved.name = 'a\u001b[2Jb\u009b31m'; });
    const r = await cli(['merge', file, '--format', 'table']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`session-sim: ${file} is a damaged sweep part at resolved.name: expected text without control characters (tab and newline are fine; terminal escapes such as ESC are not), found "a\\u001b[2Jb\\u009b31m"\n`);
    await refused(file);
  });

  it('a strategy name and a param path holding ESC: refused at their paths', async () => {
    expect(await refused(forged('strategy-esc.json', (p) => { for (const r of p.runs) r.strategies[0]!.name = 'x\u001b[2Jy'; }))).toContain('at runs[0].strategies[0].name: expected "sticky-cookie", strategy 0 of the resolved scenario, found "x\\u001b[2Jy"');
    expect(await refused(forged('path-esc.json', (p) => { p.params[0]!.path = 'servers.\u001b[2Jcount'; }))).toContain('at params[0].path: expected a dotted scenario path');
  });

  it('param values ±1e308: refused with --html, no report written (it held x1="NaN")', async () => {
    const file = forged('point-big.json', (p) => { p.points = [[1e308], [-1e308]]; p.params[0]!.values = [1e308, -1e308]; });
    expect(await refused(file)).toContain('at params[0].values[1]: expected a number at most 10^15 in size (every number of a scenario is), found -1e+308');
  });

  it('a part as sweep writes it merges, its HTML report and JSON finite', async () => {
    const out = join(dir, 'whole.merged.json');
    const html = join(dir, 'whole.merged.html');
    const r = await cli(['merge', join(dir, 'whole.json'), '--out', out, '--html', html, '-q']);
    expect(r.code, r.stderr).toBe(0);
    for (const f of [out, html]) expect(readFileSync(f, 'utf8')).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('a part file of 600 MB: refused by its size before it is read (V8 failed to make it one string)', async () => {
    const file = join(dir, 'huge.json');
    writeFileSync(file, '');
    truncateSync(file, 600 * 1024 ** 2);
    expect(await refused(file)).toBe(`session-sim: ${file}: cannot read the part file (a file of 600 MB, above the limit of 512 MB (${file}))\n`);
  });
});
