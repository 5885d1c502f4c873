/**
 * Navigation: the EPUB 3 nav document (toc + landmarks) and the EPUB 2 NCX for older
 * reading systems, both from one tree so they cannot disagree.
 */
import type { Issue, Lang } from '../../document/model.js';
import { mainLang } from './paths.js';
import { articleOutline, articleTitle, escapeXml, langAttrs, xhtmlDocument, type OutlineItem } from './xhtml.js';

export interface NavEntry {
  label: string;
  /** Relative to the nav document (both live in OEBPS/). */
  href: string;
  /** Set when the label's language differs from the nav document's. */
  lang?: Lang;
  children: NavEntry[];
}

/** Articles → their section headings, nested by heading depth; `hrefs`: each article's document. */
export function navTree(issue: Issue, hrefs: readonly string[]): NavEntry[] {
  const navLang = mainLang(issue);
  return issue.articles.map((article, i) => {
    const href = hrefs[i];
    const lang = article.lang !== navLang ? article.lang : undefined;
    return { label: articleTitle(article), href, lang, children: nestOutline(articleOutline(article), href, lang) };
  });
}

function nestOutline(items: readonly OutlineItem[], href: string, lang: Lang | undefined): NavEntry[] {
  const root: NavEntry[] = [];
  // Open entries by depth; a heading goes under the nearest open one of lower depth.
  const stack: { depth: number; entry: NavEntry }[] = [];
  for (const item of items) {
    const entry: NavEntry = { label: item.text, href: `${href}#${item.id}`, lang, children: [] };
    while (stack.length > 0 && stack[stack.length - 1].depth >= item.depth) stack.pop();
    (stack.length > 0 ? stack[stack.length - 1].entry.children : root).push(entry);
    stack.push({ depth: item.depth, entry });
  }
  return root;
}

function navDepth(entries: readonly NavEntry[]): number {
  return entries.reduce((max, e) => Math.max(max, 1 + navDepth(e.children)), 0);
}

function navList(entries: readonly NavEntry[], indent: string): string {
  const lines = [`${indent}<ol>`];
  for (const e of entries) {
    const link = `<a href="${escapeXml(e.href)}"${e.lang ? langAttrs(e.lang) : ''}>${escapeXml(e.label)}</a>`;
    if (e.children.length === 0) {
      lines.push(`${indent}<li>${link}</li>`);
    } else {
      lines.push(`${indent}<li>${link}`, navList(e.children, `${indent}  `), `${indent}</li>`);
    }
  }
  lines.push(`${indent}</ol>`);
  return lines.join('\n');
}

export interface Landmark {
  type: 'titlepage' | 'toc' | 'bodymatter';
  href: string;
  label: string;
}

/** Id of the toc <nav> inside the nav document, for the landmark that points at it. */
export const TOC_ID = 'toc';

/** The nav document: the contents (also a page of the book) and hidden landmarks. */
export function navDocument(issue: Issue, entries: readonly NavEntry[], landmarks: readonly Landmark[]): string {
  const contents = issue.labels.contents;
  const body = [
    `<nav id="${TOC_ID}" epub:type="toc" role="doc-toc" aria-labelledby="toc-title">`,
    `<h1 id="toc-title">${escapeXml(contents)}</h1>`,
    navList(entries, ''),
    '</nav>',
    // Landmarks are for the reading system's own menus, not for reading: hidden.
    '<nav epub:type="landmarks" id="landmarks" hidden="hidden">',
    '<ol>',
    ...landmarks.map(
      (l) => `<li><a epub:type="${l.type}" href="${escapeXml(l.href)}">${escapeXml(l.label)}</a></li>`,
    ),
    '</ol>',
    '</nav>',
  ].join('\n');
  return xhtmlDocument({ lang: mainLang(issue), title: contents, bodyType: 'frontmatter', body });
}

/** The EPUB 2 NCX; `identifier` must equal the package's dc:identifier. */
export function ncxDocument(identifier: string, title: string, lang: Lang, entries: readonly NavEntry[]): string {
  let order = 0;
  const points = (list: readonly NavEntry[], indent: string): string[] =>
    list.flatMap((e) => {
      order += 1;
      return [
        `${indent}<navPoint id="np-${order}" playOrder="${order}">`,
        `${indent}  <navLabel><text>${escapeXml(e.label)}</text></navLabel>`,
        `${indent}  <content src="${escapeXml(e.href)}"/>`,
        ...points(e.children, `${indent}  `),
        `${indent}</navPoint>`,
      ];
    });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="${lang}">`,
    '<head>',
    `  <meta name="dtb:uid" content="${escapeXml(identifier)}"/>`,
    `  <meta name="dtb:depth" content="${Math.max(1, navDepth(entries))}"/>`,
    '  <meta name="dtb:totalPageCount" content="0"/>',
    '  <meta name="dtb:maxPageNumber" content="0"/>',
    '</head>',
    `<docTitle><text>${escapeXml(title)}</text></docTitle>`,
    '<navMap>',
    ...points(entries, '  '),
    '</navMap>',
    '</ncx>',
    '',
  ].join('\n');
}
