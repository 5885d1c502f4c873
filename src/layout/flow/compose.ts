/**
 * Compose: fill one column from the vertical list, honouring the baseline grid, the notes
 * its lines call, and the page rules: no orphan (a paragraph's first line alone at a column
 * foot), no widow (its last line alone at a column head), headings kept with the next two
 * lines.
 */
import type { VLine } from './lines.js';

export interface ColumnSpec {
  height: number;
  /** The body grid: first baseline offset and line step, from the column top. */
  gridFirst: number;
  gridStep: number;
}

export interface PlacedLine {
  line: VLine;
  /** Baseline, from the column top. */
  baseline: number;
}

export interface ColumnFill {
  placed: PlacedLine[];
  /** Index in the queue of the first line not placed. */
  next: number;
  /** Notes called in this column, in order. */
  notes: string[];
}

export type NotesHeight = (noteIds: string[]) => number;

const EPS = 0.01;

/**
 * `given`: notes this column's foot holds whatever it places (those of floats on its page).
 * `pageEnd`: this column ends the page, so a word hyphenated across the page turn is
 * avoided (TeX's \brokenpenalty): the column ends a line sooner where that is legal.
 */
export function fillColumn(queue: VLine[], start: number, col: ColumnSpec, notesHeight: NotesHeight, given: readonly string[] = [], pageEnd = false): ColumnFill {
  // A blank line of code does not open a column (TeX discards glue at a break).
  while (start < queue.length && queue[start].discardable) start++;
  const placed: PlacedLine[] = [];
  const notes: string[] = [...given];
  let y = 0;
  let i = start;
  for (; i < queue.length; i++) {
    const l = queue[i];
    const deep = placed.length ? (placed[placed.length - 1].line.below ?? 0) : 0;
    let baseline = placed.length === 0 ? (l.grid ? Math.max(col.gridFirst, l.ascent) : Math.max(l.ascent, EPS)) : y + l.spaceBefore + l.leading + (l.above ?? 0) + deep;
    if (l.grid) baseline = snap(baseline, col);
    const wanted = l.notes.filter((n) => !notes.includes(n));
    const foot = notesHeight([...notes, ...wanted]);
    if (baseline + foot > col.height + EPS) {
      // A line taller than a whole empty column still has to go somewhere.
      if (placed.length === 0) {
        placed.push({ line: l, baseline });
        for (const n of wanted) notes.push(n);
        i++;
      }
      break;
    }
    placed.push({ line: l, baseline });
    for (const n of wanted) notes.push(n);
    y = baseline;
  }
  if (i >= queue.length || placed.length <= 1) return { placed, next: i, notes };

  // Move the break up until it is a legal place to end the column.
  let k = placed.length;
  while (k > 0 && !legalBreak(queue, start, k)) k--;
  if (k === 0) k = placed.length; // nothing legal: keep the overfull choice rather than loop
  if (pageEnd && k > 2 && queue[start + k - 1].line.hyphenated) {
    let j = k - 1;
    while (j > 1 && (!legalBreak(queue, start, j) || queue[start + j - 1].line.hyphenated)) j--;
    // At most two lines sooner: a page a little short beats a word cut by the turn.
    if (j > 1 && k - j <= 2 && legalBreak(queue, start, j)) k = j;
  }
  const kept = placed.slice(0, k);
  const keptNotes = notes.filter((n) => given.includes(n) || kept.some((p) => p.line.notes.includes(n)));
  return { placed: kept, next: start + k, notes: keptNotes };
}

function snap(baseline: number, col: ColumnSpec): number {
  if (baseline <= col.gridFirst + EPS) return col.gridFirst;
  return col.gridFirst + Math.ceil((baseline - col.gridFirst - EPS) / col.gridStep) * col.gridStep;
}

/** May the column end after `k` lines from `start`? */
export function legalBreak(queue: VLine[], start: number, k: number): boolean {
  const prev = queue[start + k - 1];
  const next = queue[start + k];
  if (!next) return true;
  if (prev.group === next.group) {
    if (prev.keepTogether) return false;
    if (prev.idx + 1 < 2 && prev.count > 1) return false; // orphan
    if (next.count - next.idx < 2) return false; // widow
  }
  // A heading (keepWithNext) must be followed in this column by that many lines of what follows.
  for (let j = start + k - 1; j >= start && j >= start + k - 6; j--) {
    const l = queue[j];
    if (l.keepWithNext > 0) {
      const after = start + k - 1 - j - (l.count - 1 - l.idx);
      if (after < Math.min(l.keepWithNext, followingCount(queue, j))) return false;
      break;
    }
  }
  return true;
}

function followingCount(queue: VLine[], j: number): number {
  const l = queue[j];
  const firstAfter = j + (l.count - l.idx);
  const n = queue[firstAfter];
  return n ? n.count : 0;
}
