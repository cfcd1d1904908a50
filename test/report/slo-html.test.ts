/**
 * The HTML targets table: each cell says pass or fail in its own words (✓/✗ before the value)
 * and its own classes (slo-pass / slo-fail), never the comparison table's best/worst
 * colouring, so a reader does not take "met the target" for "best of the strategies".
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/simulate.js';
import { renderHtml } from '../../src/report/html.js';
import { CSS } from '../../src/report/html-css.js';
import { resolveScenario } from '../../src/scenario/load.js';

const config = resolveScenario({
  name: 'targets',
  seed: 3,
  duration: '3m',
  warmup: '20s',
  clients: { arrivalRate: 3 },
  events: [{ at: '90s', type: 'server-crash', server: 0 }],
  // sticky loses sessions in the crash; jwt loses none: one pass and one fail per column.
  slo: { targets: { sessionLossRate: '<0.1%' } },
  strategies: [{ type: 'sticky' }, { type: 'jwt' }],
});
const html = renderHtml(simulate(config), config);
const section = html.slice(html.indexOf('<section id="targets">'), html.indexOf('</section>', html.indexOf('<section id="targets">')));

describe('HTML targets: pass and fail have their own marks', () => {
  it('a met target is ✓ in a slo-pass cell, a missed one ✗ in a slo-fail cell', () => {
    expect(section).toMatch(/<td class="slo-pass">✓ /);
    expect(section).toMatch(/<td class="slo-fail">✗ /);
  });

  it('never borrows the best/worst classes of the comparison table', () => {
    expect(section).not.toMatch(/class="(best|worst)"/);
  });

  it('the stylesheet gives pass and fail their own fills, a miss in bold, kept in print', () => {
    expect(CSS).toMatch(/td\.slo-pass \{ background: #[0-9a-f]{6}; \}/);
    expect(CSS).toMatch(/td\.slo-fail \{ background: #[0-9a-f]{6}; font-weight: 700; \}/);
    expect(CSS).toMatch(/@media print[\s\S]*td\.slo-pass, td\.slo-fail[^{]*\{[^}]*print-color-adjust: exact/);
  });
});
