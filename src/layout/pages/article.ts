/**
 * One article on pages: the opening block across the columns, then the body and the
 * reference list flowed through the columns, notes at the foot of the column that calls
 * them, and the last page's columns balanced.
 */
import { append } from '../flow/lines.js';
import type { Article, Issue } from '../../document/model.js';
import { styleLength, type Template } from '../../config/template.js';
import type { FontBook } from '../fonts.js';
import type { Structure } from '../structure.js';
import { blocksToLines, type BlockContext } from '../flow/blocks.js';
import { fillColumn, type ColumnFill, type ColumnSpec } from '../flow/compose.js';
import type { VLine } from '../flow/lines.js';
import { setParagraph } from '../flow/paragraph.js';
import type { OutlineEntry, PositionedPage, TextItem } from '../types.js';
import { emitLine, type OutlineSink } from './emit.js';
import { columnWidth, columnX, textFrame } from './geometry.js';
import { issueLine, titleBlockLines } from './title-block.js';

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
  const ctx: BlockContext = { template: t, fonts, structure, article, width: colW, nextGroup, smallCaps };

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
  const queue: VLine[] = blocksToLines(article.body, ctx, art);
  append(queue, referenceLines(article, ctx, art));
  const notes = noteLines(article, ctx, art);
  const notesHeight = (ids: string[]) => {
    if (!ids.length) return 0;
    let h = s.footnote.leading;
    for (const id of ids) for (const l of notes.get(id) ?? []) h += l.leading;
    return h;
  };

  const pages: PositionedPage[] = [];
  const step = s.body.leading;
  const gridFirst = Math.round(s.body.size * 1.05 * 100) / 100;
  let pos = 0;
  let folio = firstFolio;
  let stripPages: TextItem | undefined;
  while (pos < queue.length || pages.length === 0) {
    const page: PositionedPage = { index: 0, folio, width: t.pageWidth, height: t.pageHeight, items: [], lines: [] };
    const frame = textFrame(t, folio);
    let colTop = frame.y;
    if (pages.length === 0) {
      let y = frame.y;
      if (t.layout.journalStrip) {
        const strip = stripItems(issue, article, t, fonts, frame.x, y + s.strip.size, fullW, env.root);
        append(page.items, strip.items);
        stripPages = strip.pages;
        y += s.strip.leading;
        page.items.push({ kind: 'rule', x1: frame.x, x2: frame.x + fullW, y1: y - 2, y2: y - 2, thickness: t.rules.strip, artifact: true });
        y += s.title.leading * 0.6;
      }
      let base = y;
      titleLines.forEach((l, i) => {
        base = i === 0 ? y + l.ascent + 4 : base + l.spaceBefore + l.leading;
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
    const height = frame.y + frame.height - colTop;
    const spec: ColumnSpec = { height, gridFirst, gridStep: step };
    const fills = balance(queue, pos, spec, notesHeight, t.columns);
    fills.forEach((fill, c) => {
      const x = columnX(t, frame, c);
      for (const p of fill.placed) emitLine(page, x, colTop, p, sink, c);
      if (fill.notes.length) emitNotes(page, x, colTop + height, colW, fill.notes, notes, t);
      pos = fill.next;
    });
    pages.push(page);
    folio++;
    if (pages.length > 10000) throw new Error('layout did not converge');
  }
  return { pages, outline, stripPages };
}

/**
 * Fills the page's columns. When the rest of the article fits on this page, the columns
 * are shortened to the least height that still holds it, so the last page is balanced.
 */
function balance(queue: VLine[], pos: number, spec: ColumnSpec, notesHeight: (ids: string[]) => number, columns: number): ColumnFill[] {
  const fillAll = (h: number): ColumnFill[] => {
    const out: ColumnFill[] = [];
    let p = pos;
    for (let c = 0; c < columns; c++) {
      const f = fillColumn(queue, p, { ...spec, height: h }, notesHeight);
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

function referenceLines(article: Article, ctx: BlockContext, art: number): VLine[] {
  const entries = article.bibliography.entries;
  if (!entries.length) return [];
  const t = ctx.template;
  const st = t.styles.references;
  const sect = ctx.structure.add('Sect', art, { title: article.bibliography.heading });
  const out = blocksToLines(
    [{ type: 'heading', depth: 1, id: `${article.slug}-references`, children: [{ type: 'text', value: article.bibliography.heading }], pos: article.pos }],
    ctx,
    sect,
  );
  const list = ctx.structure.add('L', sect);
  const hang = styleLength(st, st.indent);
  entries.forEach((e, i) => {
    const li = ctx.structure.add('LI', list);
    // An entry in another language than the article is tagged with its own (screen readers switch voice).
    const body = ctx.structure.add('LBody', li, e.lang && e.lang !== article.lang ? { lang: e.lang } : {});
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
  const hang = st.size * 1.2;
  for (const note of article.notes) {
    const struct = ctx.structure.add('Note', art);
    const lines: VLine[] = [];
    note.children.forEach((b, bi) => {
      if (b.type !== 'paragraph') return;
      append(lines, setParagraph(ctx.fonts, {
          inlines: b.children,
          style: { face: 'regular', size: st.size, lang: article.lang, struct, features: ctx.template.features, smallCaps: ctx.smallCaps },
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

function emitNotes(page: PositionedPage, x: number, bottom: number, width: number, ids: string[], notes: Map<string, VLine[]>, t: Template): void {
  const lines = ids.flatMap((id) => notes.get(id) ?? []);
  const st = t.styles.footnote;
  let y = bottom - lines.reduce((h, l) => h + l.leading, 0) + st.leading - st.size * 0.25;
  page.items.push({ kind: 'rule', x1: x, x2: x + width / 4, y1: y - st.leading, y2: y - st.leading, thickness: t.rules.footnote, artifact: true });
  for (const l of lines) {
    emitLine(page, x, 0, { line: l, baseline: y });
    y += l.leading;
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
