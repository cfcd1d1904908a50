/**
 * What kind of field a scenario path names, from the zod schema that validates it: a list
 * (`--set events.abc.at=1m` on a scenario without events must be refused at events.abc as on
 * one with events: a list takes an index, not a name) or one value with no fields of its own
 * (`--set servers.count.x=1` is refused at servers.count.x, not made an object the schema then
 * refuses at servers.count). Read from zod's definitions along the one path, not from the JSON
 * Schema (≈ 25 ms to build), as a --set that creates a missing object asks on every run.
 */
import { scenarioSchema } from './schema.js';

interface Def {
  type: string;
  shape?: Record<string, Schema>;
  element?: Schema;
  innerType?: Schema;
  options?: Schema[];
  in?: Schema;
  getter?: () => Schema;
  valueType?: Schema;
}
interface Schema {
  _zod: { def: Def };
}

/** The schemas a value may be checked by: through optional, default, a pipe's input, lazy, every branch of a union. */
function branches(s: Schema, out: Schema[] = []): Schema[] {
  const d = s._zod.def;
  if (d.innerType !== undefined) branches(d.innerType, out);
  else if (d.options !== undefined) for (const o of d.options) branches(o, out);
  else if (d.type === 'pipe' && d.in !== undefined) branches(d.in, out);
  else if (d.type === 'lazy' && d.getter !== undefined) branches(d.getter(), out);
  else out.push(s);
  return out;
}

function step(s: Schema, key: PropertyKey): Schema[] {
  const d = s._zod.def;
  if (d.type === 'object' && typeof key === 'string' && d.shape !== undefined && Object.hasOwn(d.shape, key)) return [d.shape[key]!];
  if (d.type === 'array' && typeof key === 'number' && d.element !== undefined) return [d.element];
  if (d.type === 'record' && typeof key === 'string' && d.valueType !== undefined) return [d.valueType];
  return [];
}

/** Types that hold fields or elements; every other one is a single value. */
const CONTAINERS = new Set(['object', 'array', 'record', 'any', 'unknown', 'custom', 'transform']);

/**
 * The kind of the field at `path` (names, and numbers for list indexes): a list and nothing
 * else, one value and nothing else (a number, a text, true/false, one of some words), or
 * undefined (an object, either, or no field the schema knows).
 */
export function fieldKind(path: readonly PropertyKey[]): 'list' | 'value' | undefined {
  let nodes = branches(scenarioSchema as unknown as Schema);
  for (const key of path) nodes = nodes.flatMap((n) => step(n, key)).flatMap((n) => branches(n));
  if (nodes.length === 0) return undefined;
  if (nodes.every((n) => n._zod.def.type === 'array')) return 'list';
  if (nodes.every((n) => !CONTAINERS.has(n._zod.def.type))) return 'value';
  return undefined;
}
