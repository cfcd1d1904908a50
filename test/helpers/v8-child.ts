/**
 * Specs of how V8 treats the build's hot code (hidden classes, deoptimisations) run an ES
 * module in a child node with a V8 flag (--allow-natives-syntax, --trace-deopt-verbose), so
 * that the flag and the child's fresh isolate affect nothing else. The module finds the build
 * at process.env.DIST (a file: URL of dist/).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const dist = join(import.meta.dirname, '../../dist');

/** Run `body` (an ES module) in `node <v8Flag>` against dist/; its standard output. */
export function runInV8Child(v8Flag: string, body: string): string {
  return execFileSync(process.execPath, [v8Flag, '--input-type=module', '-e', body], {
    encoding: 'utf8',
    env: { ...process.env, DIST: pathToFileURL(dist).href },
    maxBuffer: 64 * 1024 * 1024,
  });
}
