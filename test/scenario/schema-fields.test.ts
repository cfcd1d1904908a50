import { describe, expect, it } from 'vitest';
import { fieldKind } from '../../src/scenario/schema-fields.js';
import { applyOverrides, parseOverride } from '../../src/scenario/overrides.js';
import { ScenarioError } from '../../src/scenario/errors.js';

describe('fieldKind: the scenario fields that are lists, or one value, read from the schema', () => {
  it.each([
    [['events'], 'list'],
    [['strategies'], 'list'],
    [['clients', 'phases'], 'list'],
    [['highlight'], 'list'],
    [['autoscaler', 'behavior', 'scaleUp', 'policies'], 'list'],
    // Inside a list element, through the union of strategy types, and a distribution's values.
    [['strategies', 0, 'store', 'latency', 'values'], 'list'],
    [['clients', 'thinkTime', 'values'], 'list'],
    [['servers'], undefined],
    [['events', 0], undefined],
    [['nothing'], undefined],
    [['events', 'abc'], undefined],
    [['servers', 'count'], 'value'],
    [['name'], 'value'],
    [['loadBalancer', 'algorithm'], 'value'],
    [['events', 0, 'at'], 'value'],
    [['strategies', 0, 'type'], 'value'],
    // A duration distribution is a duration or an object: either.
    [['clients', 'thinkTime'], undefined],
  ] as [PropertyKey[], string | undefined][])('%j: %s', (path, kind) => {
    expect(fieldKind(path)).toBe(kind);
  });
});

describe('--set into a list the file does not have', () => {
  it('takes an index as into one it has, and refuses anything else at the path as written (not "at events: expected an array")', () => {
    const set = (text: string) => applyOverrides({}, [parseOverride(text)], undefined, fieldKind);
    expect(set('events.0.at=1m')).toEqual({ events: [{ at: '1m' }] });
    expect(set('clients.phases.0.duration=1m')).toEqual({ clients: { phases: [{ duration: '1m' }] } });
    for (const [text, path] of [['events.1e3.at=1m', 'events.1e3'], ['clients.phases.ramp.duration=1m', 'clients.phases.ramp'], ['autoscaler.behavior.scaleUp.policies.x.type=pods', 'autoscaler.behavior.scaleUp.policies.x']]) {
      try {
        set(text!);
        expect.unreachable(text);
      } catch (e) {
        expect(e).toBeInstanceOf(ScenarioError);
        expect((e as ScenarioError).problems[0]).toEqual({ path, expected: 'index 0 (the list is empty: 0 adds its first entry)', found: JSON.stringify(path!.split('.').pop()) });
      }
    }
    // Objects are still created as before.
    expect(set('clients.network.natShare=0.5')).toEqual({ clients: { network: { natShare: 0.5 } } });
  });
});

describe('--set into a field that takes one value', () => {
  it('is refused at the path as written, saying the field has no fields (it became an object the schema refused at servers.count)', () => {
    const set = (doc: unknown, text: string) => applyOverrides(doc, [parseOverride(text)], undefined, fieldKind);
    for (const [doc, text, problem] of [
      [{}, 'servers.count.x=1', { path: 'servers.count.x', expected: 'no such field (servers.count takes one value, with no fields)', found: '1' }],
      [{ servers: { count: 4 } }, 'servers.count.x.y=1', { path: 'servers.count.x', expected: 'no such field (servers.count is 4, one value, with no fields)', found: '{"y":1}' }],
      [{ name: 't' }, 'name.x=1', { path: 'name.x', expected: 'no such field (name is "t", one value, with no fields)', found: '1' }],
      [{ events: [{ at: '1m', type: 'server-crash', server: 0 }] }, 'events.0.at.x=1', { path: 'events[0].at.x', expected: 'no such field (events[0].at is "1m", one value, with no fields)', found: '1' }],
    ] as const) {
      try {
        set(doc, text);
        expect.unreachable(text);
      } catch (e) {
        expect(e).toBeInstanceOf(ScenarioError);
        expect((e as ScenarioError).problems).toEqual([problem]);
      }
    }
    // A field that takes a value or an object (a distribution) still becomes the object written.
    expect(set({ clients: { thinkTime: '5s' } }, 'clients.thinkTime.dist=constant')).toEqual({ clients: { thinkTime: { dist: 'constant' } } });
  });
});
