/**
 * Lines: the line breaker's choice turned into lines of placed text. Glue takes its
 * adjusted width; pieces of one word in one run are joined again so the painter draws
 * whole words (and the PDF's text extraction sees them whole).
 */
import { breakLines, hangAt, type Item } from './linebreak.js';
import type { Prepared } from './prepare.js';

export interface PlacedText {
  x: number;
  text: string;
  run: number;
  /** As set: the natural width times `scale`. */
  width: number;
  /** Horizontal scale of the glyphs (font expansion); 1 = as designed. */
  scale: number;
}

export interface SetLine {
  items: PlacedText[];
  /**
   * Right edge of the last piece, from the line's left edge. A justified line that ends
   * in protruding punctuation reaches past its measure by `protrusion`, and no more.
   */
  width: number;
  /** How far the last glyph hangs into the right margin (character protrusion); 0 = flush. */
  protrusion?: number;
  ratio: number;
  /** Ends with a hyphen or a hard hyphen (counted for the two-in-a-row rule). */
  hyphenated: boolean;
  last: boolean;
  /** Ends at a break inside a URL or run-on string, so it is set ragged, not justified. */
  ragged: boolean;
}

export interface SetOptions {
  lineWidths: number[];
  tolerance?: number;
  /**
   * Font expansion (pdfTeX's, microtype's): how far, as a fraction, the glyphs of a
   * justified line may be widened or narrowed to take part of its slack, so the spaces
   * vary less from line to line. 0 = off; 0.02 is microtype's default.
   */
  expansion?: number;
}

export function setLines(prep: Prepared, opt: SetOptions): SetLine[] {
  const { items, fragments } = prep;
  if (!items.some((i) => i.type === 'box')) return [];
  const expansion = Math.max(0, opt.expansion ?? 0);
  // The breaker counts the words' own stretch (prepare gives each piece its share) with the spaces'.
  const result = breakLines(items, { lineWidths: opt.lineWidths, tolerance: opt.tolerance ?? 1, maxConsecutiveHyphens: 2 });
  const lines: SetLine[] = [];
  let start = 0;
  result.breaks.forEach((br, li) => {
    const end = br.position;
    // After a break, glue and penalties up to the next box vanish (TeX's discardables).
    while (start < end && items[start].type !== 'box') start++;
    const at = items[end];
    const isLast = li === result.breaks.length - 1;
    const before = items[end - 1];
    const ragged = !isLast && at?.type === 'penalty' && before?.type === 'glue' && before.width === 0 && before.stretch > 0;
    // A ragged line (ended inside a URL) keeps its glyphs unless the breaker had it shrink.
    // The last line and a line ended inside a URL are set short: nothing to hang.
    const hang = isLast || ragged ? 0 : hangAt(items, end);
    const fit = expansion > 0 && (!ragged || br.ratio < 0) ? expand(items, start, end, opt.lineWidths[Math.min(li, opt.lineWidths.length - 1)] + hang, expansion, isLast) : null;
    const scale = fit ? fit.scale : 1;
    const placed: PlacedText[] = [];
    let x = 0;
    let joinable = false;
    const place = (ref: number | undefined, width: number) => {
      if (ref === undefined) {
        x += width;
        joinable = false;
        return;
      }
      const f = fragments[ref];
      const prev = placed[placed.length - 1];
      if (joinable && prev && prev.run === f.run) {
        prev.text += f.text;
        prev.width += f.width * scale;
      } else {
        placed.push({ x, text: f.text, run: f.run, width: f.width * scale, scale });
      }
      x += f.width * scale;
      joinable = true;
    };
    for (let i = start; i < end; i++) {
      const it: Item = items[i];
      if (it.type === 'box') place(it.ref, it.width);
      else if (it.type === 'glue') {
        const dx = it.width + (fit ? fit.glue * (fit.glue >= 0 ? it.stretch : it.shrink) : br.ratio >= 0 ? br.ratio * it.stretch : br.ratio * it.shrink);
        x += dx;
        // The zero-width glue of a possible break inside a URL keeps the word whole.
        if (Math.abs(dx) > 0.001 || it.width > 0) joinable = false;
      }
      // Penalties inside a line are invisible; a box after one still joins the word.
    }
    if (at && at.type === 'penalty' && at.width > 0 && at.ref !== undefined) place(at.ref, at.width);
    const right = placed.length ? placed[placed.length - 1].x + placed[placed.length - 1].width : 0;
    lines.push({ items: placed, width: right, protrusion: hang, ratio: br.ratio, hyphenated: br.flagged, last: isLast, ragged });
    start = end + 1;
  });
  return lines;
}

/**
 * How a justified line of `items[start..end)` (and the hyphen at `end`) fills `width`
 * when its glyphs may take part of the slack: the glyphs and the spaces move by the same
 * ratio of what each can give (the glyphs `expansion` of their width, the spaces their
 * stretch or shrink), the glyphs never past `expansion`; the spaces take the rest.
 * Returns the glyphs' scale and the ratio for the glue; null when the glyphs have no part
 * (no words, an exact fit, infinite stretch, or a paragraph's last line that is not tight).
 */
function expand(items: Item[], start: number, end: number, width: number, expansion: number, last: boolean): { scale: number; glue: number } | null {
  let natural = 0;
  let words = 0;
  let stretch = 0;
  let shrink = 0;
  for (let i = start; i < end; i++) {
    const it = items[i];
    if (it.type === 'box') {
      natural += it.width;
      if (it.ref !== undefined) words += it.width;
    } else if (it.type === 'glue') {
      natural += it.width;
      stretch += it.stretch;
      shrink += it.shrink;
    }
  }
  const at = items[end];
  if (at && at.type === 'penalty' && at.width > 0) {
    natural += at.width;
    if (at.ref !== undefined) words += at.width;
  }
  const slack = width - natural;
  // A last line is set at its natural width unless the breaker had it take glyph shrink.
  if (last && slack >= 0) return null;
  const give = slack >= 0 ? stretch : shrink;
  const glyphs = words * expansion;
  if (glyphs <= 0 || !Number.isFinite(give) || Math.abs(slack) < 1e-9) return null;
  const k = Math.max(-1, Math.min(1, slack / (give + glyphs)));
  const rest = slack - k * glyphs;
  // Spaces never shrink past their least (an overfull line sticks out instead).
  return { scale: 1 + k * expansion, glue: give > 0 ? Math.max(-1, rest / give) : 0 };
}
