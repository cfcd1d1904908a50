/**
 * Every format's header says what its figures cover, and that a warm-up chosen by MSER-5
 * (warmup: "auto") was detected, not given: the terminal table (compact and wide), markdown
 * and HTML of a single run as the replicated outputs already did.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/simulate.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { measuredWindow } from '../../src/report/measured.js';
import { renderTable } from '../../src/report/table.js';
import { resolveScenario } from '../../src/scenario/load.js';

const doc = (warmup: string) => ({ seed: 3, duration: '4m', warmup, clients: { arrivalRate: 2 }, strategies: [{ type: 'jwt' }, { type: 'sticky' }] });

function formats(warmup: string): string[] {
  const config = resolveScenario(doc(warmup));
  const result = simulate(config);
  return [renderTable(result, { color: false }), renderTable(result, { color: false, wide: true }), renderMarkdown(result), renderHtml(result, config)];
}

describe('the measured window in every header', () => {
  it('reads "<measured> measured after <warm-up> warm-up", with "(auto, MSER-5)" only when detected', () => {
    expect(measuredWindow({ duration: 558 + 342, warmup: 342 })).toBe('9m18s measured after 5m42s warm-up');
    expect(measuredWindow({ duration: 900, warmup: 342, warmupDetection: {} })).toBe('9m18s measured after 5m42s warm-up (auto, MSER-5)');
  });

  it('warmup: "auto" says so in the compact and wide table, markdown and HTML; a fixed warm-up does not', () => {
    for (const text of formats('auto')) expect(text.replace(/\s+/g, ' ')).toMatch(/measured after \S+ warm-up \(auto, MSER-5\)/);
    for (const text of formats('1m')) {
      expect(text.replace(/\s+/g, ' ')).toContain('3m00s measured after 1m00s warm-up');
      expect(text).not.toContain('MSER-5');
    }
  });
});
