/**
 * `init --template full` is generated from the JSON Schema (issue 13): it has every field of
 * the schema, each under its description, with its default written out (or commented out when
 * the field is off unless given), and it resolves to exactly the defaults.
 */
import { describe, expect, it } from 'vitest';
import { fullTemplate, yamlValue } from '../../src/scenario/template-full.js';
import { scenarioJsonSchema } from '../../src/scenario/json-schema.js';
import { parseText, resolveScenario } from '../../src/scenario/load.js';

interface Node { description?: string; default?: unknown; type?: string; properties?: Record<string, Node> }

/** Every field of the schema's nested objects, as [depth, name, node]. */
function fieldsOf(props: Record<string, Node>, depth = 0, out: [number, string, Node][] = []): [number, string, Node][] {
  for (const [k, n] of Object.entries(props)) {
    if (k === '$schema') continue;
    out.push([depth, k, n]);
    if (n.type === 'object' && n.properties && Object.keys(n.properties).length > 0 && (n.default === undefined || JSON.stringify(n.default) === '{}')) fieldsOf(n.properties, depth + 1, out);
  }
  return out;
}

describe('init --template full', () => {
  const text = fullTemplate();
  const lines = text.split('\n');

  it('has every field of the schema, in order, each right under its description', () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, Node> };
    let at = 0;
    const fields = fieldsOf(schema.properties);
    expect(fields.length).toBeGreaterThan(120);
    for (const [depth, key, node] of fields) {
      const pattern = new RegExp(`^${'  '.repeat(depth)}(# )*${key}:`);
      const found = lines.findIndex((l, i) => i >= at && pattern.test(l));
      expect(found, `${key} (depth ${depth}) after line ${at}`).toBeGreaterThanOrEqual(0);
      // The description's last words end the comment just above the field.
      const words = node.description!.split(/\s+/).filter(Boolean).slice(-2).join(' ');
      expect(lines[found - 1], key).toContain(words.split(' ').at(-1));
      at = found + 1;
    }
  });

  it('writes each default that the schema gives; what is off unless given stays a comment', () => {
    expect(lines).toContain('duration: 10m');
    expect(lines).toContain('  thinkTime: { dist: exponential, mean: 5s }');
    expect(lines).toContain('# warmup: …');
    expect(lines.some((l) => /^ {2}# failures:/.test(l))).toBe(true);
    expect(lines.some((l) => /^# autoscaler:/.test(l))).toBe(true);
  });

  it('validates and resolves to exactly the defaults', () => {
    expect(resolveScenario(parseText(text, 'full.yaml'))).toEqual(resolveScenario({}));
  });

  it('spells values as YAML reads them back', () => {
    for (const v of ['Unnamed scenario', '', 'yes', '10m', 'round-robin', 0.2, true, null, { dist: 'uniform', min: 0, max: '10m' }, [1, 2]]) {
      expect(parseText(`v: ${yamlValue(v)}`, 'v.yaml')).toEqual({ v });
    }
  });
});
