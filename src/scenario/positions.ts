/**
 * Where in the file a problem is: a schema or meaning problem carries a JSON path
 * ("events[2].server"); this finds the node the path names in the text and adds its line,
 * column and line text, so `validate` points at it as it does at a syntax error. The yaml
 * library reads JSON too (JSON is YAML 1.2), and its LineCounter turns an offset into a
 * line and column. Only on the error path: a valid file is never parsed twice.
 */
import type { Document, Node } from 'yaml';
import { MAX_PROBLEMS_SHOWN, type ScenarioProblem } from './errors.js';
import { yamlKeysAsWritten } from './guards.js';
import { yamlLibrary } from './yaml-library.js';

/** "clients.network.natShare", "events[2].server", 'slo.targets["latency.p99"][0]' → keys; null if it is not such a path. */
export function parsePath(path: string): (string | number)[] | null {
  const keys: (string | number)[] = [];
  const re = /\.?([^.[\]"]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let i = 0;
  while (i < path.length) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (!m || (m[1] !== undefined && i === 0 && path[0] === '.')) return null;
    if (m[1] !== undefined) keys.push(m[1]);
    else if (m[2] !== undefined) keys.push(Number(m[2]));
    else keys.push(JSON.parse(m[3]!) as string);
    i = re.lastIndex;
  }
  return keys;
}

/** Value of `root` at `keys` (undefined when the path leaves it). */
function valueAt(root: unknown, keys: readonly (string | number)[]): unknown {
  let v = root;
  for (const k of keys) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

/**
 * `problems` with the line and column of what each names in `text`, when the file holds it:
 * the value at the path, or for an unknown field its name, or for a missing field the object
 * that lacks it. `effective` is the document that was validated (after `--set` and `--slo`):
 * a problem whose value there differs from the file's is about the command line, not a line
 * of the file, and gets no position.
 */
export function withPositions(problems: readonly ScenarioProblem[], text: string, effective: unknown): ScenarioProblem[] {
  if (problems.every((p) => p.line !== undefined || p.path === '')) return [...problems];
  const { LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
  } catch {
    return [...problems];
  }
  if (doc.errors.length > 0 || doc.contents === null) return [...problems];
  // The names parseText gave the fields (`.nan:` is the field ".nan").
  yamlKeysAsWritten(doc);
  let fileValue: unknown;
  try {
    fileValue = doc.toJS({ maxAliasCount: 10_000 });
  } catch {
    return [...problems];
  }
  const lines = text.split('\n');
  // Only the problems a message lists: each search walks the document (a file of 30 000 unknown fields took seconds).
  return problems.map((p, i) => {
    if (p.line !== undefined || p.path === '' || i >= MAX_PROBLEMS_SHOWN) return p;
    const keys = parsePath(p.path);
    if (keys === null) return p;
    if (JSON.stringify(valueAt(fileValue, keys)) !== JSON.stringify(valueAt(effective, keys))) return p;
    const offset = locate(doc, doc.contents as Node, keys, p.expected.startsWith('no such field'), p.found.startsWith('nothing'));
    if (offset === undefined) return p;
    const { line, col } = lineCounter.linePos(offset);
    return { ...p, line, column: col, lineText: (lines[line - 1] ?? '').replace(/\r$/, '') };
  });
}

/**
 * Offset of the node at `keys` (or of its name, for an unknown field); for a missing field,
 * of the object that lacks it. A path the file does not hold (a default the checks found
 * wrong, such as a warm-up not shorter than the run) has no place in the file: undefined.
 */
function locate(doc: Document.Parsed, root: Node, keys: readonly (string | number)[], atKey: boolean, missing: boolean): number | undefined {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yamlLibrary();
  let node: Node | undefined = root;
  for (const [i, k] of keys.entries()) {
    if (isAlias(node)) node = node.resolve(doc) as Node | undefined;
    if (node === undefined) return undefined;
    let next: Node | undefined;
    let keyOffset: number | undefined;
    if (isMap(node) && typeof k === 'string') {
      const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === k);
      if (pair !== undefined) {
        keyOffset = (pair.key as Node).range?.[0];
        next = (pair.value ?? undefined) as Node | undefined;
        // A field with no value ("ttl:") is located at its name.
        if (next === undefined) return keyOffset;
      }
    } else if (isSeq(node) && typeof k === 'number') {
      next = node.items[k] as Node | undefined;
    }
    const last = i === keys.length - 1;
    if (next === undefined) return last && missing ? node.range?.[0] : undefined;
    if (last && atKey && keyOffset !== undefined) return keyOffset;
    node = next;
  }
  return node?.range?.[0];
}
