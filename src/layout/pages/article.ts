/**
 * One article on pages: the opening block across the columns, then the body, the
 * reference lists and the other-language blocks flowed through the columns, notes at the
 * foot of the column that calls them, tables wider than a column at the top or bottom of
 * a page (floats.ts, planPage), and the last page's columns balanced.
 */
import { append } from '../flow/lines.js';
import type { Article, BibliographyEntry, Issue, Lang } from '../../document/model.js';
import { styleLength, type Template } from '../../config/template.js';
import type { FontBook } from '../fonts.js';
import type { Structure } from '../structure.js';
import { blocksToLines, type BlockContext } from '../flow/blocks.js';
import { translationLines } from '../flow/translations.js';
import { fillColumn, type ColumnFill, type ColumnSpec } from '../flow/compose.js';
import type { FloatBlock, VLine } from '../flow/lines.js';
import { setParagraph } from '../flow/paragraph.js';
import type { OutlineEntry, PositionedPage, TextItem } from '../types.js';
import { emitLine, type OutlineSink } from './emit.js';
import { emitFloat, extractFloats, type AnchoredFloat } from './floats.js';
import { columnWidth, columnX, textFrame } from './geometry.js';
import { issueLine, titleBlockLines } from './title-block.js';

/** Points between the strip's descenders and the rule under it. */
const STRIP_RULE_GAP = 1;

export interface ArticleLayout {
  pages: PositionedPage[];
  outline: OutlineEntry;
  /** The strip's "pp. a–b" item, patched once the last page is known. */
  stripPages?: TextItem;
}

export interface LayoutEnv {
  template: Template;
  fonts: FontBook;
  structure: Structure;
  root: number;
}

let groupCounter = 0;
const nextGroup = () => ++groupCounter;

export function layoutArticle(issue: Issue, article: Article, env: LayoutEnv, firstFolio: number): ArticleLayout {
  const { template: t, fonts, structure } = env;
  const s = t.styles;
  const art = structure.add('Art', env.root, { lang: article.lang, title: article.titleText });
  const colW = columnWidth(t);
  const fullW = t.pageWidth - t.margins.inside - t.margins.outside;
  const smallCaps = fonts.hasFeature('regular', 'smcp');
  // A spanning piece takes at most half the text frame: a page keeps room for the columns
  // beside one, or holds two with the gap between them.
  const span = { width: fullW, maxHeight: (t.pageHeight - t.margins.top - t.margins.bottom - s.body.leading) / 2 };
  const ctx: BlockContext = { template: t, fonts, structure, article, width: colW, nextGroup, smallCaps, span };

  const outline: OutlineEntry = { title: article.titleText, dest: article.slug, children: [] };
  const sink: OutlineSink = {
    add(depth, entry) {
      if (depth <= 1) return;
      let parent = outline;
      for (let d = 2; d < depth && parent.children.length; d++) parent = parent.children[parent.children.length - 1];
      parent.children.push(entry);
    },
  };

  const titleLines = titleBlockLines(issue, article, t, fonts, structure, art, fullW, nextGroup);
  const list: VLine[] = blocksToLines(article.body, ctx, art);
  append(list, referenceLines(article.bibliography, `${article.slug}-references`, ctx, art));
  if (article.bibliography.latin) append(list, referenceLines(article.bibliography.latin, `${article.slug}-references-latin`, ctx, art, 'en'));
  append(list, translationLines(ctx, art));
  const notes = noteLines(article, ctx, art);
  const extracted = extractFloats(list);
  const queue = withNestedNotes(extracted.queue, notes);
  const floats = extracted.floats;
  const notesHeight = (ids: string[]) => {
    if (!ids.length) return 0;
    let h = s.footnote.leading;
    for (const id of ids) for (const l of notes.get(id) ?? []) h += l.leading + (l.above ?? 0) + (l.below ?? 0);
    return h;
  };

  const pages: PositionedPage[] = [];
  const step = s.body.leading;
  const gridFirst = Math.round(s.body.size * 1.05 * 100) / 100;
  let pos = 0;
  let folio = firstFolio;
  let stripPages: TextItem | undefined;
  // Floats whose place in the text has gone by, in order; and the next one not reached yet.
  const waiting: AnchoredFloat[] = [];
  let upcoming = 0;
  while (pos < queue.length || waiting.length > 0 || upcoming < floats.length || pages.length === 0) {
    const page: PositionedPage = { index: 0, folio, width: t.pageWidth, height: t.pageHeight, items: [], lines: [] };
    const frame = textFrame(t, folio);
    let colTop = frame.y;
    if (pages.length === 0) {
      let y = frame.y;
      if (t.layout.journalStrip) {
        const strip = stripItems(issue, article, t, fonts, frame.x, y + s.strip.size, fullW, env.root);
        append(page.items, strip.items);
        stripPages = strip.pages;
        // The rule runs below the strip's descenders (p, comma, parentheses), not on its baseline.
        const ruleY = y + s.strip.size + fonts.metrics('regular').descent * s.strip.size + STRIP_RULE_GAP;
        y = Math.max(y + s.strip.leading, ruleY + t.rules.strip);
        page.items.push({ kind: 'rule', x1: frame.x, x2: frame.x + fullW, y1: ruleY, y2: ruleY, thickness: t.rules.strip, artifact: true });
        y += s.title.leading * 0.6;
      }
      let base = y;
      titleLines.forEach((l, i) => {
        base = i === 0 ? y + l.ascent + 4 : base + l.spaceBefore + l.leading + (l.above ?? 0) + (titleLines[i - 1].below ?? 0);
        emitLine(page, frame.x, 0, { line: l, baseline: base }, sink);
      });
      let bottom = base + s.body.leading * 0.6;
      if (t.layout.titleBlockRule) {
        page.items.push({ kind: 'rule', x1: frame.x, x2: frame.x + fullW, y1: bottom, y2: bottom, thickness: t.rules.strip, artifact: true });
        bottom += s.body.leading * 0.3;
      }
      // The columns start on the page's body grid, below the block.
      colTop = frame.y + Math.ceil((bottom - frame.y) / step) * step;
    }
    const area = { top: colTop, bottom: frame.y + frame.height, gridTop: frame.y };
    const plan = planPage(queue, pos, area, floats, waiting, upcoming, { step, gridFirst, columns: t.columns, notesHeight });
    upcoming = plan.upcoming;
    let y = area.top;
    for (const f of plan.top) {
      emitFloat(page, frame.x, y, f);
      y += f.height + step;
    }
    let lowest = plan.colTop;
    plan.fills.forEach((fill, c) => {
      const x = columnX(t, frame, c);
      for (const p of fill.placed) emitLine(page, x, plan.colTop, p, sink, c);
      if (fill.placed.length) lowest = Math.max(lowest, plan.colTop + fill.placed[fill.placed.length - 1].baseline);
      if (fill.notes.length) emitNotes(page, x, plan.colTop + plan.height, colW, fill.notes, notes, t);
      pos = fill.next;
    });
    // Bottom floats stack under the columns, in order.
    let below = lowest + step;
    for (const f of plan.bottom) {
      emitFloat(page, frame.x, below, f);
      below += f.height + step;
    }
    pages.push(page);
    folio++;
    if (pages.length > 10000) throw new Error('layout did not converge');
  }
  return { pages, outline, stripPages };
}

interface PageGrid {
  step: number;
  gridFirst: number;
  columns: number;
  notesHeight: (ids: string[]) => number;
}

interface PagePlan {
  top: FloatBlock[];
  bottom: FloatBlock[];
  colTop: number;
  height: number;
  fills: ColumnFill[];
  /** Index of the first line left for the next page. */
  end: number;
  /** The next float not yet reached, after this page. */
  upcoming: number;
}

/** The fewest body lines a column keeps beside floats while text remains. */
const MIN_COLUMN_LINES = 3;

/**
 * What one page holds: the floats waiting from earlier pages at its top (those that fit),
 * then the columns, then the floats whose place falls on this page, each at the top or the
 * bottom (the end nearer its place first; not the bottom of a page with notes, which
 * belong at the foot of their column). A float that fits neither waits for the next page.
 * Mutates `waiting` (the floats it places leave it, the ones it defers join it).
 */
function planPage(
  queue: VLine[],
  pos: number,
  area: { top: number; bottom: number; gridTop: number },
  floats: AnchoredFloat[],
  waiting: AnchoredFloat[],
  upcoming: number,
  g: PageGrid,
): PagePlan {
  const textLeft = pos < queue.length;
  // `force`: the floats go on this page whether they fit or not (see below).
  const trial = (top: FloatBlock[], bottom: FloatBlock[], force = false): PagePlan | null => {
    let colTop = area.top;
    if (top.length) {
      const floatsEnd = area.top + top.reduce((h, f) => h + f.height, 0) + g.step * (top.length - 1);
      if (!force && !textLeft && floatsEnd > area.bottom + 0.01) return null;
      // The columns start a line below, on the page's body grid.
      colTop = area.gridTop + Math.ceil((floatsEnd + g.step - area.gridTop - 0.01) / g.step) * g.step;
    }
    const height = area.bottom - colTop - bottom.reduce((h, f) => h + f.height + g.step, 0);
    // Beside text the columns keep a few lines; with none left, the floats must fit the page
    // (top floats are checked above: the columns' grid step below them does not matter then).
    if (!force && (textLeft ? (top.length > 0 || bottom.length > 0) && height < MIN_COLUMN_LINES * g.step : bottom.length > 0 && height < -0.01)) return null;
    const given = [...top, ...bottom].flatMap((f) => f.notes ?? []);
    const fills = balance(queue, pos, { height, gridFirst: g.gridFirst, gridStep: g.step }, g.notesHeight, g.columns, given);
    const end = fills.length ? fills[fills.length - 1].next : pos;
    return { top, bottom, colTop, height, fills, end, upcoming };
  };
  // On this page: from its first line up to the first line of the next, or to the end.
  const holds = (p: PagePlan, anchor: number) => anchor >= pos && (anchor < p.end || (p.end >= queue.length && anchor <= queue.length));

  const top: FloatBlock[] = [];
  // Where the last float this page holds went, and its place in the text: floats keep their
  // order down the page, and the pieces of one table stay together.
  let last: { where: 'top' | 'bottom'; anchor: number } | undefined;
  while (waiting.length > 0 && trial([...top, waiting[0].block], [])) {
    const f = waiting.shift()!;
    top.push(f.block);
    last = { where: 'top', anchor: f.anchor };
  }
  // Something must move: a float no page can hold beside text goes on a page of its own,
  // even one taller than the page.
  const forced = top.length === 0 && waiting.length > 0 && !textLeft;
  if (forced) top.push(waiting.shift()!.block);
  let plan = trial(top, [], forced)!;
  while (waiting.length === 0 && upcoming < floats.length && holds(plan, floats[upcoming].anchor)) {
    const f = floats[upcoming++];
    const inFirstColumn = plan.fills.length > 0 && f.anchor < plan.fills[0].next;
    // After a bottom float only another below it keeps the order; a table's pieces stay
    // where its first piece went.
    const places: ('top' | 'bottom')[] =
      last?.where === 'bottom' ? ['bottom'] : last?.anchor === f.anchor ? ['top'] : inFirstColumn ? ['top', 'bottom'] : ['bottom', 'top'];
    let placed: PagePlan | null = null;
    for (const where of places) {
      const t = where === 'top' ? trial([...plan.top, f.block], plan.bottom) : trial(plan.top, [...plan.bottom, f.block]);
      if (!t || !holds(t, f.anchor)) continue;
      if (where === 'bottom' && t.fills.some((fill) => fill.notes.length > 0)) continue;
      placed = t;
      last = { where, anchor: f.anchor };
      break;
    }
    if (!placed) {
      waiting.push(f);
      break;
    }
    plan = placed;
  }
  // Floats whose place this page now passes, and that it does not hold, wait for the next.
  while (upcoming < floats.length && (floats[upcoming].anchor < plan.end || plan.end >= queue.length)) waiting.push(floats[upcoming++]);
  return { ...plan, upcoming };
}

/**
 * Fills the page's columns. When the rest of the article fits on this page, the columns
 * are shortened to the least height that still holds it, so the last page is balanced.
 */
function balance(queue: VLine[], pos: number, spec: ColumnSpec, notesHeight: (ids: string[]) => number, columns: number, given: string[] = []): ColumnFill[] {
  const fillAll = (h: number): ColumnFill[] => {
    const out: ColumnFill[] = [];
    let p = pos;
    for (let c = 0; c < columns; c++) {
      // The first column's foot also holds the notes of the page's floats.
      const f = fillColumn(queue, p, { ...spec, height: h }, notesHeight, c === 0 ? given : [], c === columns - 1);
      out.push(f);
      p = f.next;
      if (p >= queue.length) break;
    }
    return out;
  };
  const full = fillAll(spec.height);
  const last = full[full.length - 1];
  if (columns === 1 || last.next < queue.length) return full;
  // Shortest height (in grid steps) that still places everything in the columns.
  let lo = spec.gridFirst;
  let hi = spec.height;
  let best = full;
  for (let iter = 0; iter < 12 && hi - lo > spec.gridStep / 2; iter++) {
    const mid = (lo + hi) / 2;
    const f = fillAll(mid);
    if (f[f.length - 1].next >= queue.length && f.length <= columns) {
      best = f;
      hi = mid;
    } else lo = mid;
  }
  return best;
}

/**
 * A reference list as a section: its heading, then the entries with hanging labels. The
 * transliterated second list is a section in English (`lang`).
 */
function referenceLines(list: { heading: string; entries: BibliographyEntry[] }, id: string, ctx: BlockContext, art: number, lang?: Lang): VLine[] {
  const { entries, heading } = list;
  const article = ctx.article;
  if (!entries.length) return [];
  const t = ctx.template;
  const st = t.styles.references;
  const sect = ctx.structure.add('Sect', art, { title: heading, ...(lang && lang !== article.lang ? { lang } : {}) });
  const out = blocksToLines([{ type: 'heading', depth: 1, id, children: [{ type: 'text', value: heading }], pos: article.pos }], ctx, sect);
  const items = ctx.structure.add('L', sect);
  // The hang holds the widest label ("[20]" is wider than 1.8 em) and half an em besides.
  const widest = Math.max(0, ...entries.map((e) => (e.label ? ctx.fonts.width(e.label, 'regular', t.features) * st.size : 0)));
  const hang = Math.max(styleLength(st, st.indent), widest > 0 ? widest + 0.5 * st.size : 0);
  entries.forEach((e, i) => {
    const li = ctx.structure.add('LI', items);
    // An entry in another language than its list is tagged with its own (screen readers switch voice).
    const body = ctx.structure.add('LBody', li, e.lang && e.lang !== (lang ?? article.lang) ? { lang: e.lang } : {});
    const lines = setParagraph(ctx.fonts, {
      inlines: e.children,
      style: { face: 'regular', size: st.size, lang: e.lang ?? article.lang, struct: body, features: t.features, smallCaps: ctx.smallCaps },
      leading: st.leading,
      width: ctx.width - hang,
      x: hang,
      group: nextGroup(),
      spaceBefore: i === 0 ? st.leading / 2 : 0,
      anchors: [e.id],
      label: e.label || undefined,
      labelX: 0,
    });
    if (lines[0]?.label) lines[0].label.run = { ...lines[0].label.run, struct: ctx.structure.add('Lbl', li) };
    append(out, lines);
  });
  return out;
}

function noteLines(article: Article, ctx: BlockContext, art: number): Map<string, VLine[]> {
  const st = ctx.template.styles.footnote;
  const out = new Map<string, VLine[]>();
  // Note numbers hang in a box as wide as the widest of them plus a third of an em.
  const widest = Math.max(0, ...article.notes.map((n) => ctx.fonts.width(n.label, 'regular', ctx.template.features) * st.size));
  const hang = Math.max(st.size * 1.2, widest + st.size / 3);
  for (const note of article.notes) {
    const struct = ctx.structure.add('Note', art);
    const lines: VLine[] = [];
    note.children.forEach((b, bi) => {
      if (b.type !== 'paragraph') return;
      append(lines, setParagraph(ctx.fonts, {
          inlines: b.children,
          style: { face: 'regular', size: st.size, lang: article.lang, struct, features: ctx.template.features, smallCaps: ctx.smallCaps, structure: ctx.structure },
          leading: st.leading,
          width: ctx.width - hang,
          x: hang,
          group: nextGroup(),
          anchors: bi === 0 ? [note.id] : [],
          label: bi === 0 ? note.label : undefined,
          labelX: 0,
        }),
      );
    });
    out.set(note.id, lines);
  }
  return out;
}

/**
 * A note may call another note: the line that calls the outer one brings the inner ones to
 * the same foot, after it (a cycle stops at the first repeat).
 */
function withNestedNotes(queue: VLine[], notes: Map<string, VLine[]>): VLine[] {
  const nested = new Map<string, string[]>();
  for (const [id, lines] of notes) {
    const inner = [...new Set(lines.flatMap((l) => l.notes))].filter((n) => n !== id && notes.has(n));
    if (inner.length) nested.set(id, inner);
  }
  if (nested.size === 0) return queue;
  const expand = (ids: string[]): string[] => {
    const out: string[] = [];
    const visit = (id: string) => {
      if (out.includes(id)) return;
      out.push(id);
      for (const n of nested.get(id) ?? []) visit(n);
    };
    ids.forEach(visit);
    return out;
  };
  return queue.map((l) => (l.notes.some((n) => nested.has(n)) ? { ...l, notes: expand(l.notes) } : l));
}

function emitNotes(page: PositionedPage, x: number, bottom: number, width: number, ids: string[], notes: Map<string, VLine[]>, t: Template): void {
  const lines = ids.flatMap((id) => notes.get(id) ?? []);
  const st = t.styles.footnote;
  // A line with a tall or deep formula takes its room (above, below; 0 for text).
  let y = bottom - lines.reduce((h, l) => h + l.leading + (l.above ?? 0) + (l.below ?? 0), 0) + st.leading - st.size * 0.25;
  page.items.push({ kind: 'rule', x1: x, x2: x + width / 4, y1: y - st.leading, y2: y - st.leading, thickness: t.rules.footnote, artifact: true });
  for (const l of lines) {
    y += l.above ?? 0;
    emitLine(page, x, 0, { line: l, baseline: y });
    y += l.leading + (l.below ?? 0);
  }
}

function stripItems(issue: Issue, article: Article, t: Template, fonts: FontBook, x: number, y: number, width: number, struct: number): { items: TextItem[]; pages: TextItem } {
  const st = t.styles.strip;
  const smcp = fonts.hasFeature('regular', 'smcp');
  const features = smcp ? [...t.features, 'smcp'] : t.features;
  const name = smcp ? issue.journal.title : issue.journal.title.toUpperCase();
  const left: TextItem = { kind: 'text', x, y, text: name, face: 'regular', size: st.size, width: fonts.width(name, 'regular', features) * st.size, features, struct, artifact: true };
  const right: TextItem = { kind: 'text', x: x + width, y, text: `${issueLine(issue, article)}, ${article.labels.pages}\u00a0?`, face: 'regular', size: st.size, width: 0, features: t.features, struct, artifact: true };
  return { items: [left, right], pages: right };
}

/** Fills in the strip's page range once the article's last page is known. */
export function patchStripPages(item: TextItem, issue: Issue, article: Article, first: number, last: number, fonts: FontBook, rightEdge: number): void {
  item.text = `${issueLine(issue, article)}, ${article.labels.pages}\u00a0${first === last ? first : `${first}–${last}`}`;
  item.width = fonts.width(item.text, item.face, item.features) * item.size;
  item.x = rightEdge - item.width;
}
