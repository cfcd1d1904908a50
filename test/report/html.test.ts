/**
 * The HTML report's structure: self-contained (no script, no network), every section the
 * issue asks for, one load chart per strategy with the events marked, a percentile line per
 * strategy, loss segments matching the metrics, and a store chart only for store users.
 */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/experiment/simulate.js';

const config = loadScenario('server-crash');
const result = simulate(config);
const html = renderHtml(result, config);
const section = (id: string) => html.slice(html.indexOf(`<section id="${id}">`), html.indexOf('</section>', html.indexOf(`<section id="${id}">`)));
const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

describe('renderHtml', () => {
  it('is one self-contained, deterministic document: no script, no stylesheet link, no fetch', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // url(#id) points into the document itself (the hatch patterns of the loss bars), not at the network.
    expect(html).not.toMatch(/<script|<link|<img|@import|url\((?!#)/i);
    // The only URL is the SVG namespace, which is a name, not a fetch.
    expect([...html.matchAll(/https?:\/\/[^\s"']+/g)].map((m) => m[0]).every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
    expect(renderHtml(simulate(config), config)).toBe(html);
  });

  it('has the comparison table with a row per strategy, and the verdict', () => {
    const s = section('comparison');
    expect(count(s, /<tr>/g)).toBe(1 + result.strategies.length);
    // Each name with a swatch of its chart colour and dash.
    for (const st of result.strategies) expect(s).toMatch(new RegExp(`<td><svg class="swatch"[^]*?stroke="#[0-9A-F]{6}"[^]*?</svg><b>${st.name}</b></td>`));
    expect(s).toContain('<b>Verdict:</b>');
  });

  it('draws load per server over time for each strategy, one line per server, with the events marked', () => {
    const s = section('load');
    expect(count(s, /<figure class="load"/g)).toBe(result.strategies.length);
    expect(count(s, /<path class="series" data-series="s\d+"/g)).toBe(result.strategies.length * 4);
    // Two events (crash at 9m, recovery at 11m) marked on every chart.
    expect(count(s, /<g class="marker">/g)).toBe(result.strategies.length * 2);
    expect(s).toContain('1: t=9m00s server-crash s2 (down for 2m00s)');
  });

  it('draws the latency by percentile per strategy, on the 0 / 90 / 99 / 99.9 / 99.99 % tail axis, with the table\'s p99 in the caption', () => {
    const s = section('latency');
    for (const st of result.strategies) {
      expect(s).toContain(`data-series="${st.name}"`);
      expect(s).toContain(`${st.name} ${st.metrics.latency.p99} ms`);
    }
    expect(s).toContain('>99.99%</text>');
  });

  it('stacks lost sessions by cause with the metrics\' counts', () => {
    const s = section('losses');
    const ip = result.strategies.find((x) => x.name === 'sticky-ip')!.metrics.lossByCause;
    expect(s).toContain(`sticky-ip: ${ip['affinity-broken']} affinity-broken`);
    expect(s).toContain(`sticky-ip: ${ip['server-crash']} server-crash`);
    expect(count(s, /<rect class="segment" data-category="redis"/g)).toBe(0);
  });

  it('charts the store load only for the strategies that use it', () => {
    const s = section('store');
    expect(s).toContain('data-series="redis"');
    expect(s).not.toContain('data-series="jwt"');
    const none = loadScenario('nat-heavy');
    none.strategies = none.strategies.filter((x) => x.type === 'sticky');
    expect(renderHtml(simulate(none), none)).toContain('No strategy in this scenario uses the session store.');
  });
});
