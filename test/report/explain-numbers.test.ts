/**
 * Every number `explain` prints is one of the results': for every built-in scenario, each
 * number of its explanation (durations included) must be a figure of the JSON document (its
 * metrics, event records, resolved scenario), as printed (rounded, in %, as a duration), a
 * count of the timeline over one of the story's stretches, or a number of the scenario's own
 * description (printed in the header). A number made up by the narration fails the test.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/experiment/simulate.js';
import { renderExplain } from '../../src/report/explain.js';
import { toJsonDocument } from '../../src/report/json.js';
import { offeredLoadSentence, windowMedian } from '../../src/report/explain/load.js';
import { listBuiltins, loadScenario } from '../../src/scenario/load.js';
import { formatDuration } from '../../src/scenario/units.js';

/** Numbers of a document, skipping the per-window series (too many: any count would match). */
function numbers(v: unknown, out: number[], key = ''): number[] {
  if (typeof v === 'number') out.push(v);
  else if (Array.isArray(v)) {
    if (key !== 'timeline' && key !== 'latencyCdf' && key !== 'requests' && key !== 'uptime') for (const x of v) numbers(x, out, key);
  } else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'timeline' && k !== 'latencyCdf') numbers(x, out, k);
  return out;
}

/** The ways a figure is printed. */
function spellings(x: number): string[] {
  const out = [String(x), formatDuration(x), String(Math.round(x))];
  for (const d of [0, 1, 2, 3]) out.push(x.toFixed(d), (x * 100).toFixed(d), (x * 1000).toFixed(d));
  out.push((x * 100).toFixed(4));
  // SLO verdict cells print a latency with its unit glued on ("165ms" for 165.0).
  out.push(`${+x.toFixed(1)}ms`, `${x.toFixed(1)}ms`);
  out.push(String(+x.toPrecision(4)), String(+x.toPrecision(6)), (x / 1024).toFixed(0), (x / 1024 / 1024).toFixed(1));
  return out;
}

const TOKEN = /\d+h(?:\d+m)?(?:\d+s)?|\d+m\d+s|\d+(?:\.\d+)?(?:ms|s|m|h)\b|\d+(?:\.\d+)?/g;

describe.each(listBuiltins().map((b) => b.name))('explain %s', (name) => {
  it('prints only numbers that are the results\'', () => {
    const config = loadScenario(name);
    const result = simulate(config);
    const text = renderExplain(result, config, { color: false, ascii: false });
    const allowed = new Set<string>();
    const add = (x: number) => spellings(x).forEach((t) => allowed.add(t));
    numbers(toJsonDocument(result), []).forEach(add);
    // The store operations per request of the cost advice, and shares within one event record.
    for (const s of result.strategies) {
      if (s.metrics.requests > 0) add(s.metrics.store.ops / s.metrics.requests);
      for (const e of s.events) {
        const vals = Object.values(e.details).filter((v): v is number => typeof v === 'number' && v > 0);
        for (const a of vals) for (const b of vals) add(Math.round((100 * a) / b));
      }
    }
    // Losses per stretch of the story (timeline sums between the scenario's events).
    const window = result.strategies[0]!.timeline.window;
    const windows = result.strategies[0]!.timeline.lost.length;
    const starts = [0, ...new Set(config.events.map((e) => Math.floor(e.at / window + 1e-9)))].sort((a, b) => a - b);
    for (const s of result.strategies) {
      for (let i = 0; i < starts.length; i++) {
        const from = starts[i]!;
        const to = starts[i + 1] ?? windows;
        add(s.timeline.lost.slice(from, to).reduce((a, b) => a + b, 0));
        for (let c = 0; c < 5; c++) add(s.timeline.lostByCause.slice(from, to).reduce((a, row) => a + (row[c] ?? 0), 0));
        add(from * window);
        add(to * window);
      }
      for (const e of s.events) add(e.at);
    }
    // The measured window's length (the table's header), and the population per window.
    add(result.scenario.duration - result.scenario.warmup);
    // The ramp note is the JSON document's warmup-ramp warning word for word (test/metrics/warmup-ramp.test.ts).
    for (const w of result.warnings ?? []) if (w.code === 'warmup-ramp') for (const t of w.message.match(TOKEN) ?? []) allowed.add(t);
    for (const s of result.strategies) s.timeline.activeSessions.forEach((a) => add(Math.round(a)));
    // A login storm's peak window (timeline.logins, timeline.tokenServiceOps are per-window series),
    // and where it landed: the token service's and the store's window then, against their median window.
    for (const s of result.strategies) {
      for (const series of [s.timeline.logins ?? [], s.timeline.tokenServiceOps ?? [], s.timeline.storeOps ?? []]) {
        series.forEach((n) => add(n));
        add(windowMedian(series));
      }
      // The storm's peak window is named by its start (the first window with the most logins).
      const logins = s.timeline.logins ?? [];
      if (logins.length > 0) add(logins.indexOf(Math.max(...logins)) * window);
    }
    // The cost note's convention, not a result: AWS bills a month as 730 hours.
    add(730);
    // A rolling restart's summary: sums of one detail over its steps, and the time between two steps.
    for (const s of result.strategies) {
      const sums = new Map<string, number>();
      for (const e of s.events) for (const [k, v] of Object.entries(e.details)) if (typeof v === 'number') sums.set(`${e.type}|${k}`, (sums.get(`${e.type}|${k}`) ?? 0) + v);
      sums.forEach(add);
      // …and one sum as a share of another (the users lost at the stops of those pinned when the drains began).
      for (const a of sums.values()) for (const b of sums.values()) if (b > 0) add(Math.round((100 * a) / b));
      for (const a of s.events) for (const b of s.events) if (b.at > a.at) add(+(b.at - a.at).toFixed(3));
    }
    // The offered-load sentence compares the arrivals with the scenario's curve (expected count,
    // its Poisson interval, the busiest window): figures of the configuration, tested with it.
    for (const t of offeredLoadSentence(result, config)?.match(TOKEN) ?? []) allowed.add(t);
    for (const t of config.description.match(TOKEN) ?? []) allowed.add(t);
    for (const t of config.name.match(TOKEN) ?? []) allowed.add(t);
    // Servers are named s0, s1, …; "p99", "HS256" and the like are names, not figures.
    const prose = text.replace(/\b[A-Za-z_-]+\d[\w-]*/g, ' ').replace(/\d+-byte/g, ' ');
    const strays = [...new Set([...prose.matchAll(TOKEN)].map((m) => m[0]).filter((t) => !allowed.has(t) && !allowed.has(t.replace(/^0+(?=\d)/, ''))))];
    expect(strays).toEqual([]);
  });
});
