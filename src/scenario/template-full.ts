/**
 * `session-sim init --template full`, generated from the JSON Schema the validator is built
 * from (issue 13), so it cannot drift from it: every field, each under a comment with its
 * description (what it is, its default and where that default comes from, as the schema's
 * hover help says). A field with a default is written with it; a field that is off unless
 * given (failures, an autoscaler, targets, prices, …) is written commented out, with the
 * defaults of its own fields. The file validates and resolves to exactly the defaults.
 */
import { scenarioJsonSchema } from './json-schema.js';

interface Node {
  description?: string;
  default?: unknown;
  type?: string;
  properties?: Record<string, Node>;
  anyOf?: Node[];
  oneOf?: Node[];
}

/** Comment lines are folded at this width (the field lines may be longer). */
const WIDTH = 88;

/** A YAML scalar or flow collection for a default value. */
export function yamlValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(yamlValue).join(', ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, x]) => `${k}: ${yamlValue(x)}`).join(', ')} }`;
  }
  if (typeof v === 'string') {
    // Plain when YAML reads it back as the same string (durations, sizes, names), else quoted.
    return /^[A-Za-z][\w.\-]*$|^\d+(\.\d+)?(us|ms|s|m|h|d|B|KB|MB|GB)$/.test(v) && !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(v) ? v : JSON.stringify(v);
  }
  return String(v);
}

function comment(text: string, indent: string, off: boolean): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  const room = WIDTH - indent.length - 2 - (off ? 2 : 0);
  for (const w of words) {
    if (line !== '' && line.length + 1 + w.length > room) {
      lines.push(line);
      line = w;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => `${indent}${off ? '# ' : ''}# ${l}`);
}

/** Does the node describe an object of fields (not a union of shapes, not a map)? */
const isRecord = (n: Node): n is Node & { properties: Record<string, Node> } => n.type === 'object' && n.properties !== undefined && Object.keys(n.properties).length > 0;

function fields(props: Record<string, Node>, depth: number, off: boolean, out: string[]): void {
  const indent = '  '.repeat(depth);
  for (const [key, node] of Object.entries(props)) {
    if (key === '$schema') continue;
    const hidden = off || node.default === undefined;
    if (depth === 0) out.push('');
    out.push(...comment(node.description ?? '', indent, off));
    const lead = `${indent}${hidden ? '# ' : ''}`;
    if (isRecord(node) && (node.default === undefined || (typeof node.default === 'object' && node.default !== null && Object.keys(node.default).length === 0))) {
      out.push(`${lead}${key}:`);
      fields(node.properties, depth + 1, hidden, out);
    } else if (node.default !== undefined) {
      out.push(`${lead}${key}: ${yamlValue(node.default)}`);
    } else {
      out.push(`${lead}${key}: …`);
    }
  }
}

/** The YAML text of the full template. */
export function fullTemplate(): string {
  const schema = scenarioJsonSchema() as Node;
  const out = [
    '# Every field of a session-sim scenario, generated from its JSON Schema: each under its',
    '# description (its default and where the default comes from). Fields written out hold',
    '# their default; commented ones ("# field: …") are off unless you give them. Delete what',
    '# you do not change. Durations: "250ms", "30s", "5m", "1h30m" or seconds; sizes: "4KB" or bytes.',
  ];
  fields(schema.properties ?? {}, 0, false, out);
  return `${out.join('\n')}\n`;
}
