/**
 * Writing the book's zip deterministically with fflate: `mimetype` first and stored,
 * entries in the caller's order, one fixed timestamp, no directory entries, no data
 * descriptors, no extra fields. Same entries in, same bytes out.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  path: string;
  data: Uint8Array;
}

// DOS timestamps cannot go below 1980-01-01 or past 2107; clamp rather than wrap.
const DOS_MIN = Date.UTC(1980, 0, 1);
const DOS_MAX = Date.UTC(2107, 11, 31, 23, 59, 58);

/**
 * An EPUB's OCF zip: `mimetype` (written here) first and STORED, then `entries` in the given
 * order. Already-compressed images and web fonts are stored, everything else deflated.
 */
export function writeEpubZip(entries: readonly ZipEntry[], date: Date): Promise<Uint8Array> {
  const u = new Date(Math.min(DOS_MAX, Math.max(DOS_MIN, date.getTime())));
  // fflate writes DOS time from local-time fields; give it the UTC fields as local ones so
  // the bytes do not depend on the machine's time zone.
  const mtime = new Date(u.getUTCFullYear(), u.getUTCMonth(), u.getUTCDate(), u.getUTCHours(), u.getUTCMinutes(), u.getUTCSeconds());
  const files: Zippable = {};
  files['mimetype'] = [strToU8('application/epub+zip'), { level: 0, mtime }];
  for (const entry of entries) {
    if (entry.path === 'mimetype') continue;
    const level = /\.(png|jpe?g|gif|woff2?)$/i.test(entry.path) ? 0 : 6;
    files[entry.path] = [entry.data, { level, mtime }];
  }
  return Promise.resolve(zipSync(files, { os: 0 }));
}
