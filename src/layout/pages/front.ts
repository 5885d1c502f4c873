/** The issue's own pages: a title page and the contents, with dot leaders and links. */
import type { Issue } from '../../document/model.js';
import type { Template } from '../../config/template.js';
import type { FontBook } from '../fonts.js';
import type { Structure } from '../structure.js';
import { setParagraph } from '../flow/paragraph.js';
import type { PositionedPage, TextItem } from '../types.js';
import { emitLine } from './emit.js';
import { textFrame } from './geometry.js';

export function titlePage(issue: Issue, t: Template, fonts: FontBook, structure: Structure, root: number): PositionedPage {
  const page: PositionedPage = { index: 0, folio: 1, width: t.pageWidth, height: t.pageHeight, items: [], lines: [] };
  const frame = textFrame(t, 1);
  const sect = structure.add('Sect', root, { lang: issue.langs[0] });
  const st = t.styles.titlePage;
  const smallCaps = fonts.hasFeature('regular', 'smcp');
  const l = issue.labels;
  // Flush right with the outer margin: the title page reads as one block with the text edge.
  const center = (text: string, size: number, leading: number, y: number, face: TextItem['face'] = 'regular') => {
    const lines = setParagraph(fonts, {
      inlines: [{ type: 'text', value: text }],
      style: { face, size, lang: issue.langs[0], struct: structure.add('P', sect), features: t.features, smallCaps },
      leading,
      width: frame.width,
      align: 'right',
      hyphenate: false,
      group: 0,
    });
    let base = y;
    for (const line of lines) {
      emitLine(page, frame.x, 0, { line, baseline: base });
      base += leading;
    }
    return base;
  };
  let y = frame.y + frame.height * 0.3;
  y = center(issue.journal.title, st.size, st.leading, y, 'bold');
  y = center(`${l.volume}\u00a0${issue.volume}, ${l.number}\u00a0${issue.number} · ${issue.year}`, st.size * 0.5, st.leading * 0.6, y + st.leading);
  const facts = [issue.journal.issn && `ISSN ${issue.journal.issn}`, issue.journal.eissn && `eISSN ${issue.journal.eissn}`, issue.journal.publisher].filter((x): x is string => !!x);
  for (const f of facts) y = center(f, st.size * 0.4, st.leading * 0.5, y + st.leading * 0.2);
  return page;
}

export interface ContentsRow {
  slug: string;
  first: number;
}

/**
 * The contents, over as many pages as the issue needs: each article's authors, title, dot
 * leaders and first page, the whole row linked to the article.
 */
export function contentsPages(issue: Issue, rows: ContentsRow[], t: Template, fonts: FontBook, structure: Structure, root: number, firstFolio: number): PositionedPage[] {
  const pages: PositionedPage[] = [];
  const st = t.styles.contents;
  const smallCaps = fonts.hasFeature('regular', 'smcp');
  const toc = structure.add('TOC', root, { lang: issue.langs[0] });
  let page!: PositionedPage;
  let frame!: ReturnType<typeof textFrame>;
  let y = 0;
  const newPage = () => {
    page = { index: 0, folio: firstFolio + pages.length, width: t.pageWidth, height: t.pageHeight, items: [], lines: [] };
    frame = textFrame(t, page.folio);
    y = frame.y + st.leading;
    pages.push(page);
  };
  newPage();
  const heading = [...new Set(issue.langs.map((lang) => t.labels[lang]?.contents ?? issue.labels.contents))].join(' · ');
  const h = setParagraph(fonts, {
    inlines: [{ type: 'text', value: heading }],
    style: { face: 'bold', size: st.size * 1.4, lang: issue.langs[0], struct: structure.add('H1', toc), features: t.features, smallCaps },
    leading: st.leading * 1.4,
    width: frame.width,
    align: 'left',
    hyphenate: false,
    group: 0,
  });
  y = frame.y + st.leading * 1.4;
  for (const line of h) {
    emitLine(page, frame.x, 0, { line, baseline: y });
    y += line.leading;
  }
  y += st.leading;
  const numW = fonts.width('0000', 'regular', t.features) * st.size;
  for (const row of rows) {
    const article = issue.articles.find((a) => a.slug === row.slug)!;
    const item = structure.add('TOCI', toc, { lang: article.lang });
    const authors = setParagraph(fonts, {
      inlines: [{ type: 'emphasis', children: [{ type: 'text', value: article.authors.map((a) => a.name).join(', ') }] }],
      style: { face: 'regular', size: st.size, lang: article.lang, struct: item, features: t.features, smallCaps },
      leading: st.leading,
      width: frame.width - numW,
      align: 'left',
      hyphenate: false,
      group: 0,
    });
    const title = setParagraph(fonts, {
      inlines: article.title,
      style: { face: 'regular', size: st.size, lang: article.lang, struct: item, features: t.features, smallCaps },
      leading: st.leading,
      width: frame.width - numW * 1.5,
      align: 'left',
      hyphenate: false,
      group: 0,
    });
    const lines = [...authors, ...title];
    // A row is never split across pages.
    if (y + (lines.length - 1) * st.leading > frame.y + frame.height) newPage();
    const top = y;
    for (const line of lines) {
      emitLine(page, frame.x, 0, { line, baseline: y });
      y += line.leading;
    }
    const lastBase = y - st.leading;
    const lastLine = title[title.length - 1];
    const num = String(row.first);
    const nw = fonts.width(num, 'regular', t.features) * st.size;
    const dotW = fonts.width(' .', 'regular', t.features) * st.size;
    const from = frame.x + (lastLine?.line.width ?? 0);
    const to = frame.x + frame.width - nw - dotW / 2;
    const dots = Math.max(0, Math.floor((to - from) / dotW));
    // Leaders start right after the title so the line reads (and extracts) as one line.
    if (dots > 0) page.items.push({ kind: 'text', x: from, y: lastBase, text: ' .'.repeat(dots), face: 'regular', size: st.size, width: dots * dotW, features: t.features, struct: item, artifact: true });
    page.items.push({ kind: 'text', x: frame.x + frame.width - nw, y: lastBase, text: num, face: 'regular', size: st.size, width: nw, features: t.features, struct: item });
    page.items.push({ kind: 'link', x: frame.x, y: top - st.leading * 0.8, width: frame.width, height: y - top, dest: article.slug, struct: item });
    y += st.leading * 0.6;
  }
  return pages;
}
