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
  glyphs: { codePoints: number[] }[];
  positions: { xAdvance: number }[];
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

const shared = new Map<string, FontBook>();
/** Features fontkit's default shaping plan applies anyway (the painter relies on the same set). */
export const DEFAULT_FEATURES = new Set(['kern', 'liga', 'calt', 'clig', 'ccmp', 'locl', 'mark', 'mkmk', 'rlig']);

export class FontBook {
  /**
   * One FontBook per set of faces and spacing for the whole process: fonts are parsed and
   * words shaped once, however many builds (watch mode, a volume's articles) use them.
   */
  static shared(paths: Record<Face, string>, spacing?: { space: number; stretch: number; shrink: number }): FontBook {
    const key = JSON.stringify([paths, spacing ?? null]);
    let book = shared.get(key);
    if (!book) {
      book = new FontBook(paths, spacing);
      shared.set(key, book);
    }
    return book;
  }

  readonly paths: Record<Face, string>;
  private readonly fonts: Record<Face, FkFont>;
  private readonly cache = new Map<string, number>();
  private readonly prefixCache = new Map<string, Float64Array>();
  /** Shaped runs by face, features and text. */
  private readonly runs = new Map<string, FkGlyphRun>();

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
      w = this.shape(text, face, features).advanceWidth / this.fonts[face].unitsPerEm;
      if (this.cache.size > 200_000) this.cache.clear();
      this.cache.set(key, w);
    }
    return w;
  }

  /**
   * Widths (at 1 pt) of every prefix of `text`, from one shaping of the whole word: entry i
   * is the advance of text.slice(0, i). Hyphenation cuts words at these offsets, so the
   * pieces add up to the kerned word. A cut inside a ligature shares its advance evenly.
   */
  prefixWidths(text: string, face: Face, features: readonly string[]): Float64Array {
    const key = `${face}\u0000${features.join(',')}\u0000${text}`;
    let out = this.prefixCache.get(key);
    if (out) return out;
    const f = this.fonts[face];
    const run = this.shape(text, face, features);
    out = new Float64Array(text.length + 1);
    let at = 0;
    let x = 0;
    run.glyphs.forEach((g, gi) => {
      const adv = run.positions[gi].xAdvance / f.unitsPerEm;
      // Code units this glyph covers (astral code points take two).
      const units = g.codePoints.reduce((n, cp) => n + (cp > 0xffff ? 2 : 1), 0) || 1;
      for (let k = 1; k <= units && at + k <= text.length; k++) out![at + k] = x + (adv * k) / units;
      at += units;
      x += adv;
    });
    for (let i = at + 1; i <= text.length; i++) out[i] = x;
    if (this.prefixCache.size > 200_000) this.prefixCache.clear();
    this.prefixCache.set(key, out);
    return out;
  }

  /**
   * Shapes `text` once per process. Kerning and ligatures are fontkit's defaults, so a run
   * asking for no more than those is shaped as the painter's plain call would be, and both
   * share the result.
   */
  private shape(text: string, face: Face, features: readonly string[] | undefined): FkGlyphRun {
    const extra = features?.filter((f) => !DEFAULT_FEATURES.has(f)) ?? [];
    const key = `${face}\u0000${extra.join(',')}\u0000${text}`;
    let run = this.runs.get(key);
    if (!run) {
      run = this.fonts[face].layout(text, extra.length ? [...(features ?? [])] : undefined);
      if (this.runs.size > 200_000) this.runs.clear();
      this.runs.set(key, run);
    }
    return run;
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
