/**
 * Code blocks: each source line set as written, in the template's monospaced faces, with
 * the highlighter's tokens coloured from the template's palette. Every space is a glyph
 * (so copying the text keeps the indentation), blank lines are kept, nothing is justified,
 * hyphenated or expanded. A line longer than the measure wraps, at a space near its end or
 * else at a character, and goes on after a continuation mark, indented past the line's own
 * indentation. Short blocks keep together; long ones may break, never leaving one line alone.
 */
import { codeStyle, type Template, type TokenStyle } from '../../config/template.js';
import type { CodeBlock } from '../../document/model.js';
import { paletteEntry } from '../../document/resolve/highlight.js';
import type { FontBook } from '../fonts.js';
import type { Run } from '../inline/collect.js';
import { coverageSplit } from '../inline/fallback.js';
import type { PlacedText } from '../inline/lines.js';
import type { MonoFace } from '../types.js';
import type { BlockContext } from './blocks.js';
import type { VLine } from './lines.js';

/** Blocks of this many lines or fewer are never split between columns. */
export const KEEP_TOGETHER_LINES = 8;
/** No shaping features beyond what monospaced text needs: no kerning, ligatures or contextual forms. */
const CODE_FEATURES = ['-kern', '-liga', '-calt'];

function faceOf(style: TokenStyle | undefined): MonoFace {
  if (style?.bold) return style.italic ? 'monoBoldItalic' : 'monoBold';
  return style?.italic ? 'monoItalic' : 'mono';
}

/** The continuation mark, or a plain one when the template's mark is not in the mono face. */
function markFor(t: Template, fonts: FontBook): string {
  const mark = t.code.continuation;
  if (fonts.missing(mark, 'mono').length === 0) return mark;
  return fonts.missing('→', 'mono').length === 0 ? '→' : '>';
}

/** One source line as pieces of runs: [start, end) offsets into the line's text, per run. */
interface Segment {
  run: number;
  /** Offsets in the line's text. */
  from: number;
  to: number;
}

export function setCodeBlock(block: CodeBlock, ctx: BlockContext, parent: number, indent: number): VLine[] {
  const t = ctx.template;
  const fonts = ctx.fonts;
  const st = codeStyle(t);
  const body = t.styles.body;
  const struct = ctx.structure.add('Code', parent);
  const measure = ctx.width - indent;
  const size = st.size;
  const space = fonts.width(' ', 'mono', CODE_FEATURES) * size;
  const runs: Run[] = [];
  const baseRun = { size, features: CODE_FEATURES, rise: 0, lang: ctx.article.lang, struct, literal: true, pos: block.pos };
  const mark = markFor(t, fonts);
  const markStyle = paletteEntry(t.code.palette, 'continuation');
  // The mark's run is made when a line first wraps: runs[0] stays the block's first token,
  // which a list item's label copies its settings from.
  let markRun = -1;
  const markRunIndex = () => (markRun >= 0 ? markRun : (markRun = runs.push({ ...baseRun, text: mark, face: faceOf(markStyle), artifact: true, ...(markStyle?.color ? { color: markStyle.color } : {}) }) - 1));
  const markWidth = fonts.width(mark, faceOf(markStyle), CODE_FEATURES) * size;

  // Visual lines: the pieces each holds, and where its text starts.
  const visual: { items: PlacedText[]; width: number }[] = [];
  const lines = block.lines ?? block.value.split('\n').map((text) => (text ? [{ text }] : []));
  for (const tokens of lines) {
    // Trailing spaces are invisible: they must not make a line wrap.
    const trimmed = trimEnd(tokens.map((tk) => ({ ...tk })));
    let text = '';
    const segs: Segment[] = [];
    // Advance of each code unit from the line's start, one shaping per token.
    const xs: number[] = [0];
    for (const tk of trimmed) {
      const style = paletteEntry(t.code.palette, tk.token);
      // What the mono face cannot draw (Greek) is set in the text face (fallback.ts).
      for (const piece of coverageSplit(tk.text, faceOf(style), fonts)) {
        const run = runs.push({ ...baseRun, text: piece.text, face: piece.face, ...(style?.color ? { color: style.color } : {}) }) - 1;
        const prefix = fonts.prefixWidths(piece.text, piece.face, CODE_FEATURES);
        const x0 = xs[xs.length - 1];
        for (let i = 1; i <= piece.text.length; i++) xs.push(x0 + prefix[i] * size);
        segs.push({ run, from: text.length, to: text.length + piece.text.length });
        text += piece.text;
      }
    }
    if (text.length === 0) {
      visual.push({ items: [], width: 0 });
      continue;
    }
    // The hanging indent of continuations: past the line's own indentation (at most half the measure).
    const lead = Math.min(xs[text.length - text.trimStart().length], measure / 2);
    const contX = lead + markWidth + space;
    let start = 0;
    let first = true;
    // The first segment that reaches past `start`: a long line is walked once, not once per piece.
    let si = 0;
    while (start < text.length) {
      const offset = first ? 0 : contX;
      const avail = measure - offset;
      let end = start;
      while (end < text.length && xs[end + 1] - xs[start] <= avail + 0.001) end++;
      if (end < text.length) end = breakAt(text, start, end, xs);
      const items: PlacedText[] = [];
      if (!first) items.push({ x: lead, text: mark, run: markRunIndex(), width: markWidth, scale: 1 });
      while (si < segs.length && segs[si].to <= start) si++;
      for (let k = si; k < segs.length && segs[k].from < end; k++) {
        const s = segs[k];
        const a = Math.max(s.from, start);
        const b = Math.min(s.to, end);
        if (a >= b) continue;
        items.push({ x: offset + xs[a] - xs[start], text: text.slice(a, b), run: s.run, width: xs[b] - xs[a], scale: 1 });
      }
      visual.push({ items, width: offset + xs[end] - xs[start] });
      start = end;
      first = false;
    }
  }

  const group = ctx.nextGroup();
  const onGrid = indent === 0 && st.leading === body.leading;
  const ascent = fonts.metrics('mono').capHeight * size;
  const keep = visual.length <= KEEP_TOGETHER_LINES;
  return visual.map((v, idx): VLine => ({
    line: { items: v.items, width: v.width, ratio: 0, hyphenated: false, last: idx === visual.length - 1, ragged: true },
    runs,
    x: indent,
    measure,
    align: 'left',
    leading: st.leading,
    ascent,
    grid: onGrid,
    spaceBefore: idx === 0 ? body.leading / 2 : 0,
    group,
    idx,
    count: visual.length,
    keepWithNext: 0,
    notes: [],
    anchors: [],
    ...(keep ? { keepTogether: true } : {}),
    ...(v.items.length === 0 ? { discardable: true } : {}),
  }));
}

/**
 * Where a line that runs past the measure at `end` breaks: after the last space in its final
 * fifth (a word stays whole), else after a comma, an opening bracket or a slash there, else
 * at `end` itself, never between a surrogate pair, and always after at least one character.
 */
function breakAt(text: string, start: number, end: number, xs: number[]): number {
  const near = xs[start] + (xs[end] - xs[start]) * 0.8;
  for (const after of [' ', ',;([{/']) {
    for (let i = end; i > start + 1 && xs[i] >= near; i--) {
      if (after.includes(text[i - 1]) && text[i] !== ' ') return i;
    }
  }
  let at = Math.max(end, start + 1);
  const c = text.charCodeAt(at);
  if (at < text.length && c >= 0xdc00 && c <= 0xdfff) at = at - 1 > start ? at - 1 : at + 1;
  return at;
}

function trimEnd<T extends { text: string }>(tokens: T[]): T[] {
  while (tokens.length) {
    const last = tokens[tokens.length - 1];
    const text = last.text.replace(/\s+$/u, '');
    if (text) {
      last.text = text;
      break;
    }
    tokens.pop();
  }
  return tokens;
}
