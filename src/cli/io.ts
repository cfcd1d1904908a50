/** Where the CLI writes, injectable so tests run it in-process. */
import { createRequire } from 'node:module';
import { accessSync, closeSync, constants, lstatSync, openSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describeErrno } from '../scenario/read.js';

/** 8 random hex digits for a temporary file's name; node:crypto loads only when a command writes a file (start-up). */
const randomHex = (): string => (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).randomBytes(4).toString('hex');

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

/** A mistake in how the command was called (exit 2), told in one line without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An output that cannot be written: exit 2, "cannot write <path>: <reason>", naming the user's path. */
export class OutputError extends UsageError {
  override name = 'OutputError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
  }
}

/** How an output path will be written, once followed to what it names. */
interface OutputTarget {
  /** The path as the user wrote it (for messages). */
  path: string;
  /** What it names after following symbolic links (a link is never replaced, its target is). */
  real: string;
  /** A device or a FIFO: written in place (a temp-and-rename would replace /dev/null with a file). */
  inPlace: boolean;
  /** The mode of the file it replaces, kept. */
  mode?: number;
}

/** Follow symbolic links of `path` to what they name, even when that does not exist yet. */
function followLinks(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return p;
    }
    if (!st.isSymbolicLink()) return p;
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw Object.assign(new Error('ELOOP'), { code: 'ELOOP' });
}

/**
 * Check that `path` can be written, before any work is done: its folder exists and is
 * writable, it is not a directory or a socket, and a FIFO has a reader. Throws OutputError.
 */
export function checkOutputPath(path: string): OutputTarget {
  if (path === '') throw new OutputError('""', 'an empty file name');
  let real: string;
  try {
    real = followLinks(path);
  } catch (e) {
    throw new OutputError(path, describeErrno(e));
  }
  let st;
  try {
    st = statSync(real);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new OutputError(path, describeErrno(e));
  }
  if (st === undefined || st.isFile()) {
    const dir = dirname(real);
    let dst;
    try {
      dst = statSync(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new OutputError(path, code === 'ENOENT' ? `no such directory ${dirname(path)}` : describeErrno(e));
    }
    if (!dst.isDirectory()) throw new OutputError(path, `${dirname(path)} is not a directory`);
    try {
      // The temporary file is created beside the target, so the folder must be writable.
      accessSync(dir, constants.W_OK);
      if (st !== undefined) accessSync(real, constants.W_OK);
    } catch (e) {
      throw new OutputError(path, describeErrno(e));
    }
    // Permission bits say little to root or on a virtual file system (/proc, /sys): create and
    // remove the kind of temporary file the write will use, so the answer comes before the run.
    const probe = join(dir, `.${basename(real)}.${process.pid}.${randomHex()}.tmp`);
    try {
      closeSync(openSync(probe, 'wx'));
      rmSync(probe, { force: true });
    } catch (e) {
      throw new OutputError(path, `${dirname(path)} does not take new files (${describeErrno(e)}): a read-only or virtual file system? Write somewhere else`);
    }
    return { path, real, inPlace: false, ...(st === undefined ? {} : { mode: st.mode & 0o7777 }) };
  }
  if (st.isDirectory()) throw new OutputError(path, 'it is a directory');
  if (st.isSocket()) throw new OutputError(path, 'it is a socket');
  if (st.isFIFO()) {
    // Opening a FIFO with no reader would block for ever; without blocking it fails (ENXIO).
    try {
      closeSync(openSync(real, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch (e) {
      throw new OutputError(path, (e as NodeJS.ErrnoException).code === 'ENXIO' ? 'a FIFO (named pipe) that no process is reading' : describeErrno(e));
    }
  } else {
    try {
      accessSync(real, constants.W_OK);
    } catch (e) {
      throw new OutputError(path, describeErrno(e));
    }
  }
  return { path, real, inPlace: true };
}

/**
 * Check every output of a command before it runs (exit 2 for the first that cannot be
 * written), and that no two name the same file. `outputs` maps an option to its path.
 */
export function checkOutputPaths(outputs: Record<string, string | undefined>, inputs: readonly string[] = []): void {
  const seen = new Map<string, string>();
  // The files the command reads, by device and inode (a symbolic or hard link is the same file).
  const read = new Map<string, string>();
  for (const path of inputs) {
    const id = fileId(path);
    if (id !== undefined) read.set(id, path);
  }
  for (const [option, path] of Object.entries(outputs)) {
    if (path === undefined) continue;
    // `--out --quiet` took the next option as the file name and wrote a file called --quiet.
    if (/^--?[A-Za-z]/.test(path)) {
      const shown = path.length > 40 ? `${path.slice(0, 39)}…` : path;
      throw new UsageError(`${option} expects a file name, found the option ${JSON.stringify(shown)} (a file of that name: ./${shown})`);
    }
    const target = checkOutputPath(path);
    const other = seen.get(target.real);
    if (other !== undefined && !target.inPlace) throw new UsageError(`${other} and ${option} name the same file (${path}): give each output its own file`);
    seen.set(target.real, option);
    const input = target.inPlace ? undefined : read.get(fileId(target.real) ?? '');
    // `run x.json --out x.json` replaced the scenario with its results (sort -o allows it; cp a a refuses).
    if (input !== undefined) throw new UsageError(`${option} ${path} is the file this command reads (${input}): the output would replace it; write it somewhere else`);
  }
}

/** "dev:ino" of an existing regular file, undefined otherwise. */
function fileId(path: string): string | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? `${st.dev}:${st.ino}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Write a set of outputs all or nothing: each regular file to a temporary file beside its
 * target, devices and FIFOs in place, then every temporary renamed onto its target. A
 * failure before the renames leaves no output behind (and the old files untouched); a
 * symbolic link keeps pointing at its target, which receives the new content.
 */
export function writeOutputs(files: readonly { path: string; content: string }[]): void {
  const targets = files.map((f) => ({ ...checkOutputPath(f.path), content: f.content }));
  const temps: { tmp: string; target: (typeof targets)[number] }[] = [];
  const fail = (path: string, e: unknown): never => {
    for (const t of temps) rmSync(t.tmp, { force: true });
    throw new OutputError(path, describeErrno(e));
  };
  for (const t of targets) {
    if (t.inPlace) continue;
    const tmp = join(dirname(t.real), `.${basename(t.real)}.${process.pid}.${randomHex()}.tmp`);
    temps.push({ tmp, target: t });
    try {
      writeFileSync(tmp, t.content, { flag: 'wx', ...(t.mode === undefined ? {} : { mode: t.mode }) });
    } catch (e) {
      fail(t.path, e);
    }
  }
  for (const t of targets) {
    if (!t.inPlace) continue;
    try {
      writeFileSync(t.real, t.content);
    } catch (e) {
      fail(t.path, e);
    }
  }
  for (const { tmp, target } of temps) {
    try {
      renameSync(tmp, target.real);
    } catch (e) {
      fail(target.path, e);
    }
  }
}

/** Write one file atomically (see writeOutputs): no half-written output is ever left. */
export function writeFileAtomic(path: string, content: string): void {
  writeOutputs([{ path, content }]);
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
