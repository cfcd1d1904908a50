/**
 * The JSON Schema of scenario files, generated from the zod definition that validates them
 * (one source of truth). `session-sim schema` prints it and the package ships it as
 * schema/scenario.schema.json (a test checks the file equals this output). Draft-07:
 * the draft VS Code's JSON service and the YAML language server both understand fully.
 * The same schema answers "which fields may this object have?" for "did you mean".
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from '#zod';
import { scenarioSchema } from './schema.js';

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  [k: string]: unknown;
};

let cached: JsonSchema | undefined;

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/**
 * Where editors fetch the schema: the file this very version of the package ships, on unpkg
 * (which serves every published version of an npm package at a fixed address). `init` writes
 * it as `$schema`, so the pointer keeps working after an npx cache is cleared or the file is
 * moved, and keeps describing the version that wrote it; the schema names it as its `$id`.
 */
export const SCHEMA_URL = `https://unpkg.com/${PACKAGE.name}@${PACKAGE.version}/schema/scenario.schema.json`;

/** The scenario schema as a JSON Schema object (inputs as written in files: "5m", "4KB"). */
export function scenarioJsonSchema(): Record<string, unknown> {
  if (cached === undefined) {
    const { $schema, ...rest } = z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-7' }) as JsonSchema;
    cached = { $schema, $id: SCHEMA_URL, ...rest };
  }
  return cached;
}

/** The schema text exactly as shipped in schema/scenario.schema.json. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

/** Object branches of a node (through anyOf/oneOf), the ones matching `value`'s constants first. */
function objectBranches(node: JsonSchema | undefined, value: unknown): JsonSchema[] {
  if (node === undefined) return [];
  const out: JsonSchema[] = [];
  const visit = (n: JsonSchema) => {
    if (n.properties) out.push(n);
    for (const b of [...(n.anyOf ?? []), ...(n.oneOf ?? [])]) visit(b);
  };
  visit(node);
  if (value === null || typeof value !== 'object') return out;
  const v = value as Record<string, unknown>;
  // A discriminated union: keep the branch whose constant fields ("type", "dist") match.
  const matching = out.filter((b) => {
    const consts = Object.entries(b.properties!).filter(([, p]) => p.const !== undefined);
    return consts.length > 0 && consts.every(([k, p]) => v[k] === p.const);
  });
  return matching.length > 0 ? matching : out;
}

function arrayItems(node: JsonSchema | undefined): JsonSchema | undefined {
  if (node === undefined) return undefined;
  if (node.items) return node.items;
  for (const b of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) {
    const items = arrayItems(b);
    if (items) return items;
  }
  return undefined;
}

/** The field names the object at `path` of the document `root` may have. */
export function knownFields(root: unknown, path: readonly PropertyKey[]): string[] {
  let node: JsonSchema | undefined = scenarioJsonSchema() as JsonSchema;
  let value: unknown = root;
  for (const key of path) {
    if (typeof key === 'number') node = arrayItems(node);
    else node = objectBranches(node, value)[0]?.properties?.[String(key)];
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    if (node === undefined) return [];
  }
  const branches = objectBranches(node, value);
  return [...new Set(branches.flatMap((b) => Object.keys(b.properties!)))];
}

/** Where the package ships the schema (schema/scenario.schema.json beside scenarios/). */
export const SCHEMA_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../schema/scenario.schema.json');
