/**
 * Reading a zip into memory and writing one deterministically: `mimetype` first and stored,
 * entries in the caller's order, one fixed timestamp, no directory entries, no data
 * descriptors, no extra fields. Same entries in, same bytes out.
 */
import JSZip from 'jszip';
import { strToU8, zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  path: string;
  data: Uint8Array;
}

/** Every file entry of a zip (directory entries skipped), by path. */
export async function readZip(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const zip = await JSZip.loadAsync(bytes);
  const files = new Map<string, Uint8Array>();
  for (const file of Object.values(zip.files)) {
    if (!file.dir) files.set(file.name, await file.async('uint8array'));
  }
  return files;
}

// DOS timestamps cannot go below 1980-01-01 or past 2107; clamp rather than let jszip wrap.
const DOS_MIN = Date.UTC(1980, 0, 1);
const DOS_MAX = Date.UTC(2107, 11, 31, 23, 59, 58);

/** The entry timestamp for `date` (jszip writes DOS time from the UTC fields, so no time zone leaks in). */
export function zipDate(date: Date): Date {
  return new Date(Math.min(DOS_MAX, Math.max(DOS_MIN, date.getTime())));
}

/**
 * An EPUB's OCF zip: `mimetype` (written here) first and STORED, then `entries` in the given
 * order. fflate (pdfkit's own deflate) compresses several times faster than jszip's pako,
 * which matters when four font files are packed on every rebuild.
 */
export function writeEpubZip(entries: readonly ZipEntry[], date: Date): Promise<Uint8Array> {
  const u = zipDate(date);
  // fflate writes DOS time from local-time fields; give it the UTC fields as local ones so
  // the bytes do not depend on the machine's time zone.
  const mtime = new Date(u.getUTCFullYear(), u.getUTCMonth(), u.getUTCDate(), u.getUTCHours(), u.getUTCMinutes(), u.getUTCSeconds());
  const files: Zippable = {};
  files['mimetype'] = [strToU8('application/epub+zip'), { level: 0, mtime }];
  for (const entry of entries) {
    if (entry.path === 'mimetype') continue;
    // Already-compressed images gain nothing from deflate; everything else is packed.
    const level = /\.(png|jpe?g)$/i.test(entry.path) ? 0 : 6;
    files[entry.path] = [entry.data, { level, mtime }];
  }
  return Promise.resolve(zipSync(files, { os: 0 }));
}
