import { describe, expect, it } from 'vitest';
import { isListField } from '../../src/scenario/schema-lists.js';
import { applyOverrides, parseOverride } from '../../src/scenario/overrides.js';
import { ScenarioError } from '../../src/scenario/errors.js';

describe('isListField: the scenario fields that are lists, read from the schema', () => {
  it.each([
    [['events'], true],
    [['strategies'], true],
    [['clients', 'phases'], true],
    [['highlight'], true],
    [['autoscaler', 'behavior', 'scaleUp', 'policies'], true],
    // Inside a list element, through the union of strategy types, and a distribution's values.
    [['strategies', 0, 'store', 'latency', 'values'], true],
    [['clients', 'thinkTime', 'values'], true],
    [['servers'], false],
    [['servers', 'count'], false],
    [['events', 0], false],
    [['nothing'], false],
    [['events', 'abc'], false],
  ] as [PropertyKey[], boolean][])('%j: %s', (path, list) => {
    expect(isListField(path)).toBe(list);
  });
});

describe('--set into a list the file does not have', () => {
  it('takes an index as into one it has, and refuses anything else at the path as written (not "at events: expected an array")', () => {
    const set = (text: string) => applyOverrides({}, [parseOverride(text)], undefined, isListField);
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
