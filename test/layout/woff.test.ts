/**
 * WOFF 1.0 decoding (src/layout/woff.ts): Noto Sans Math ships only as WOFF, and HarfBuzz,
 * hb-subset and pdfkit read an sfnt. The decoded font must open in HarfBuzz with all its
 * glyphs and map the symbols the text faces lack.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as hb from 'harfbuzzjs';
import { describe, expect, it } from 'vitest';
import { isWoff, woffToSfnt } from '../../src/layout/woff.js';

const FILE = createRequire(import.meta.url).resolve('@fontsource/noto-sans-math/files/noto-sans-math-latin-400-normal.woff');

describe('WOFF 1.0 to TrueType', () => {
  const woff = readFileSync(FILE);
  const ttf = woffToSfnt(woff);

  it('writes an sfnt of the size the WOFF header announces, tables 4-byte aligned, with their checksums', () => {
    expect(isWoff(woff)).toBe(true);
    expect(isWoff(ttf)).toBe(false);
    expect(ttf.readUInt32BE(0)).toBe(woff.readUInt32BE(4)); // the flavour: 0x00010000, TrueType
    const count = ttf.readUInt16BE(4);
    expect(count).toBe(woff.readUInt16BE(12));
    // totalSfntSize in the WOFF header is the size of the font it was made from.
    expect(ttf.length).toBe(woff.readUInt32BE(16));
    const tags: string[] = [];
    for (let i = 0; i < count; i++) {
      const at = 12 + 16 * i;
      tags.push(ttf.toString('latin1', at, at + 4));
      const offset = ttf.readUInt32BE(at + 8);
      const length = ttf.readUInt32BE(at + 12);
      expect(offset % 4).toBe(0);
      expect(offset + length).toBeLessThanOrEqual(ttf.length);
      // The checksum of the table as written (head's checkSumAdjustment counted as 0).
      const data = Buffer.alloc((length + 3) & ~3);
      ttf.copy(data, 0, offset, offset + length);
      if (tags[i] === 'head') data.writeUInt32BE(0, 8);
      let sum = 0;
      for (let k = 0; k < data.length; k += 4) sum = (sum + data.readUInt32BE(k)) >>> 0;
      expect(sum, tags[i]).toBe(ttf.readUInt32BE(at + 4));
    }
    expect(tags).toEqual([...tags].sort());
    expect(tags).toEqual(expect.arrayContaining(['cmap', 'glyf', 'head', 'hmtx', 'loca', 'MATH', 'name']));
  });

  it('opens in HarfBuzz with every glyph and the symbols Literata lacks', () => {
    const face = new hb.Face(new hb.Blob(ttf));
    const font = new hb.Font(face);
    const maxp = face.referenceTable('maxp')!;
    const glyphs = new DataView(maxp.buffer, maxp.byteOffset).getUint16(4);
    expect(glyphs).toBeGreaterThan(3500);
    for (const ch of '∼ϵ∇∈⊂∪∩⊗⋅∗ℝℕ∝≡∀∃⟨⟩‖⇒↔αβΓ') expect(font.glyph(ch.codePointAt(0)!), ch).toBeGreaterThan(0);
    expect(font.glyph(0x6f22)).toBeUndefined(); // 漢: no face has it
  });

  it('refuses a damaged file instead of reading past its end', () => {
    expect(() => woffToSfnt(woff.subarray(0, 200))).toThrow(/past the end/);
    expect(() => woffToSfnt(Buffer.from('not a font at all, not at all'))).toThrow(/not a WOFF/);
  });
});
