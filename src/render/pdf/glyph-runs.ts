/**
 * Hands pdfkit the runs layout shaped, so the PDF holds exactly the glyphs and kerning
 * that were measured, and no word is shaped a second time (fontkit shaping cost as much as
 * the whole rest of painting). pdfkit still subsets, embeds and writes ToUnicode; only the
 * font object's `layout` is answered from our runs.
 */
import type { FontBook, ShapedRun } from '../../layout/fonts.js';
import type { Face } from '../../layout/types.js';

/** pdfkit's run: positions in 1/1000 em, each with the glyph's own advance beside the kerned one. */
interface PdfkitRun {
  glyphs: readonly { id: number; advanceWidth: number; codePoints: number[] }[];
  positions: readonly { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[];
  advanceWidth: number;
}
/** The part of pdfkit's EmbeddedFont this adapter relies on. */
interface PdfkitFont {
  layout(text: string, features?: unknown, onlyWidth?: boolean): PdfkitRun;
}

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
  f.layout = (text: string, features?: unknown) => {
    const list = Array.isArray(features) ? (features as string[]) : undefined;
    return toPdfkit(book.shape(text, face, list));
  };
}
