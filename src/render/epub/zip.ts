/**
 * Reading a zip into memory and writing one deterministically: `mimetype` first and stored,
 * entries in the caller's order, one fixed timestamp, no directory entries, no data
 * descriptors, no extra fields. Same entries in, same bytes out.
 */
import JSZip from 'jszip';

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

/** An EPUB's OCF zip: `mimetype` (written here) first and STORED, then `entries` in the given order. */
export async function writeEpubZip(entries: readonly ZipEntry[], date: Date): Promise<Uint8Array> {
  const zip = new JSZip();
  const when = zipDate(date);
  const options = { date: when, createFolders: false, binary: true } as const;
  zip.file('mimetype', 'application/epub+zip', { ...options, binary: false, compression: 'STORE' });
  for (const entry of entries) {
    if (entry.path === 'mimetype') continue;
    zip.file(entry.path, entry.data, { ...options, compression: 'DEFLATE', compressionOptions: { level: 9 } });
  }
  return zip.generateAsync({
    type: 'uint8array',
    platform: 'DOS',
    // Sizes in the local headers, no data descriptors: what EPUB readers expect of mimetype.
    streamFiles: false,
  });
}
