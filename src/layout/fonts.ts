/**
 * Fonts for layout: the template's four faces opened once with fontkit (the engine pdfkit
 * embeds with), so widths measured here are the widths the painter draws. Measurements are
 * cached per face, features and text: a journal repeats its words.
 */
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import type { Face } from './types.js';

interface FkGlyphRun {
  advanceWidth: number;
}
interface FkFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  hasGlyphForCodePoint(cp: number): boolean;
  layout(text: string, features?: string[]): FkGlyphRun;
  availableFeatures: string[];
}

export class FontBook {
  readonly paths: Record<Face, string>;
  private readonly fonts: Record<Face, FkFont>;
  private readonly cache = new Map<string, number>();

  /** Interword glue of justified text (template `spacing`): least space in em, stretch and shrink as fractions. */
  readonly spacing: { space: number; stretch: number; shrink: number };

  constructor(paths: Record<Face, string>, spacing = { space: 0.25, stretch: 0.5, shrink: 0.33 }) {
    this.paths = paths;
    this.spacing = spacing;
    const open = (p: string) => (fontkit as unknown as { create(b: Buffer): FkFont }).create(readFileSync(p));
    this.fonts = {
      regular: open(paths.regular),
      italic: open(paths.italic),
      bold: open(paths.bold),
      boldItalic: open(paths.boldItalic),
    };
  }

  /** Advance width of `text` at 1 pt, with kerning and ligatures as the painter will apply them. */
  width(text: string, face: Face, features: readonly string[]): number {
    const key = `${face}\u0000${features.join(',')}\u0000${text}`;
    let w = this.cache.get(key);
    if (w === undefined) {
      const f = this.fonts[face];
      w = f.layout(text, [...features]).advanceWidth / f.unitsPerEm;
      if (this.cache.size > 200_000) this.cache.clear();
      this.cache.set(key, w);
    }
    return w;
  }

  /** Ascender and descender at 1 pt (descender positive). */
  metrics(face: Face): { ascent: number; descent: number; capHeight: number } {
    const f = this.fonts[face];
    return { ascent: f.ascent / f.unitsPerEm, descent: -f.descent / f.unitsPerEm, capHeight: f.capHeight / f.unitsPerEm };
  }

  hasFeature(face: Face, feature: string): boolean {
    return this.fonts[face].availableFeatures.includes(feature);
  }

  /** Characters of `text` the face has no glyph for (spaces and controls excepted). */
  missing(text: string, face: Face): string[] {
    const f = this.fonts[face];
    const out = new Set<string>();
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp <= 0x20 || cp === 0xa0 || cp === 0xad || (cp >= 0x200b && cp <= 0x200f)) continue;
      if (!f.hasGlyphForCodePoint(cp)) out.add(ch);
    }
    return [...out];
  }
}
