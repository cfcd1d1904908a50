/** Where the CLI writes, injectable so tests run it in-process. */
import { renameSync, writeFileSync, rmSync } from 'node:fs';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Is stdout a terminal (colour, progress)? */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** Is stderr a terminal (the progress bar)? Absent: no. */
  stderrIsTTY?: boolean;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}

/** Colour only on a terminal, never when NO_COLOR is set (https://no-color.org) or --no-color is given. */
export function useColor(io: CliIO, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY;
}

/** Write a file atomically: a temporary file beside it, then a rename, so no half-written output is left. */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export type Charset = 'auto' | 'unicode' | 'ascii';

/**
 * Unicode blocks and rules only where they will show: on a terminal whose locale says UTF-8
 * (LC_ALL, else LC_CTYPE, else LANG, as setlocale reads them; e.g. "en_US.UTF-8", "C.UTF-8").
 * Piped or redirected output and other locales get plain ASCII; --charset overrides.
 */
export function useUnicode(io: CliIO, charset: Charset = 'auto'): boolean {
  if (charset !== 'auto') return charset === 'unicode';
  if (!io.isTTY) return false;
  const locale = io.env.LC_ALL || io.env.LC_CTYPE || io.env.LANG || '';
  return /utf-?8/i.test(locale);
}
