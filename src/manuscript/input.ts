/**
 * The one boundary every input file is read through: the real path must lie inside the
 * folder the file belongs to (an article's folder, manuscripts/, the templates), the file
 * must be a regular file, and it is read in chunks up to a cap, so that a link out of the
 * project, a device such as /dev/zero, a named pipe or a huge file is refused with a
 * message instead of being read, waited on or held whole in memory.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** Inputs above this size are refused before parsing: no journal article is 20 MB of text. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface Refusal {
  rule: 'input-outside' | 'input-not-file' | 'input-too-large' | 'input-unreadable';
  message: string;
}

export type ReadResult = { bytes: Buffer } | { refused: Refusal };

const CHUNK = 1 << 16;

function errno(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/** Whether `target` (a real path) lies strictly inside `root` (resolved to its real path too). */
export function liesInside(root: string, target: string): boolean {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return false;
  }
  return target === realRoot ? false : target.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
}

/**
 * Reads `file`, which must resolve to a regular file inside `root`, with at most `maxBytes`
 * bytes. Never follows a link out of `root`, never blocks on a pipe, never reads past the cap.
 */
export function readInside(file: string, root: string, maxBytes = MAX_FILE_BYTES): ReadResult {
  const name = path.basename(file);
  let real: string;
  try {
    real = realpathSync(file);
  } catch (e) {
    const code = errno(e);
    const why = code === 'ELOOP' ? 'a symbolic link loop' : code === 'ENOENT' ? 'no such file (or a broken link)' : code;
    return { refused: { rule: 'input-unreadable', message: `Cannot read ${name}: ${why}` } };
  }
  if (!liesInside(root, real)) {
    return { refused: { rule: 'input-outside', message: `${name} leads outside ${path.basename(root)}/ (a link or a ../ path); Baspa reads nothing outside the project` } };
  }
  let fd: number;
  try {
    // Non-blocking, so that opening a named pipe returns at once instead of waiting for a writer.
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (e) {
    return { refused: { rule: 'input-unreadable', message: `Cannot read ${name}: ${errno(e)}` } };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) {
      const kind = info.isDirectory() ? 'a folder' : info.isFIFO() ? 'a named pipe' : info.isSocket() ? 'a socket' : 'a device';
      return { refused: { rule: 'input-not-file', message: `${name} is ${kind}, not a file` } };
    }
    if (info.size > maxBytes) return { refused: tooLarge(info.size, maxBytes) };
    // The size stat gives can be wrong (/proc, a file still growing): read to the cap and no further.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      if (total > maxBytes) return { refused: tooLarge(total, maxBytes, true) };
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (e) {
    return { refused: { rule: 'input-unreadable', message: `Cannot read ${name}: ${errno(e)}` } };
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size: number, cap: number, atLeast = false): Refusal {
  const mb = (n: number) => (n / 1048576).toFixed(1);
  return { rule: 'input-too-large', message: `File is ${atLeast ? 'more than ' : ''}${mb(atLeast ? cap : size)} MB; the limit is ${cap / 1048576} MB` };
}
