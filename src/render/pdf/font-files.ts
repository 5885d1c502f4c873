/**
 * Font files as pdfkit (fontkit) is given them. fontkit reads a glyph's 10-byte header from
 * the glyf table even when the glyph is empty (its loca entry has no length). When the
 * empty glyphs come last and the glyf table ends the file, as the space and no-break space
 * of IBM Plex Mono do, that read runs past the end of the file and throws, so no code could
 * be drawn. Such a file is handed over with zero bytes after it, which read as the empty
 * header they stand for; the glyph ids and outlines are untouched, and the subset pdfkit
 * embeds is cut from the tables as before. Every other file is passed by its path, as it was.
 */
import { readFileSync } from 'node:fs';

/** Room for one glyph header (10 bytes), kept to the sfnt's 4-byte alignment. */
const PAD = 12;

// Per file, once per process: watch mode paints again and again with the same fonts.
const sources = new Map<string, string | Buffer>();

export function pdfkitFontSource(file: string): string | Buffer {
  let source = sources.get(file);
  if (source === undefined) {
    const bytes = readFileSync(file);
    const glyf = tableExtent(bytes, 'glyf');
    source = !glyf || glyf.end + PAD <= bytes.length ? file : Buffer.concat([bytes, Buffer.alloc(PAD)]);
    sources.set(file, source);
  }
  return source;
}

/** Where a table ends in an sfnt (TrueType/OpenType) file, or undefined when it has none. */
function tableExtent(bytes: Buffer, tag: string): { end: number } | undefined {
  if (bytes.length < 12) return undefined;
  const count = bytes.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    if (at + 16 > bytes.length) return undefined;
    if (bytes.toString('latin1', at, at + 4) === tag) return { end: bytes.readUInt32BE(at + 8) + bytes.readUInt32BE(at + 12) };
  }
  return undefined;
}
