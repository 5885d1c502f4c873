/**
 * WOFF 1.0 to sfnt (TrueType/OpenType): HarfBuzz (harfbuzzjs), hb-subset and the PDF's
 * embedding all want an sfnt, and some fonts (Noto Sans Math from @fontsource) ship only as
 * WOFF. A WOFF file is the sfnt's tables, each zlib-compressed or stored, behind a header
 * and a directory (https://www.w3.org/TR/WOFF/); decoding inflates each table and writes
 * them back behind an sfnt header, 4-byte aligned, with the directory's checksums.
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

const WOFF = 0x774f4646; // 'wOFF'
const HEADER = 44;
const ENTRY = 20;

export function isWoff(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0) === WOFF;
}

/** The sfnt a WOFF 1.0 file holds; throws on a damaged file (a table past its end, a wrong length). */
export function woffToSfnt(woff: Uint8Array): Buffer {
  const src = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (src.length < HEADER || src.readUInt32BE(0) !== WOFF) throw new Error('not a WOFF 1.0 file');
  const flavor = src.readUInt32BE(4);
  const count = src.readUInt16BE(12);
  if (HEADER + count * ENTRY > src.length) throw new Error('WOFF table directory runs past the end of the file');
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const at = HEADER + i * ENTRY;
    const [tag, offset, compLength, origLength, checksum] = [0, 4, 8, 12, 16].map((k) => src.readUInt32BE(at + k));
    if (offset + compLength > src.length) throw new Error('a WOFF table runs past the end of the file');
    const stored = src.subarray(offset, offset + compLength);
    // A table that did not shrink under zlib is stored as it is (same lengths).
    const data = compLength < origLength ? inflateSync(stored) : Buffer.from(stored);
    if (data.length !== origLength) throw new Error('a WOFF table inflates to the wrong length');
    tables.push({ tag, checksum, data });
  }
  // The sfnt's directory is sorted by tag (WOFF's already is; sorting costs nothing).
  tables.sort((a, b) => a.tag - b.tag);
  const pad = (n: number) => (n + 3) & ~3;
  const dirEnd = 12 + 16 * count;
  const out = Buffer.alloc(tables.reduce((sum, t) => sum + pad(t.data.length), dirEnd));
  const log2 = count > 0 ? Math.floor(Math.log2(count)) : 0;
  const searchRange = 2 ** log2 * 16;
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(count, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(log2, 8);
  out.writeUInt16BE(count * 16 - searchRange, 10);
  let offset = dirEnd;
  tables.forEach((t, i) => {
    const at = 12 + 16 * i;
    out.writeUInt32BE(t.tag, at);
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.data.length, at + 12);
    t.data.copy(out, offset);
    offset += pad(t.data.length);
  });
  return out;
}

// Per file, once per process: layout, the painter and the e-book read the same fonts.
const decoded = new Map<string, Buffer>();

/** A font file's bytes as an sfnt: a WOFF 1.0 file decoded, any other file as it is. */
export function readSfnt(file: string): Buffer {
  let bytes = decoded.get(file);
  if (!bytes) {
    const raw = readFileSync(file);
    bytes = isWoff(raw) ? woffToSfnt(raw) : raw;
    decoded.set(file, bytes);
  }
  return bytes;
}
