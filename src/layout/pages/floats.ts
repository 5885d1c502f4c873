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
 * The vertical list without its float markers, and the floats with their places in it.
 * Notes called inside a float go with the line at its place, so they are set at the foot
 * of the column that holds the text around it.
 */
export function extractFloats(list: VLine[]): { queue: VLine[]; floats: AnchoredFloat[] } {
  const queue: VLine[] = [];
  const floats: AnchoredFloat[] = [];
  let notes: string[] = [];
  for (const l of list) {
    if (l.float) {
      floats.push({ block: l.float, anchor: queue.length });
      for (const f of l.float.lines) for (const n of [...f.line.notes, ...(f.line.riders ?? []).flatMap((r) => r.notes)]) if (!notes.includes(n)) notes.push(n);
      continue;
    }
    queue.push(notes.length ? { ...l, notes: [...new Set([...notes, ...l.notes])] } : l);
    notes = [];
  }
  if (notes.length && queue.length) {
    const last = queue[queue.length - 1];
    queue[queue.length - 1] = { ...last, notes: [...new Set([...last.notes, ...notes])] };
  }
  return { queue, floats };
}

/** Draws `block` with its top at `top`, from the frame's left edge `x`. */
export function emitFloat(page: PositionedPage, x: number, top: number, block: FloatBlock): void {
  for (const p of block.lines) emitLine(page, x, top, p);
}
