/**
 * Where things sit in the book. Most names are fixed by epub-gen-memory (OEBPS/, the nav
 * as toc.xhtml, the stylesheet as style.css, fonts/ for fonts); hrefs are relative to OEBPS/,
 * where the package document and all content documents live.
 */
import type { Issue, Lang } from '../../document/model.js';

export const OEBPS = 'OEBPS/';
export const CONTAINER_PATH = 'META-INF/container.xml';
export const OPF_PATH = `${OEBPS}content.opf`;

export const NAV_HREF = 'toc.xhtml';
export const NCX_HREF = 'toc.ncx';
export const CSS_HREF = 'style.css';
export const TITLEPAGE_HREF = 'titlepage.xhtml';
export const COVER_HREF = 'cover.png';
export const FONTS_DIR = 'fonts/';

/** The file name epub-gen-memory gives a chapter or font: spaces → `_`, then only [-._A-Za-z0-9]. */
export function libraryFileName(name: string): string {
  return name.replace(/\s/g, '_').replace(/[^-._A-Za-z0-9]/g, '');
}

/** The book's main language: the issue's first, else the first article's. */
export function mainLang(issue: Issue): Lang {
  return issue.langs[0] ?? issue.articles[0]?.lang ?? 'en';
}
