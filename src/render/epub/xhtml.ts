/**
 * Model → XHTML strings. Every piece of text and every attribute value goes through
 * `escapeXml`, so whatever the manuscript holds, the documents stay well-formed.
 *
 * Classes written here are the contract with the template's `epub.css`:
 * `noteref`, `citation`, `smallcaps`, `authors`, `affiliation`, `correspondence`, `orcid`,
 * `subtitle`, `abstract`, `keywords`, `label`, `footnotes`, `footnote`, `note-label`,
 * `references`, `backlink`, `image`, `align-left|center|right` (table cells), `titlepage`,
 * `journal-title`, `issue`, `issn`, `publisher`, `equation`, `eqno` (display math and its number).
 */
import type {
  Article,
  BibliographyEntry,
  Block,
  CodeBlock,
  Inline,
  Issue,
  Labels,
  Lang,
  Note,
  TableBlock,
  Translation,
} from '../../document/model.js';
import { CSS_HREF, mainLang } from './paths.js';

// Characters XML 1.0 cannot carry at all (C0 controls except tab/LF/CR, U+FFFE/FFFF and lone
// surrogates). Dropped: an escape cannot represent them; warning about them is the parser's job.
const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for element content and double-quoted attribute values alike. */
export function escapeXml(text: string): string {
  return text
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * An id usable in XHTML and as a URL fragment: EPUBCheck wants XML names, so characters
 * outside letters, digits, `_ . -` become `-` and a name not starting with a letter or `_`
 * gets a prefix. Applied both where an id is written and where it is linked to.
 */
export function xmlId(raw: string): string {
  const id = raw.normalize('NFC').replace(/[^\p{L}\p{Nd}_.-]/gu, '-');
  return /^[\p{L}_]/u.test(id) ? id : `id-${id}`;
}

/** Plain text of inlines for titles, nav labels and metadata (note calls left out). */
export function plainText(inlines: readonly Inline[]): string {
  const parts: string[] = [];
  const walk = (nodes: readonly Inline[]): void => {
    for (const node of nodes) {
      switch (node.type) {
        case 'text':
        case 'code':
          parts.push(node.value);
          break;
        case 'break':
          parts.push(' ');
          break;
        case 'noteref':
          break;
        case 'math':
          parts.push(node.typeset.copyText);
          break;
        default:
          walk(node.children);
      }
    }
  };
  walk(inlines);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/**
 * The engine's MathML as an EPUB's XHTML may hold it: MathJax's own data-* attributes and
 * titles are not MathML 3, and EPUBCheck refuses them.
 */
export function epubMathml(mathml: string): string {
  return mathml.replace(/\s(?:data-[\w-]+|title)="[^"]*"/g, '');
}

/** "Vol. 3, No. 2" with the given labels. */
export function volumeNumber(labels: Labels, issue: Pick<Issue, 'volume' | 'number'>): string {
  return `${labels.volume} ${issue.volume}, ${labels.number} ${issue.number}`;
}

/** "Vol. 3, No. 2 (2024)", as the print design writes it. */
export function issueLine(labels: Labels, issue: Pick<Issue, 'volume' | 'number' | 'year'>): string {
  return `${volumeNumber(labels, issue)} (${issue.year})`;
}

/** The article's title as plain text, never empty (nav entries must have text). */
export function articleTitle(article: Article): string {
  return article.titleText.trim() || plainText(article.title) || article.slug;
}

/** Fixed anchors the renderer adds to each article; the `epub-` prefix keeps them apart from heading ids. */
export const ANCHORS = {
  title: 'epub-title',
  abstract: 'epub-abstract',
  notes: 'epub-notes',
  references: 'epub-references',
  latinReferences: 'epub-references-latin',
} as const;

/** One heading of an article as the nav lists it (depth 1 = section). */
export interface OutlineItem {
  id: string;
  text: string;
  depth: number;
}

/** Section headings of an article's body, then its notes and references sections. */
export function articleOutline(article: Article): OutlineItem[] {
  const items: OutlineItem[] = [];
  for (const block of article.body) {
    if (block.type === 'heading') {
      items.push({ id: xmlId(block.id), text: plainText(block.children) || block.id, depth: block.depth });
    }
  }
  if (article.notes.length > 0) items.push({ id: ANCHORS.notes, text: article.labels.notes, depth: 1 });
  if (article.bibliography.entries.length > 0) {
    items.push({ id: ANCHORS.references, text: article.bibliography.heading, depth: 1 });
  }
  return items;
}

export interface XhtmlShell {
  lang: Lang;
  title: string;
  /** epub:type of <body>: frontmatter, bodymatter… */
  bodyType: string;
  body: string;
}

/** A complete XHTML content document around a rendered body. */
export function xhtmlDocument(shell: XhtmlShell): string {
  const lang = escapeXml(shell.lang);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE html>',
    `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${lang}" xml:lang="${lang}">`,
    '<head>',
    '<meta charset="UTF-8"/>',
    `<title>${escapeXml(shell.title)}</title>`,
    `<link rel="stylesheet" type="text/css" href="${CSS_HREF}"/>`,
    '</head>',
    `<body epub:type="${escapeXml(shell.bodyType)}">`,
    shell.body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** `lang` and `xml:lang` together: XHTML wants both, and they must agree. */
export function langAttrs(lang: string): string {
  const value = escapeXml(lang);
  return ` lang="${value}" xml:lang="${value}"`;
}

/** The title page: journal, volume, number, year; ISSN and publisher only when known. */
export function titlePageDocument(issue: Issue): string {
  const { journal, labels } = issue;
  const lines = [
    '<section class="titlepage" epub:type="titlepage">',
    `<h1 class="journal-title">${escapeXml(journal.title)}</h1>`,
    `<p class="issue">${escapeXml(issueLine(labels, issue))}</p>`,
  ];
  if (journal.issn) lines.push(`<p class="issn">ISSN ${escapeXml(journal.issn)}</p>`);
  if (journal.eissn) lines.push(`<p class="issn">eISSN ${escapeXml(journal.eissn)}</p>`);
  if (journal.publisher) lines.push(`<p class="publisher">${escapeXml(journal.publisher)}</p>`);
  lines.push('</section>');
  return xhtmlDocument({
    lang: mainLang(issue),
    title: journal.title,
    bodyType: 'frontmatter',
    body: lines.join('\n'),
  });
}

/** Images referenced by the article, keyed by their absolute source path → href in the book. */
export type ImageHrefs = ReadonlyMap<string, string>;

/** One article as a content document. */
export function articleDocument(article: Article, images: ImageHrefs): string {
  return xhtmlDocument({
    lang: article.lang,
    title: articleTitle(article),
    bodyType: 'bodymatter',
    body: new ArticleWriter(article, images).write(),
  });
}

/**
 * Renders one article. It is a class because the parts depend on each other in order:
 * the back links of notes and references point at the calls the body actually wrote.
 */
class ArticleWriter {
  private readonly usedIds = new Set<string>();
  /** Note id → ids of the calls written for it, in order. */
  private readonly noteCalls = new Map<string, string[]>();
  /** Citation ids written (raw model ids). */
  private readonly citationsWritten = new Set<string>();
  private readonly noteIds: Set<string>;
  private readonly entryIds: Set<string>;

  constructor(
    private readonly article: Article,
    private readonly images: ImageHrefs,
  ) {
    this.noteIds = new Set(article.notes.map((n) => n.id));
    this.entryIds = new Set(article.bibliography.entries.map((e) => e.id));
    for (const id of Object.values(ANCHORS)) this.usedIds.add(id);
  }

  write(): string {
    const a = this.article;
    const out: string[] = ['<article>', this.header(), this.body(a.body)];
    if (a.notes.length > 0) out.push(this.notes(a.notes));
    if (a.bibliography.entries.length > 0) out.push(this.bibliography(a.bibliography.heading, a.bibliography.entries));
    if (a.bibliography.latin) out.push(this.bibliography(a.bibliography.latin.heading, a.bibliography.latin.entries, 'en'));
    for (const t of a.translations) out.push(this.translation(t));
    out.push('</article>');
    return out.filter((s) => s !== '').join('\n');
  }

  /** `id="…"` for the first element claiming an id in this document, nothing after (ids must be unique). */
  private idAttr(raw: string): string {
    const id = xmlId(raw);
    if (this.usedIds.has(id)) return '';
    this.usedIds.add(id);
    return ` id="${escapeXml(id)}"`;
  }

  /** Title, subtitle, authors, affiliations, contacts, then abstract and keywords. */
  private header(): string {
    const a = this.article;
    const out = ['<header>'];
    // Classification codes head the page, above the title, as Kazakh journals print them.
    if (a.codes.length > 0) out.push(`<p class="codes">${a.codes.map((c) => `${escapeXml(c.label)} ${escapeXml(c.value)}`).join('<br/>')}</p>`);
    out.push(`<h1 id="${ANCHORS.title}">${this.inlines(a.title)}</h1>`);
    if (a.subtitle && a.subtitle.length > 0) {
      out.push(`<p class="subtitle" role="doc-subtitle">${this.inlines(a.subtitle)}</p>`);
    }
    if (a.authors.length > 0) {
      const names = a.authors.map((author) => {
        const marks = author.affiliations.join(',') + (author.corresponding ? '*' : '');
        return escapeXml(author.name) + (marks ? `<sup>${escapeXml(marks)}</sup>` : '');
      });
      out.push(`<p class="authors">${names.join(', ')}</p>`);
    }
    a.affiliations.forEach((aff, i) => {
      out.push(`<p class="affiliation"><sup>${i + 1}</sup> ${escapeXml(aff.text)}</p>`);
    });
    for (const author of a.authors) {
      if (author.corresponding && author.email) {
        const email = escapeXml(author.email);
        out.push(`<p class="correspondence">* <a href="mailto:${email}">${email}</a></p>`);
      }
    }
    for (const author of a.authors) {
      if (author.orcid) {
        const orcid = escapeXml(author.orcid);
        out.push(
          `<p class="orcid">${escapeXml(author.name)}: <a href="https://orcid.org/${orcid}">https://orcid.org/${orcid}</a></p>`,
        );
      }
    }
    if (a.abstract && a.abstract.length > 0) {
      out.push(
        `<section class="abstract" role="doc-abstract" aria-labelledby="${ANCHORS.abstract}">`,
        `<h2 id="${ANCHORS.abstract}">${escapeXml(a.labels.abstract)}</h2>`,
        this.blocks(a.abstract),
        '</section>',
      );
    }
    if (a.keywords.length > 0) {
      out.push(
        `<p class="keywords"><span class="label">${escapeXml(a.labels.keywords)}:</span> ${escapeXml(a.keywords.join(', '))}</p>`,
      );
    }
    out.push('</header>');
    return out.join('\n');
  }

  /** The body, with a <section> opened at each heading and closed by the next one of the same or a higher level. */
  private body(blocks: readonly Block[]): string {
    const out: string[] = [];
    const open: number[] = [];
    for (const block of blocks) {
      if (block.type === 'heading') {
        while (open.length > 0 && open[open.length - 1] >= block.depth) {
          out.push('</section>');
          open.pop();
        }
        out.push('<section>');
        open.push(block.depth);
      }
      out.push(this.block(block));
    }
    for (let i = 0; i < open.length; i++) out.push('</section>');
    return out.join('\n');
  }

  private blocks(blocks: readonly Block[]): string {
    return blocks.map((b) => this.block(b)).join('\n');
  }

  private block(block: Block): string {
    switch (block.type) {
      case 'heading': {
        // The article title is the h1; section depth 1 is h2, and HTML stops at h6.
        const level = Math.min(block.depth + 1, 6);
        return `<h${level}${this.idAttr(block.id)}>${this.inlines(block.children)}</h${level}>`;
      }
      case 'paragraph':
        return `<p>${this.inlines(block.children)}</p>`;
      case 'list': {
        const tag = block.ordered ? 'ol' : 'ul';
        const start = block.ordered && block.start !== 1 ? ` start="${block.start}"` : '';
        const items = block.items.map((item) => `<li>${this.blocks(item.children)}</li>`);
        return `<${tag}${start}>\n${items.join('\n')}\n</${tag}>`;
      }
      case 'definitionList': {
        const items = block.items.map((item) => `<dt>${this.inlines(item.term)}</dt>\n<dd>${this.blocks(item.children)}</dd>`);
        return `<dl>\n${items.join('\n')}\n</dl>`;
      }
      case 'blockquote':
        return `<blockquote>\n${this.blocks(block.children)}\n</blockquote>`;
      case 'table':
        return this.table(block);
      case 'code':
        return codeBlock(block);
      case 'thematicBreak':
        return '<hr/>';
      case 'math': {
        // One number, or one a row (align), each with the anchor references link to.
        const rows = block.rows ?? (block.number === undefined ? [] : [{ number: block.number, id: block.id }]);
        const no = rows.length ? `<span class="eqno">${rows.map((r) => `<span${r.id === block.id ? '' : this.idAttr(r.id)}>(${escapeXml(r.number)})</span>`).join('<br/>')}</span>` : '';
        return `<div class="equation"${this.idAttr(block.id)}>${epubMathml(block.typeset.mathml)}${no}</div>`;
      }
      case 'image': {
        const href = this.images.get(block.path);
        // index.ts registers every image before rendering; a miss is a bug there, not bad input.
        if (href === undefined) throw new Error(`EPUB: image not registered: ${block.path}`);
        return `<figure class="image"><img src="${escapeXml(href)}" alt="${escapeXml(block.alt)}"/></figure>`;
      }
    }
  }

  private table(table: TableBlock): string {
    // A class, not an inline style, so the reader's own styles can still win.
    const style = (col: number): string => {
      const align = table.align[col];
      return align ? ` class="align-${align}"` : '';
    };
    const [head, ...rows] = table.rows;
    const out = ['<table>'];
    if (head) {
      const cells = head.map((cell, i) => `<th scope="col"${style(i)}>${this.inlines(cell.children)}</th>`);
      out.push(`<thead>\n<tr>${cells.join('')}</tr>\n</thead>`);
    }
    if (rows.length > 0) {
      out.push('<tbody>');
      for (const row of rows) {
        out.push(`<tr>${row.map((cell, i) => `<td${style(i)}>${this.inlines(cell.children)}</td>`).join('')}</tr>`);
      }
      out.push('</tbody>');
    }
    out.push('</table>');
    return out.join('\n');
  }

  /**
   * `inLink`: inside an <a> another link is not allowed, so links, citations and note calls
   * there are written as their text only.
   */
  private inlines(nodes: readonly Inline[], inLink = false): string {
    return nodes.map((node) => this.inline(node, inLink)).join('');
  }

  private inline(node: Inline, inLink: boolean): string {
    switch (node.type) {
      case 'text':
        return escapeXml(node.value);
      case 'emphasis':
        return `<em>${this.inlines(node.children, inLink)}</em>`;
      case 'strong':
        return `<strong>${this.inlines(node.children, inLink)}</strong>`;
      case 'smallcaps':
        return `<span class="smallcaps">${this.inlines(node.children, inLink)}</span>`;
      case 'superscript':
        return `<sup>${this.inlines(node.children, inLink)}</sup>`;
      case 'subscript':
        return `<sub>${this.inlines(node.children, inLink)}</sub>`;
      case 'code':
        return `<code>${escapeXml(node.value)}</code>`;
      case 'break':
        return '<br/>';
      case 'math':
        return epubMathml(node.typeset.mathml);
      case 'lang':
        return `<span${langAttrs(node.lang)}>${this.inlines(node.children, inLink)}</span>`;
      case 'link': {
        const href = linkHref(node.url);
        if (inLink || href === undefined) return this.inlines(node.children, inLink);
        return `<a href="${escapeXml(href)}">${this.inlines(node.children, true)}</a>`;
      }
      case 'citation': {
        const target = node.targets.find((t) => this.entryIds.has(t));
        const id = this.idAttr(node.id);
        if (id !== '') this.citationsWritten.add(node.id);
        if (inLink || target === undefined) {
          return `<span class="citation"${id}>${this.inlines(node.children, inLink)}</span>`;
        }
        return `<a class="citation"${id} epub:type="biblioref" role="doc-biblioref" href="#${escapeXml(xmlId(target))}">${this.inlines(node.children, true)}</a>`;
      }
      case 'noteref': {
        const label = escapeXml(node.label);
        if (inLink || !this.noteIds.has(node.noteId)) return `<sup class="noteref">${label}</sup>`;
        const calls = this.noteCalls.get(node.noteId) ?? [];
        const raw = `${node.noteId}-ref${calls.length > 0 ? `-${calls.length + 1}` : ''}`;
        const id = this.idAttr(raw);
        if (id !== '') calls.push(xmlId(raw));
        this.noteCalls.set(node.noteId, calls);
        return `<a class="noteref"${id} epub:type="noteref" role="doc-noteref" href="#${escapeXml(xmlId(node.noteId))}"><sup>${label}</sup></a>`;
      }
    }
  }

  private notes(notes: readonly Note[]): string {
    const out = [
      `<section class="footnotes" epub:type="footnotes" aria-labelledby="${ANCHORS.notes}">`,
      `<h2 id="${ANCHORS.notes}">${escapeXml(this.article.labels.notes)}</h2>`,
    ];
    for (const note of notes) {
      const firstCall = this.noteCalls.get(note.id)?.[0];
      const label = escapeXml(note.label);
      // The note's number links back to the (first) call, the way readers expect in a pop-up.
      const mark =
        firstCall !== undefined
          ? `<a class="note-label" role="doc-backlink" href="#${escapeXml(firstCall)}">${label}</a>`
          : `<span class="note-label">${label}</span>`;
      const [first, ...rest] = note.children;
      const content =
        first?.type === 'paragraph'
          ? [`<p>${mark} ${this.inlines(first.children)}</p>`, this.blocks(rest)]
          : [`<p>${mark}</p>`, this.blocks(note.children)];
      out.push(
        `<aside class="footnote"${this.idAttr(note.id)} epub:type="footnote" role="doc-footnote">`,
        ...content.filter((s) => s !== ''),
        '</aside>',
      );
    }
    out.push('</section>');
    return out.join('\n');
  }

  /** The title, abstract and keywords in another language, after the references, tagged with that language. */
  private translation(t: Translation): string {
    const heading = `translation-${t.lang}`;
    const out = [`<section class="translation"${langAttrs(t.lang)} aria-labelledby="${heading}">`, `<h2${this.idAttr(heading)}>${this.inlines(t.title)}</h2>`];
    if (t.abstract && t.abstract.length > 0) out.push(`<h3 class="abstract-label">${escapeXml(t.labels.abstract)}</h3>`, this.blocks(t.abstract));
    if (t.keywords.length > 0) {
      out.push(`<p class="keywords"><span class="label">${escapeXml(t.labels.keywords)}:</span> ${escapeXml(t.keywords.join(', '))}</p>`);
    }
    out.push('</section>');
    return out.join('\n');
  }

  /** A reference list; `listLang` marks the transliterated second list (in English). */
  private bibliography(heading: string, entries: readonly BibliographyEntry[], listLang?: Lang): string {
    const own = listLang ?? this.article.lang;
    const id = listLang ? ANCHORS.latinReferences : ANCHORS.references;
    const out = [
      `<section class="references" role="doc-bibliography" epub:type="bibliography" aria-labelledby="${id}"${own !== this.article.lang ? langAttrs(own) : ''}>`,
      `<h2 id="${id}">${escapeXml(heading)}</h2>`,
      '<ol>',
    ];
    for (const entry of entries) {
      const lang = entry.lang && entry.lang !== own ? langAttrs(entry.lang) : '';
      const label = entry.label ? `<span class="label">${escapeXml(entry.label)}</span> ` : '';
      // Back link only to a citation the document really contains (a dangling fragment fails EPUBCheck).
      const back =
        entry.firstCitation !== undefined && this.citationsWritten.has(entry.firstCitation)
          ? ` <a class="backlink" role="doc-backlink" href="#${escapeXml(xmlId(entry.firstCitation))}">↑</a>`
          : '';
      // No role="doc-biblioentry": DPUB-ARIA 1.1 deprecates it (axe, and so Ace, flags it);
      // an <li> of the doc-bibliography list is already a list item to assistive technology.
      out.push(
        `<li${this.idAttr(entry.id)} epub:type="biblioentry"${lang}>${label}${this.inlines(entry.children)}${back}</li>`,
      );
    }
    out.push('</ol>', '</section>');
    return out.join('\n');
  }
}

/**
 * The href for an external link, or undefined when the URL is relative: the book holds no
 * such file, and a dangling relative link is an EPUBCheck error. A bare e-mail gets mailto:.
 */
function linkHref(url: string): string | undefined {
  const trimmed = url.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return trimmed;
  if (/^[^\s@/:]+@[^\s@/]+$/.test(trimmed)) return `mailto:${trimmed}`;
  return undefined;
}

/**
 * A code block as `<pre><code>`: its lines as resolve tokenized them (tabs already spaces),
 * each highlighted token a span whose classes the stylesheet colours from the template's
 * palette ("title.function" → class="hl-title hl-title-function").
 */
function codeBlock(block: CodeBlock): string {
  const lines = block.lines ?? block.value.split('\n').map((text) => [{ text }]);
  const lang = block.lang ? ` class="language-${tokenClass(block.lang)}"` : '';
  const body = lines
    .map((tokens) => tokens.map((t) => (t.token ? `<span class="${tokenClasses(t.token)}">${escapeXml(t.text)}</span>` : escapeXml(t.text))).join(''))
    .join('\n');
  return `<pre><code${lang}>${body}</code></pre>`;
}

/** A scope or language as a class name part: letters, digits, - and _ only. */
export function tokenClass(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

export function tokenClasses(scope: string): string {
  const parts = scope.split('.');
  return parts.map((_, i) => `hl-${tokenClass(parts.slice(0, i + 1).join('-'))}`).join(' ');
}
