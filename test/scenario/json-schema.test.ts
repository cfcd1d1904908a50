/**
 * The JSON Schema is generated from the zod definition (one source of truth) and the package
 * ships it: the file must equal the generated text, and it must describe what the loader accepts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownFields, renderJsonSchema, scenarioJsonSchema, SCHEMA_FILE } from '../../src/scenario/json-schema.js';
import { closest, editDistance } from '../../src/scenario/suggest.js';

describe('schema/scenario.schema.json', () => {
  it('equals the schema generated from the zod definition (run `node dist/cli/main.js schema --out schema/scenario.schema.json` after changing it)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderJsonSchema());
  });

  it('is the file package.json exports as ./schema.json and ships in "files"', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
    expect(pkg.exports['./schema.json']).toBe('./schema/scenario.schema.json');
    expect(pkg.files).toContain('schema');
  });

  it('is draft-07, describes inputs as written ("5m", "4KB") with their defaults, and forbids unknown fields', () => {
    const s = scenarioJsonSchema() as { $schema: string; properties: Record<string, { default?: unknown; anyOf?: unknown[] }>; additionalProperties: boolean };
    expect(s.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(s.properties.duration!.default).toBe('10m');
    expect(JSON.stringify(s.properties.duration!.anyOf)).toContain('"type":"string"');
    expect(s.additionalProperties).toBe(false);
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['$schema', 'name', 'clients', 'servers', 'loadBalancer', 'store', 'strategies', 'events']));
  });
});

describe('descriptions: the hover help of every field', () => {
  type Node = { properties?: Record<string, Node>; items?: Node; anyOf?: Node[]; oneOf?: Node[]; additionalProperties?: unknown; description?: string };
  /** Every property of every object of the schema, through unions, arrays and maps, with its path. */
  function properties(node: Node, path: string, out: { path: string; node: Node }[] = []): { path: string; node: Node }[] {
    for (const [k, v] of Object.entries(node.properties ?? {})) {
      out.push({ path: `${path}.${k}`, node: v });
      properties(v, `${path}.${k}`, out);
    }
    for (const b of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) properties(b, path, out);
    if (node.items) properties(node.items, `${path}[]`, out);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') properties(node.additionalProperties as Node, `${path}{}`, out);
    return out;
  }

  it('every property of schema/scenario.schema.json has its own description, not only the unit it is written in', () => {
    const all = properties(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Node, '');
    expect(all.length).toBeGreaterThan(700);
    const missing = all.filter(({ node }) => typeof node.description !== 'string' || node.description.trim() === '').map((p) => p.path);
    expect(missing).toEqual([]);
    // "a duration: seconds as a number, or …" says how to write it, not what it is.
    const generic = all.filter(({ node }) => /^a (duration|size): /.test(node.description!)).map((p) => p.path);
    expect(generic).toEqual([]);
  });
});

describe('knownFields: which fields an object may have, for "did you mean"', () => {
  it('follows objects, arrays and discriminated unions by the value\'s own "type" or "dist"', () => {
    expect(knownFields({}, [])).toEqual(expect.arrayContaining(['name', 'duration', 'clients']));
    expect(knownFields({ clients: {} }, ['clients'])).toEqual(expect.arrayContaining(['arrivalRate', 'thinkTime', 'network']));
    const doc = { strategies: [{ type: 'jwt' }], servers: { serviceTime: { dist: 'uniform' } } };
    expect(knownFields(doc, ['strategies', 0]).sort()).toEqual(['accessTtl', 'algorithm', 'balance', 'balanceFactor', 'claimsSize', 'data', 'hashKey', 'hashing', 'ipHash', 'leeway', 'name', 'pointsPerWeight', 'redispatch', 'refreshBefore', 'refreshTtl', 'revocation', 'store', 'type']);
    expect(knownFields(doc, ['servers', 'serviceTime']).sort()).toEqual(['dist', 'max', 'min']);
    expect(knownFields(doc, ['no', 'such'])).toEqual([]);
  });
});

describe('suggestions', () => {
  it('edit distance counts insertions, deletions and substitutions, ignoring case', () => {
    expect(editDistance('arivalRate', 'arrivalRate')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('Cookie', 'cookie')).toBe(0);
  });

  it('finds typos, punctuation variants and the words of HAProxy and NGINX, and nothing for far-off words', () => {
    expect(closest('stiky', ['sticky', 'external', 'jwt'])).toBe('sticky');
    expect(closest('round_robin', ['round-robin', 'random'])).toBe('round-robin');
    expect(closest('leastconn', ['round-robin', 'least-connections', 'random'])).toBe('least-connections');
    expect(closest('ip_hash', ['cookie', 'url', 'ip-hash'])).toBe('ip-hash');
    expect(closest('banana', ['sticky', 'external', 'jwt'])).toBeUndefined();
  });
});
