/**
 * Layout: the resolved issue to positioned pages. Title page and contents first, then each
 * article from a recto page; page numbers run on through the issue. The contents need the
 * articles' first pages, so they are filled in after the articles are laid out.
 *
 * Each article is laid out on its own (its own structure tree, its own page numbers from a
 * first folio of the right parity) and then adopted into the issue: so articles can be laid
 * out in worker threads (pipeline/layout-pool.ts) and come out the same as here.
 */
import { append } from './flow/lines.js';
import type { Article, Issue } from '../document/model.js';
import type { Template } from '../config/template.js';
import { FontBook } from './fonts.js';
import { layoutArticle, patchStripPages, type ArticleLayout } from './pages/article.js';
import { contentsPages, titlePage } from './pages/front.js';
import { decoratePage } from './pages/heads.js';
import { textFrame } from './pages/geometry.js';
import { Structure } from './structure.js';
import type { LayoutResult, OutlineEntry, PositionedPage, StructNode } from './types.js';

export type { LayoutResult } from './types.js';

/** One article laid out apart from the issue: plain data, so it can cross a thread. */
export interface StandaloneArticle extends ArticleLayout {
  /** Its structure tree; node 0 stands for the issue's root. */
  nodes: StructNode[];
  /** The folio its pages were numbered from. */
  firstFolio: number;
}

/** The first folio an article may be laid out from before its real one is known: same parity. */
export function provisionalFolio(recto: boolean): number {
  return recto ? 1 : 2;
}

/** Lays out one article with its own structure tree, numbered from `firstFolio`. */
export function layoutStandalone(issue: Issue, article: Article, template: Template, fonts: FontBook, firstFolio: number): StandaloneArticle {
  const structure = new Structure();
  const root = structure.add('Document', null);
  const laid = layoutArticle(issue, article, { template, fonts, structure, root }, firstFolio);
  return { ...laid, nodes: structure.nodes, firstFolio };
}

/** Moves a standalone article into the issue: its structure under `root`, its pages from `folio`. */
function adopt(structure: Structure, root: number, a: StandaloneArticle, folio: number): void {
  // Local node i (i ≥ 1) becomes offset + i; local node 0 is the issue's root.
  const offset = structure.nodes.length - 1;
  const id = (local: number) => (local === 0 ? root : local + offset);
  for (let i = 1; i < a.nodes.length; i++) {
    const n = a.nodes[i];
    structure.nodes.push({ ...n, parent: n.parent === null ? null : id(n.parent) });
  }
  const delta = folio - a.firstFolio;
  for (const p of a.pages) {
    p.folio += delta;
    for (const item of p.items) if ('struct' in item && typeof item.struct === 'number') item.struct = id(item.struct);
  }
}

/**
 * The issue on pages. `laidOut`, when given, holds every article already laid out (by
 * worker threads) from a recto provisional folio; otherwise each is laid out here.
 */
export function layoutIssue(
  issue: Issue,
  template: Template,
  fonts: FontBook = FontBook.shared(template.fonts, template.spacing),
  laidOut?: readonly StandaloneArticle[],
): LayoutResult {
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

  issue.articles.forEach((article, ai) => {
    let folio = pages.length + 1;
    if (template.layout.articleStartsRecto && folio % 2 === 0) {
      pages.push({ index: 0, folio, width: template.pageWidth, height: template.pageHeight, items: [], lines: [] });
      folio++;
    }
    const given = laidOut?.[ai];
    if (given && given.firstFolio % 2 !== folio % 2) throw new Error(`article ${article.slug} was laid out for the wrong page parity`);
    const laid = given ?? layoutStandalone(issue, article, template, fonts, folio);
    adopt(structure, root, laid, folio);
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
  });

  const rows = issue.articles.map((a) => ({ slug: a.slug, first: articlePages.get(a.slug)!.first }));
  const contents = contentsPages(issue, rows, template, fonts, structure, root, 2);
  if (contents.length !== dry.length) throw new Error('contents changed length between passes');
  contents.forEach((p) => decoratePage(p, 'front', issue, null, template, fonts, root));
  pages.splice(contentsAt, contents.length, ...contents);
  pages.forEach((p, i) => (p.index = i));
  return { pages, structure: structure.nodes, outline, articlePages };
}
