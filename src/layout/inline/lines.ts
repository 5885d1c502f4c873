/**
 * Lines: the line breaker's choice turned into lines of placed text. Glue takes its
 * adjusted width; pieces of one word in one run are joined again so the painter draws
 * whole words (and the PDF's text extraction sees them whole).
 */
import { breakLines, type Item } from './linebreak.js';
import type { Prepared } from './prepare.js';

export interface PlacedText {
  x: number;
  text: string;
  run: number;
  width: number;
}

export interface SetLine {
  items: PlacedText[];
  /** Right edge of the last piece, from the line's left edge. */
  width: number;
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
}

export function setLines(prep: Prepared, opt: SetOptions): SetLine[] {
  const { items, fragments } = prep;
  if (!items.some((i) => i.type === 'box')) return [];
  const result = breakLines(items, { lineWidths: opt.lineWidths, tolerance: opt.tolerance ?? 1, maxConsecutiveHyphens: 2 });
  const lines: SetLine[] = [];
  let start = 0;
  result.breaks.forEach((br, li) => {
    const end = br.position;
    // After a break, glue and penalties up to the next box vanish (TeX's discardables).
    while (start < end && items[start].type !== 'box') start++;
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
        prev.width += f.width;
      } else {
        placed.push({ x, text: f.text, run: f.run, width: f.width });
      }
      x += f.width;
      joinable = true;
    };
    for (let i = start; i < end; i++) {
      const it: Item = items[i];
      if (it.type === 'box') place(it.ref, it.width);
      else if (it.type === 'glue') {
        const dx = it.width + (br.ratio >= 0 ? br.ratio * it.stretch : br.ratio * it.shrink);
        x += dx;
        // The zero-width glue of a possible break inside a URL keeps the word whole.
        if (Math.abs(dx) > 0.001 || it.width > 0) joinable = false;
      }
      // Penalties inside a line are invisible; a box after one still joins the word.
    }
    const at = items[end];
    if (at && at.type === 'penalty' && at.width > 0 && at.ref !== undefined) place(at.ref, at.width);
    const isLast = li === result.breaks.length - 1;
    const before = items[end - 1];
    const ragged = !isLast && at?.type === 'penalty' && before?.type === 'glue' && before.width === 0 && before.stretch > 0;
    const right = placed.length ? placed[placed.length - 1].x + placed[placed.length - 1].width : 0;
    lines.push({ items: placed, width: right, ratio: br.ratio, hyphenated: br.flagged, last: isLast, ragged });
    start = end + 1;
  });
  return lines;
}
