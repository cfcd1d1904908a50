/**
 * The calibrated costs: a table comparing them with the built-in figures, and the cost
 * profile file a scenario can point at (durations written the way scenarios write them).
 */
import { chalkFor, cliTable } from './libraries.js';
import type { CostProfile, JwtAlgorithm } from '../model/config.js';
import type { Calibration } from '../metrics/calibrate.js';
import { toAscii } from './ascii.js';

/** Seconds as microseconds with three significant digits: "3.52us", "0.312us", "456us". */
export function micros(seconds: number): string {
  return `${Number((seconds * 1e6).toPrecision(3))}us`;
}

function rows(p: CostProfile): [string, number][] {
  const out: [string, number][] = [
    ['JSON serialise, per KB', p.jsonSerializePerKB],
    ['JSON parse, per KB', p.jsonParsePerKB],
    ['AES-256-GCM, per KB', p.aesGcmPerKB],
  ];
  for (const alg of Object.keys(p.jwt) as JwtAlgorithm[]) {
    out.push([`${alg} sign`, p.jwt[alg].sign], [`${alg} verify`, p.jwt[alg].verify]);
  }
  return out;
}

/** The table of measured against built-in costs: figures right-aligned; plain ASCII (borders, dash) when `ascii`. */
export function renderCostsTable(c: Calibration, builtIn: CostProfile, color: boolean, ascii = false): string {
  const chalk = chalkFor(color);
  const Table = cliTable();
  const table = new Table({
    head: ['cost on one core', 'measured', 'built-in', 'measured / built-in'],
    colAligns: ['left', 'right', 'right', 'right'],
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true },
    ...(ascii ? { chars: ASCII_BORDERS } : {}),
  });
  const base = rows(builtIn);
  rows(c.profile).forEach(([name, v], i) => {
    const b = base[i]![1];
    table.push([name, micros(v), micros(b), (v / b).toFixed(2)]);
  });
  const text = [chalk.bold('Calibrated costs') + chalk.dim(` — ${c.machine}`), table.toString(), ''].join('\n');
  return ascii ? toAscii(text) : text;
}

const ASCII_BORDERS = {
  top: '-', 'top-mid': '+', 'top-left': '+', 'top-right': '+',
  bottom: '-', 'bottom-mid': '+', 'bottom-left': '+', 'bottom-right': '+',
  left: '|', 'left-mid': '+', mid: '-', 'mid-mid': '+',
  right: '|', 'right-mid': '+', middle: '|',
};

/** The profile file: `"costs": "./costs.json"` in a scenario reads it. */
export function renderCostsFile(c: Calibration): string {
  const p = c.profile;
  const jwt: Record<string, { sign: string; verify: string }> = {};
  for (const alg of Object.keys(p.jwt) as JwtAlgorithm[]) jwt[alg] = { sign: micros(p.jwt[alg].sign), verify: micros(p.jwt[alg].verify) };
  const doc = {
    source: p.source,
    machine: c.machine,
    jsonSerializePerKB: micros(p.jsonSerializePerKB),
    jsonParsePerKB: micros(p.jsonParsePerKB),
    aesGcmPerKB: micros(p.aesGcmPerKB),
    jwt,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
