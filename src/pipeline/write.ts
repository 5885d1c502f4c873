/**
 * Output as a set: every file is first written in full beside its target (and flushed to
 * disk), and only when all of them are written are they renamed into place, one after the
 * other. A full disk, a folder that cannot be written or a crash while writing leaves the
 * previous set as it was; temporary files left by a crashed build are removed by the next.
 */
import { lstat, open, readdir, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

const TEMP = /^\.(.+)\.baspa-\d+\.tmp$/;

/** Thrown when an output cannot be written: a one-line message for the editor, not a crash. */
export class OutputError extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
  ) {
    super(`Cannot write ${path.basename(file)} in ${path.dirname(file)}: ${describe(code)}`);
  }
}

function describe(code: string): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EEXIST':
    case 'EISDIR':
      return 'a folder of that name is in the way';
    default:
      return code;
  }
}

function codeOf(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/** Writes `files` as one set into their folders. Throws OutputError; never leaves a temporary file. */
export async function writeSet(files: readonly [string, Uint8Array][]): Promise<void> {
  const temps: [string, string][] = [];
  try {
    for (const [file, data] of files) {
      const dir = path.dirname(file);
      try {
        await mkdir(dir, { recursive: true });
      } catch (e) {
        throw new OutputError(file, codeOf(e));
      }
      await removeStaleTemps(dir);
      const tmp = path.join(dir, `.${path.basename(file)}.baspa-${process.pid}.tmp`);
      temps.push([tmp, file]);
      try {
        const h = await open(tmp, 'w');
        try {
          await h.writeFile(data);
          await h.sync();
        } finally {
          await h.close();
        }
      } catch (e) {
        throw new OutputError(file, codeOf(e));
      }
    }
    // What could still stop a rename (a folder in a target's place) is found before the first.
    for (const [, file] of temps) {
      const info = await lstat(file).catch(() => null);
      if (info?.isDirectory()) throw new OutputError(file, 'EISDIR');
    }
    for (const [tmp, file] of temps) {
      try {
        await rename(tmp, file);
      } catch (e) {
        throw new OutputError(file, codeOf(e));
      }
    }
  } catch (e) {
    for (const [tmp] of temps) await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/** Temporary files of builds that died (their process is gone) are removed. */
async function removeStaleTemps(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /\.baspa-(\d+)\.tmp$/.exec(name);
    if (!m || !TEMP.test(name)) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    await rm(path.join(dir, name), { force: true }).catch(() => undefined);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return codeOf(e) === 'EPERM';
  }
}
