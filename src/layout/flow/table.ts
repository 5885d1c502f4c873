/**
 * Tables: column widths from what the cells hold, rows to vertical-list lines, and the
 * journal rule that a table wider than a column spans the columns (journal-style.md,
 * "Inside the body"): a table whose figures and labels do not fit a column on one line
 * (cells of running text may wrap to 12 em) is set across the text frame as a float, cut
 * at rows into pieces no taller than the template allows, each continuation under a copy
 * of the header row.
 */
import type { Block, Inline } from '../../document/model.js';
import { inlineText } from '../../document/inlines.js';
import type { TextStyle } from '../../config/template.js';
import type { RunStyle } from '../inline/collect.js';
import type { BlockContext } from './blocks.js';
import { append, floatMarker, type FloatBlock, type VLine } from './lines.js';
import { setParagraph } from './paragraph.js';

type Table = Extract<Block, { type: 'table' }>;

/** Measuring width: wide enough that no cell wraps. */
const UNBOUNDED = 1e6;
/** The narrowest measure, in em, a cell of running text is set to before its table spans. */
const PROSE_MEASURE = 12;

function cellStyle(ctx: BlockContext, st: TextStyle, struct: number, header: boolean): RunStyle {
  return { face: header ? 'bold' : 'regular', size: st.size, lang: ctx.article.lang, struct, features: ctx.template.features, smallCaps: ctx.smallCaps, structure: ctx.structure };
}

function cellInlines(children: Inline[]): Inline[] {
  return children.length ? children : [{ type: 'text', value: ' ' }];
}

/** The space between two columns. */
function columnGap(st: TextStyle): number {
  return st.size * 0.8;
}

/** What each column's cells ask for: their longest word (`min`) and their longest cell on one line (`max`). */
interface ColumnNeeds {
  min: number[];
  max: number[];
}

function measureColumns(table: Table, ctx: BlockContext): ColumnNeeds {
  const st = ctx.template.styles.table;
  const cols = table.rows.reduce((n, r) => Math.max(n, r.length), 0);
  const min = new Array<number>(cols).fill(0);
  const max = new Array<number>(cols).fill(0);
  table.rows.forEach((row, ri) => {
    row.forEach((cell, ci) => {
      const style = cellStyle(ctx, st, 0, ri === 0);
      const lines = setParagraph(ctx.fonts, { inlines: cellInlines(cell.children), style, leading: st.leading, width: UNBOUNDED, align: 'left', hyphenate: false, group: 0 });
      max[ci] = Math.max(max[ci], ...lines.map((l) => l.line.width));
      // Words part at spaces; no-break spaces hold "12 345,6" together.
      for (const word of inlineText(cell.children).split(/[ \t\n]+/)) {
        if (word) min[ci] = Math.max(min[ci], ctx.fonts.width(word, style.face, style.features) * st.size);
      }
    });
  });
  return { min, max };
}

/**
 * Each column's width within `width`, much as a browser's automatic table layout shares
 * it: every column gets room for its longest cell on one line when all fit, and the rest
 * of the measure in equal shares (even gutters between the columns); else figures and
 * labels keep one line and prose columns share the rest; else each column gets its
 * longest word and a share of what is left in proportion to how much its cells would
 * still want. `comfortable` is the width the table needs to read well.
 */
function columnWidths({ min, max }: ColumnNeeds, st: TextStyle, width: number): { widths: number[]; comfortable: number } {
  const cols = max.length;
  const gap = columnGap(st);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const avail = width - gap * (cols - 1);
  // What the table needs to read well: a column of prose may wrap down to PROSE_MEASURE (or
  // its longest word); a column of figures or short labels wants its cells on one line.
  const comf = max.map((m, i) => Math.min(m, Math.max(min[i], PROSE_MEASURE * st.size)));
  const comfortable = sum(comf) + gap * (cols - 1);
  let widths: number[];
  if (sum(max) <= avail && sum(max) > 0) widths = max.map((m) => m + (avail - sum(max)) / cols);
  else if (sum(comf) <= avail) {
    // Figures and labels on one line; the prose columns share what is left.
    const flex = sum(max) - sum(comf);
    widths = comf.map((c, i) => c + (flex > 0 ? ((avail - sum(comf)) * (max[i] - c)) / flex : (avail - sum(comf)) / cols));
  } else if (sum(min) <= avail) {
    const flex = sum(max) - sum(min);
    widths = min.map((m, i) => m + (flex > 0 ? ((avail - sum(min)) * (max[i] - m)) / flex : (avail - sum(min)) / cols));
  } else widths = min.map((m) => (sum(min) > 0 ? (avail * m) / sum(min) : avail / cols));
  return { widths, comfortable };
}

/** The table's rows as lines `width` wide, starting `indent` from the left. */
function tableLines(table: Table, needs: ColumnNeeds, ctx: BlockContext, parent: number, indent: number, width: number): VLine[] {
  const st = ctx.template.styles.table;
  const struct = ctx.structure.add('Table', parent);
  const { widths } = columnWidths(needs, st, width);
  const gap = columnGap(st);
  const lefts = widths.map((_, i) => indent + widths.slice(0, i).reduce((a, w) => a + w + gap, 0));
  const out: VLine[] = [];
  const rule = ctx.template.rules.table;
  table.rows.forEach((row, ri) => {
    const tr = ctx.structure.add('TR', struct);
    const group = ctx.nextGroup();
    const cellLines = row.map((cell, ci) => {
      const a = table.align[ci];
      return setParagraph(ctx.fonts, {
        inlines: cellInlines(cell.children),
        style: cellStyle(ctx, st, ctx.structure.add(ri === 0 ? 'TH' : 'TD', tr), ri === 0),
        leading: st.leading,
        width: widths[ci],
        x: lefts[ci],
        align: a === 'right' ? 'right' : a === 'center' ? 'center' : 'left',
        hyphenate: true,
        group,
      });
    });
    const height = Math.max(1, ...cellLines.map((c) => c.length));
    for (let k = 0; k < height; k++) {
      // One vertical-list line per text row; the other cells' pieces ride along on its baseline.
      const [first, ...riders] = cellLines.map((c) => c[k]).filter((l): l is VLine => !!l);
      if (!first) continue;
      const rules: NonNullable<VLine['rules']> = [];
      if (k === 0 && ri === 0) rules.push({ y: -st.leading + 2, x1: indent, x2: indent + width, thickness: rule });
      if (k === height - 1 && ri === 0) rules.push({ y: st.leading * 0.35, x1: indent, x2: indent + width, thickness: rule / 2 });
      if (k === height - 1 && ri === table.rows.length - 1) rules.push({ y: st.leading * 0.35, x1: indent, x2: indent + width, thickness: rule });
      // The row's line calls the notes of all its cells, so they are set at the column's foot.
      const notes = [...new Set([...first.notes, ...riders.flatMap((r) => r.notes)])];
      // The row's line makes room for the tallest and deepest formula of any of its cells.
      const cells = [first, ...riders];
      const above = Math.max(0, ...cells.map((c) => c.above ?? 0));
      const below = Math.max(0, ...cells.map((c) => c.below ?? 0));
      out.push({ ...first, idx: k, count: height, group, spaceBefore: k === 0 && ri === 0 ? st.leading / 2 : 0, above, below, rules, riders, notes, label: undefined });
    }
  });
  return out;
}

/**
 * A table in the flow: in its column when it fits there, else (in a template with more
 * than one column) as floats across the columns.
 */
export function setTable(table: Table, ctx: BlockContext, parent: number, indent: number): VLine[] {
  const span = ctx.span;
  const st = ctx.template.styles.table;
  // The cells are measured once; the widths follow from the measure the table gets.
  const needs = measureColumns(table, ctx);
  if (!span || ctx.template.columns < 2 || columnWidths(needs, st, ctx.width - indent).comfortable <= ctx.width - indent + 0.01) {
    return tableLines(table, needs, ctx, parent, indent, ctx.width - indent);
  }
  const lines = tableLines(table, needs, ctx, parent, 0, span.width);
  const group = ctx.nextGroup();
  return floatPieces(lines, st, ctx.template.rules.table, span.width, span.maxHeight).map((f) => floatMarker(f, group));
}

/** Cuts the table's lines at rows into floats no taller than `maxHeight`. */
function floatPieces(lines: VLine[], st: TextStyle, rule: number, width: number, maxHeight: number): FloatBlock[] {
  const rows: VLine[][] = [];
  for (const l of lines) {
    if (l.idx === 0) rows.push([]);
    rows[rows.length - 1].push(l);
  }
  const [header, ...body] = rows;
  // A continuation opens with the header again: drawn, but not content a second time.
  const repeat = (header ?? []).map((l) => ({ ...l, anchors: [], artifact: true, riders: l.riders?.map((r) => ({ ...r, anchors: [], artifact: true })) }));
  const tail = st.leading * 0.5;
  const fits = (lines: number) => lines * st.leading + tail <= maxHeight;
  const pieces: VLine[][] = [[...(header ?? [])]];
  const opened = () => (pieces.length === 1 ? (header ?? []).length : repeat.length);
  for (const row of body) {
    let piece = pieces[pieces.length - 1];
    if (fits(piece.length + row.length)) {
      append(piece, row);
      continue;
    }
    if (piece.length > opened()) pieces.push((piece = [...repeat]));
    if (fits(piece.length + row.length)) {
      append(piece, row);
      continue;
    }
    // A row taller than a piece (a long text in a cell) is cut between its lines.
    for (const line of row) {
      if (!fits(piece.length + 1) && piece.length > opened()) pieces.push((piece = [...repeat]));
      piece.push(line);
    }
  }
  return pieces.map((piece, i) => {
    const last = piece[piece.length - 1];
    // A piece that the table goes on after still ends on a rule.
    if (i < pieces.length - 1) piece[piece.length - 1] = { ...last, rules: [...(last.rules ?? []), { y: st.leading * 0.35, x1: 0, x2: width, thickness: rule }] };
    // Rows with tall formulas take their room (0 for text).
    let y = 0;
    const lines = piece.map((line, k) => ({ line, baseline: (y += st.leading + (line.above ?? 0) + (k > 0 ? (piece[k - 1].below ?? 0) : 0)) }));
    return { lines, height: y + (last.below ?? 0) + tail };
  });
}
