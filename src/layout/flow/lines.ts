/**
 * The vertical list: what the column builder stacks. Each line knows its leading, whether
 * it sits on the body's baseline grid, which paragraph it belongs to (for widows and
 * orphans) and which notes it calls.
 */
import type { Run } from '../inline/collect.js';
import type { SetLine } from '../inline/lines.js';

export interface VLine {
  line: SetLine;
  runs: Run[];
  /** Left offset of the line in its column (indents, hanging labels). */
  x: number;
  /** The measure this line was set to (for centring and right alignment). */
  measure: number;
  align: 'justify' | 'left' | 'center' | 'right';
  leading: number;
  /** Height above the baseline used for the first line of a column. */
  ascent: number;
  /** Room this line needs above its baseline beyond the leading (a tall formula): it moves down by it. */
  above?: number;
  /** Room this line needs below its baseline beyond the leading (a deep formula): the next line moves down by it. */
  below?: number;
  /** Body lines sit on the baseline grid; others may leave it. */
  grid: boolean;
  /** Space above this line when it is not first in its column. */
  spaceBefore: number;
  /** Lines of one paragraph share a group; idx/count place the line in it. */
  group: number;
  idx: number;
  count: number;
  /** Keep this line with the first N lines of the next group (headings: 2). */
  keepWithNext: number;
  /** The group may not be split between columns (a short code block). */
  keepTogether?: boolean;
  /** Dropped when it would be first in a column (a blank line of code). */
  discardable?: boolean;
  /** Note ids called on this line, in order. */
  notes: string[];
  /** A marker drawn left of the line (list bullets, reference numbers). */
  label?: { text: string; run: Run; x: number; width?: number };
  /** Named destinations placed at this line (headings, entries). */
  anchors: string[];
  /** Outline entry at this line: depth 1 = article, 2 = section, 3 = sub-section. */
  outline?: { title: string; depth: number; dest: string };
  /**
   * A display formula's numbers "(n)", set at `x` from the line's left edge (the right of
   * the measure), `dy` below the line's baseline (the rows of an align), each with its anchor.
   */
  eqNumbers?: { text: string; x: number; dy: number; run: Run; anchor?: string }[];
  /** A drawn block that is not text (an image). */
  image?: { path: string; width: number; height: number; alt: string; struct: number };
  /** A horizontal rule drawn at the line (table rules), offsets from the baseline. */
  rules?: { y: number; x1: number; x2: number; thickness: number }[];
  /** Lines set on this line's baseline: the other cells of a table row. */
  riders?: VLine[];
  /** Drawn but not content (a table header repeated above a continuation): tagged as an artifact. */
  artifact?: boolean;
  /**
   * Not a line of the column: a block that spans the columns (a wide table), anchored at
   * this place in the flow. The page builder takes it out and sets it at the top or bottom
   * of a page; it takes no room in the column.
   */
  float?: FloatBlock;
}

/** A block set across the columns, as one piece that a page holds whole. */
export interface FloatBlock {
  /** Its lines, each with its baseline measured from the block's top. */
  lines: { line: VLine; baseline: number }[];
  height: number;
  /** Notes its cells call: set at the foot of the first column of the page that holds it. */
  notes?: string[];
}

/** A line with no text, `leading` tall (it may still carry a label). */
export function blankLine(leading: number, group: number): VLine {
  return {
    line: { items: [], width: 0, ratio: 0, hyphenated: false, last: true, ragged: false },
    runs: [],
    x: 0,
    measure: 0,
    align: 'left',
    leading,
    ascent: 0,
    grid: false,
    spaceBefore: 0,
    group,
    idx: 0,
    count: 1,
    keepWithNext: 0,
    notes: [],
    anchors: [],
  };
}

/** The place of `float` in the vertical list: it takes no room there. */
export function floatMarker(float: FloatBlock, group: number): VLine {
  return { ...blankLine(0, group), float };
}

/**
 * Appends without spreading: `push(...xs)` passes every element as an argument and overflows
 * the call stack for a paragraph of tens of thousands of lines.
 */
export function append<T>(out: T[], items: readonly T[]): T[] {
  for (const x of items) out.push(x);
  return out;
}
