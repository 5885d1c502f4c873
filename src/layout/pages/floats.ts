/**
 * Floats: blocks that span the columns (wide tables), taken out of the vertical list and
 * set at the top or the bottom of a page, the page where the text around them falls or,
 * failing that, the top of the next one. Their order is kept: a float never passes one
 * that is still waiting.
 */
import type { FloatBlock, VLine } from '../flow/lines.js';
import type { PositionedPage } from '../types.js';
import { emitLine } from './emit.js';

export interface AnchoredFloat {
  block: FloatBlock;
  /** Index in the vertical list of the first line after the float (the list's length when none follows). */
  anchor: number;
}

/**
 * The vertical list without its float markers, and the floats with their places in it and
 * the notes their cells call (set on the page that holds the float, not where its text is).
 */
export function extractFloats(list: VLine[]): { queue: VLine[]; floats: AnchoredFloat[] } {
  const queue: VLine[] = [];
  const floats: AnchoredFloat[] = [];
  for (const l of list) {
    if (!l.float) {
      queue.push(l);
      continue;
    }
    // A row's line already calls the notes of all its cells (table.ts).
    const notes = [...new Set(l.float.lines.flatMap((f) => f.line.notes))];
    floats.push({ block: notes.length ? { ...l.float, notes } : l.float, anchor: queue.length });
  }
  return { queue, floats };
}

/** Draws `block` with its top at `top`, from the frame's left edge `x`. */
export function emitFloat(page: PositionedPage, x: number, top: number, block: FloatBlock): void {
  for (const p of block.lines) emitLine(page, x, top, p);
}
