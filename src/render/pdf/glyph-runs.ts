/**
 * Writes layout's shaped runs into pdfkit pages, so the PDF holds exactly the glyphs and
 * kerning that were measured and no word is shaped or measured a second time. pdfkit's
 * font object still subsets, embeds and writes ToUnicode (its `encode`); its `layout` is
 * answered from our runs. The text operators are written here rather than through
 * `doc.text()`, which re-measures and re-wraps every word (about 20 µs a word: half of
 * painting a volume) only to place it where layout already decided.
 */
import type { FontBook, ShapedRun } from '../../layout/fonts.js';
import type { Face } from '../../layout/types.js';

/** pdfkit's run: positions in 1/1000 em, each with the glyph's own advance beside the kerned one. */
interface PdfkitRun {
  glyphs: readonly { id: number; advanceWidth: number; codePoints: number[] }[];
  positions: readonly { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[];
  advanceWidth: number;
}
/** The part of pdfkit's EmbeddedFont this module relies on. */
export interface PdfkitFont {
  id: string;
  layout(text: string, features?: unknown, onlyWidth?: boolean): PdfkitRun;
  /** Subsets the run's glyphs; returns their 4-hex-digit codes and pdfkit-scaled positions. */
  encode(text: string, features?: unknown): [string[], PdfkitRun['positions']];
  ref(): unknown;
}

// Subset font files by face file and glyph list: a rebuild in watch mode usually uses the
// same glyphs in the same order, and subsetting (fontkit, glyph by glyph) was a third of
// painting a short issue. Same inputs, same bytes: the PDF stays reproducible.
const subsets = new Map<string, Uint8Array>();
const SUBSETS_KEPT = 16;

// Scaled copies, per shaped run: read-only, so documents may share them.
const scaled = new WeakMap<ShapedRun, PdfkitRun>();

function toPdfkit(run: ShapedRun): PdfkitRun {
  let out = scaled.get(run);
  if (!out) {
    const k = 1000 / run.unitsPerEm;
    out = {
      glyphs: run.glyphs,
      positions: run.positions.map((p, i) => ({
        xAdvance: p.xAdvance * k,
        yAdvance: p.yAdvance * k,
        xOffset: p.xOffset * k,
        yOffset: p.yOffset * k,
        advanceWidth: run.glyphs[i].advanceWidth * k,
      })),
      advanceWidth: run.advanceWidth * k,
    };
    scaled.set(run, out);
  }
  return out;
}

/**
 * Makes the pdfkit font object `font` (a document's embedding of `face`) take its runs
 * from `book`. `features` are the current text item's; pdfkit passes them back to layout.
 */
export function useShapedRuns(font: unknown, face: Face, book: FontBook): void {
  const f = font as PdfkitFont & { baspaFace?: Face };
  if (f.baspaFace === face) return;
  if (typeof f.layout !== 'function') throw new Error('pdfkit font object has no layout(): the painter needs updating for this pdfkit');
  f.baspaFace = face;
  const subset = (f as { subset?: { glyphs?: number[]; encode?: () => Uint8Array } }).subset;
  if (subset && Array.isArray(subset.glyphs) && typeof subset.encode === 'function') {
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      const key = `${book.paths[face]}\u0000${subset.glyphs!.join(',')}`;
      let bytes = subsets.get(key);
      if (!bytes) {
        bytes = encode();
        if (subsets.size >= SUBSETS_KEPT) subsets.delete(subsets.keys().next().value!);
        subsets.set(key, bytes);
      }
      return bytes;
    };
  }
  // Runs by features, then text: the painter asks for every word it draws.
  const byFeatures = new Map<string, Map<string, PdfkitRun>>();
  f.layout = (text: string, features?: unknown) => {
    const list = Array.isArray(features) ? (features as string[]) : [];
    const key = list.join(',');
    let runs = byFeatures.get(key);
    if (!runs) byFeatures.set(key, (runs = new Map()));
    let run = runs.get(text);
    if (!run) runs.set(text, (run = toPdfkit(book.shape(text, face, list))));
    return run;
  };
}

/** PDF numbers: three decimals are a micrometre on the page; no exponents, no "-0". */
export function pdfNumber(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  return r === 0 ? '0' : String(r);
}

/**
 * Content-stream operators drawing `text` with its baseline's left end at (x, y) in
 * pdfkit's top-down page space: the text matrix flips y back so glyphs stand upright.
 * Kerning goes in TJ; a glyph with an offset (a positioned mark) gets its own text matrix.
 */
export function textOperators(font: PdfkitFont, size: number, x: number, y: number, text: string, features: readonly string[], hscale = 1): string {
  const [codes, positions] = font.encode(text, features);
  // Horizontal scaling (Tz) widens the glyphs and every advance and TJ adjustment with them;
  // the pen, kept here for the glyphs set with Tm, moves by the scaled advances too.
  const scale = (size / 1000) * hscale;
  const tz = hscale !== 1 ? ` ${pdfNumber(hscale * 100)} Tz` : '';
  const out = [`BT /${font.id} ${pdfNumber(size)} Tf${tz} 1 0 0 -1 ${pdfNumber(x)} ${pdfNumber(y)} Tm`];
  let tj: string[] = [];
  let hex = '';
  const flush = () => {
    if (hex) tj.push(`<${hex}>`);
    hex = '';
    if (tj.length) out.push(`[${tj.join(' ')}] TJ`);
    tj = [];
  };
  let pen = x;
  for (let i = 0; i < codes.length; i++) {
    const p = positions[i];
    if (p.xOffset || p.yOffset) {
      flush();
      out.push(`1 0 0 -1 ${pdfNumber(pen + p.xOffset * scale)} ${pdfNumber(y - (p.yOffset * size) / 1000)} Tm <${codes[i]}> Tj`);
      pen += p.xAdvance * scale;
      out.push(`1 0 0 -1 ${pdfNumber(pen)} ${pdfNumber(y)} Tm`);
      continue;
    }
    hex += codes[i];
    const kern = p.xAdvance - p.advanceWidth;
    if (kern !== 0) {
      tj.push(`<${hex}>`, pdfNumber(-kern));
      hex = '';
    }
    pen += p.xAdvance * scale;
  }
  flush();
  out.push('ET');
  // Tz is text state, which outlives the text object: set it back for what follows.
  if (tz) out.push('100 Tz');
  return out.join('\n');
}
