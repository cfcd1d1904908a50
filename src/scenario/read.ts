/**
 * Reading input files safely, before anything parses them: only regular files (a directory,
 * a FIFO or a device is refused before a byte is read, so `validate /dev/zero` or a named
 * pipe can never hang or fill memory), at most MAX_INPUT_BYTES, a UTF-8 BOM dropped (editors
 * on Windows write one; JSON.parse would otherwise choke on an invisible character), and
 * errno turned into words naming the user's path.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { ScenarioError } from './errors.js';

/**
 * 10 MB: the largest built-in scenario is under 10 KB, and a generated file of 100 000
 * timeline events is about 5 MB; beyond that a file is a mistake (or /dev/zero), not a
 * scenario. Documented in the README ("Bad input").
 */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;

/** What a file-system error means, in plain words (the errno code stays out of sight). */
export function describeErrno(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EROFS':
      return 'read-only file system';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EBUSY':
    case 'ETXTBSY':
      return 'the file is busy';
    case 'EIO':
      return 'input/output error';
    case 'EFBIG':
      return 'the file is too large';
    case 'EXDEV':
      return 'on another device than its folder';
    default: {
      const message = (e as Error | undefined)?.message ?? String(e);
      return message.replace(/^[A-Z]+: /, '').replace(/, (open|read|write|rename|stat) '.*'$/, '');
    }
  }
}

/** What kind of thing is at a path, in words ("a directory", "a FIFO (named pipe)"). */
export function describeFileType(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The text of an input file, or a ScenarioError (exit 2) saying why not. `what` names the
 * kind of file expected ("a scenario file", "a costs file"). The file is opened without
 * blocking so a FIFO with no writer cannot stall the open itself; its type is checked on
 * the open descriptor (no race between the check and the read).
 */
export function readInputFile(path: string, what = 'a scenario file', problemPath = '', maxBytes = MAX_INPUT_BYTES): string {
  const fail = (found: string): never => {
    throw new ScenarioError(path, [{ path: problemPath, expected: what, found }]);
  };
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer for ever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return fail(`${path}: ${describeErrno(e)}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return fail(`${describeFileType(st)} (${path})`);
    if (st.size > maxBytes) return fail(`a file of ${formatBytes(st.size)}, above the limit of ${formatBytes(maxBytes)} (${path})`);
    // Read at most the cap plus one byte: a file that grows while it is read is still bounded.
    const buffer = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length >= buffer.length) break;
    }
    if (length > maxBytes) return fail(`a file above the limit of ${formatBytes(maxBytes)} (${path})`);
    const bytes = buffer.subarray(0, length);
    // Decoding replaced each invalid byte with U+FFFD without a word: "Café" saved as Latin-1 became "Caf�" in every report.
    if (!isUtf8(bytes)) return fail(notUtf8(bytes, path));
    return stripBom(bytes.toString('utf8'));
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    return fail(`${path}: ${describeErrno(e)}`);
  } finally {
    closeSync(fd);
  }
}

/** Where `bytes` (not valid UTF-8) first stop being UTF-8, told as line and byte, or as UTF-16 by its byte-order mark. */
function notUtf8(bytes: Uint8Array, path: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return `UTF-16 text (${path}): save it as UTF-8`;
  const at = firstInvalidUtf8(bytes);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return `a byte that is not UTF-8 (0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')} at line ${line}, byte ${at - lineStart + 1} of ${path}): save the file as UTF-8`;
}

/** The offset of the first byte that does not begin a well-formed UTF-8 sequence (RFC 3629: no overlongs, surrogates or code points past U+10FFFF). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    // The second byte's range excludes overlongs (E0, F0), surrogates (ED) and values past U+10FFFF (F4).
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || x < (k === 1 ? lo : 0x80) || x > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return b.length;
}

/** A UTF-8 byte-order mark is not content: drop it (JSON and YAML alike). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toPrecision(3)} MB`;
  if (n >= 1024) return `${+(n / 1024).toPrecision(3)} KB`;
  return `${n} B`;
}
