/**
 * An input file is UTF-8 (src/scenario/read.ts): bytes that are not are refused at their line
 * and byte instead of being decoded to U+FFFD without a word ("Café" saved as Latin-1 became
 * "Caf�" in every report), and a UTF-16 file is told as such.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.js';
import { readInputFile } from '../../src/scenario/read.js';

const dir = mkdtempSync(join(tmpdir(), 'session-sim-read-'));
function fileOf(name: string, bytes: number[] | string): string {
  const path = join(dir, name);
  writeFileSync(path, typeof bytes === 'string' ? bytes : Buffer.from(bytes));
  return path;
}
function problem(path: string): string {
  try {
    readInputFile(path);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems[0]!.found;
    throw e;
  }
  return 'read';
}
const ascii = (t: string) => [...Buffer.from(t)];

describe('reading an input file: UTF-8 only', () => {
  it('UTF-8 text is read, multi-byte characters and a byte-order mark included', () => {
    const path = fileOf('ok.json', [0xef, 0xbb, 0xbf, ...ascii('{"name":"Café 😀"}')]);
    expect(readInputFile(path)).toBe('{"name":"Café 😀"}');
  });
  it.each([
    ['Latin-1 é on the second line', [...ascii('{\n"name":"caf'), 0xe9, ...ascii('"}')], '0xE9 at line 2, byte 12'],
    ['an overlong encoding of "/" (C0 AF)', [...ascii('{"a":"'), 0xc0, 0xaf, ...ascii('"}')], '0xC0 at line 1, byte 7'],
    ['a UTF-16 surrogate encoded as UTF-8 (ED A0 80)', [...ascii('"'), 0xed, 0xa0, 0x80, ...ascii('"')], '0xED at line 1, byte 2'],
    ['a sequence cut at the end of the file', [...ascii('"x'), 0xe2, 0x82], '0xE2 at line 1, byte 3'],
    ['a code point past U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80], '0xF4 at line 1, byte 1'],
  ])('%s: refused at its line and byte', (_what, bytes, where) => {
    const path = fileOf('bad.json', bytes);
    expect(problem(path)).toBe(`a byte that is not UTF-8 (${where} of ${path}): save the file as UTF-8`);
  });
  it('UTF-16 (either byte order) is told as UTF-16', () => {
    for (const bom of [[0xff, 0xfe], [0xfe, 0xff]]) {
      const path = fileOf('utf16.json', [...bom, 0x7b, 0x00, 0x7d, 0x00]);
      expect(problem(path)).toBe(`UTF-16 text (${path}): save it as UTF-8`);
    }
  });
});
