/**
 * Layout: the resolved issue to positioned pages. Title page and contents first, then each
 * article from a recto page; page numbers run on through the issue. The contents need the
 * articles' first pages, so they are filled in after the articles are laid out.
 */
import { append } from './flow/lines.js';
import type { Issue } from '../document/model.js';
import type { Template } from '../config/template.js';
import { FontBook } from './fonts.js';
import { layoutArticle, patchStripPages } from './pages/article.js';
import { contentsPages, titlePage } from './pages/front.js';
import { decoratePage } from './pages/heads.js';
import { textFrame } from './pages/geometry.js';
import { Structure } from './structure.js';
import type { LayoutResult, OutlineEntry, PositionedPage } from './types.js';

export type { LayoutResult } from './types.js';

export function layoutIssue(issue: Issue, template: Template, fonts: FontBook = FontBook.shared(template.fonts, template.spacing)): LayoutResult {
  const structure = new Structure();
  const root = structure.add('Document', null, { lang: issue.langs[0], title: issue.journal.title });
  const pages: PositionedPage[] = [];
  const outline: OutlineEntry[] = [];
  const articlePages = new Map<string, { first: number; last: number }>();

  pages.push(titlePage(issue, template, fonts, structure, root));
  decoratePage(pages[0], 'front', issue, null, template, fonts, root);
  // The contents follow the title page; how many pages they take is known from a dry run
  // with placeholder page numbers (they are measured at a fixed width, so the real ones fit).
  const dry = contentsPages(issue, issue.articles.map((a) => ({ slug: a.slug, first: 0 })), template, fonts, new Structure(), 0, 2);
  const contentsAt = pages.length;
  for (let i = 0; i < dry.length; i++) pages.push({ index: 0, folio: 2 + i, width: template.pageWidth, height: template.pageHeight, items: [], lines: [] });

  for (const article of issue.articles) {
    let folio = pages.length + 1;
    if (template.layout.articleStartsRecto && folio % 2 === 0) {
      pages.push({ index: 0, folio, width: template.pageWidth, height: template.pageHeight, items: [], lines: [] });
      folio++;
    }
    const laid = layoutArticle(issue, article, { template, fonts, structure, root }, folio);
    const first = folio;
    const last = folio + laid.pages.length - 1;
    articlePages.set(article.slug, { first, last });
    if (laid.stripPages) {
      const frame = textFrame(template, first);
      patchStripPages(laid.stripPages, issue, article, first, last, fonts, frame.x + frame.width);
    }
    laid.pages.forEach((p, i) => decoratePage(p, i === 0 ? 'first' : 'body', issue, article, template, fonts, root));
    append(pages, laid.pages);
    outline.push(laid.outline);
  }

  const rows = issue.articles.map((a) => ({ slug: a.slug, first: articlePages.get(a.slug)!.first }));
  const contents = contentsPages(issue, rows, template, fonts, structure, root, 2);
  if (contents.length !== dry.length) throw new Error('contents changed length between passes');
  contents.forEach((p) => decoratePage(p, 'front', issue, null, template, fonts, root));
  pages.splice(contentsAt, contents.length, ...contents);
  pages.forEach((p, i) => (p.index = i));
  return { pages, structure: structure.nodes, outline, articlePages };
}
