/**
 * Which scenario fields are lists, from the zod schema that validates them: `--set
 * events.abc.at=1m` on a scenario without events must be refused at events.abc as on one with
 * events (a list takes an index), not become an object the schema refuses at `events`. Read
 * from zod's definitions along the one path, not from the JSON Schema (≈ 25 ms to build), as
 * a --set that creates a missing object asks on every run.
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

/** Is the field at `path` (names, and numbers for list indexes) a list and nothing else? */
export function isListField(path: readonly PropertyKey[]): boolean {
  let nodes = branches(scenarioSchema as unknown as Schema);
  for (const key of path) nodes = nodes.flatMap((n) => step(n, key)).flatMap((n) => branches(n));
  return nodes.length > 0 && nodes.every((n) => n._zod.def.type === 'array');
}
