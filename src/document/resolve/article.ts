/** One article: front matter, citations, body and notes resolved into an `Article`. */
import type { FootnoteDefinition } from 'mdast';
import { visit } from 'unist-util-visit';
import type { ParsedArticle } from '../../manuscript/parse.js';
import { readBibliographies, type LoadedEntry } from '../../references/index.js';
import type { Reporter } from '../../messages/diagnostic.js';
import type { Template } from '../../config/template.js';
import type { Article, Author, Block, HeadingBlock, Labels, Lang, Translation } from '../model.js';
import { resolveBlocks } from './blocks.js';
import { resolveCitations } from './citations.js';
import { takeReferencesPlace } from './references-place.js';
import { surname } from '../names.js';
import { type ResolveContext, toPos } from './context.js';
import type { Highlighter } from './highlight.js';
import { inlineText, resolveInlines } from './inlines.js';
import { parseMarkdown } from '../../manuscript/parse.js';
import type { TextFile } from '../../manuscript/load.js';
import path from 'node:path';

export interface ArticleInputs {
  parsed: ParsedArticle;
  template: Template;
  style: string;
  /** Add the transliterated second reference list (issue.yaml `latin_references`). */
  latinReferences?: boolean;
  /** issue.yaml `reference_terms`: overrides the style's choice of whose language picks the terms. */
  entryTerms?: 'entry' | 'article';
  issueBibliographies: TextFile[];
  labels: Labels;
  /** The labels of another language (for the translated title blocks). */
  labelsIn: (lang: Lang) => Labels;
  reporter: Reporter;
  /** Tokenizes fenced code by its language; without it code is plain. */
  highlighter?: Highlighter;
}

export function resolveArticle({ parsed, template, style, latinReferences, entryTerms, issueBibliographies, labels, labelsIn, reporter, highlighter }: ArticleInputs): Article {
  const fm = parsed.frontMatter.value;
  const lang = fm.lang as Lang;
  const ctx: ResolveContext = {
    file: parsed.file,
    dir: parsed.loaded.dir,
    slug: parsed.loaded.slug,
    lang,
    quotes: template.quotes[lang] ?? { outer: ['“', '”'], inner: ['‘', '’'] },
    quotesFor: (l) => template.quotes[l],
    reporter,
    citations: new Map(),
    noteDefinitions: new Map(),
    noteNumbers: new Map(),
    notes: [],
    headingIds: new Set(),
    equations: { count: 0, number: 0, labels: new Set() },
    highlighter,
    tab: template.code.tab,
  };

  visit(parsed.tree, 'footnoteDefinition', (node: FootnoteDefinition) => {
    ctx.noteDefinitions.set(node.identifier, { node, pos: toPos(ctx, node.position) });
  });

  // Bibliographies: the files the front matter names (or all in the folder), plus the issue's.
  const named = fm.bibliography === undefined ? undefined : Array.isArray(fm.bibliography) ? fm.bibliography : [fm.bibliography];
  let files = parsed.loaded.bibliographies;
  if (named) {
    files = [];
    for (const [i, name] of named.entries()) {
      const want = path.resolve(parsed.loaded.dir, name);
      const f = parsed.loaded.bibliographies.find((b) => b.path === want);
      if (f) files.push(f);
      else reporter.error(`Bibliography file not found in the article folder: ${name}`, 'bibliography-missing', parsed.frontMatter.at(Array.isArray(fm.bibliography) ? ['bibliography', i] : ['bibliography']));
    }
  }
  const entries: Map<string, LoadedEntry> = readBibliographies([...files, ...issueBibliographies], reporter);
  const bibliography = resolveCitations(parsed.tree, ctx, entries, style, labels.references, new Set(files.map((f) => f.path)), !!latinReferences, entryTerms);

  const body = normalizeHeadingDepths(resolveBlocks(takeReferencesPlace(parsed.tree.children, ctx), ctx));
  // Notes defined but never called would be lost silently.
  for (const [id, def] of ctx.noteDefinitions) {
    if (!ctx.noteNumbers.has(id)) reporter.warn(`Footnote [^${id}] is defined but never called`, 'footnote-unused', def.pos);
  }

  const fmInline = (text: string, keyPath: (string | number)[], c: ResolveContext = ctx) => {
    const at = parsed.frontMatter.at(keyPath);
    const tree = parseMarkdown(text);
    const para = tree.children[0];
    const sub: ResolveContext = { ...c, file: at.file };
    return para && para.type === 'paragraph' ? resolveInlines(para.children, sub).map((n) => ({ ...n, pos: at })) : [];
  };
  const title = fmInline(fm.title, ['title']);
  const titleText = inlineText(title);
  const authors: Author[] = fm.authors.map((a) => ({
    name: a.name,
    family: a.family,
    surname: a.family ?? surname(a.name),
    given: a.given,
    affiliations: a.affiliation,
    corresponding: a.corresponding,
    equalContrib: a.equalContrib || undefined,
    email: a.email,
    orcid: a.orcid?.trim().replace(/^https?:\/\/orcid\.org\//, ''),
  }));
  const abstract = fm.abstract ? resolveBlocks(parseMarkdown(fm.abstract).children, { ...ctx }) : undefined;

  // The title block again in other languages, each set with that language's quotes and labels.
  const seen = new Set<Lang>([lang]);
  const translations: Translation[] = [];
  fm.translations.forEach((t, i) => {
    const at = parsed.frontMatter.at(['translations', i, 'lang']);
    if (seen.has(t.lang)) {
      const why = t.lang === lang ? 'is the article’s own language; a translation is in another' : 'is given twice; a language has one translation';
      reporter.error(`translations: ‘${t.lang}’ ${why}`, 'front-matter-translation', at);
      return;
    }
    seen.add(t.lang);
    const sub: ResolveContext = { ...ctx, lang: t.lang, quotes: template.quotes[t.lang] ?? ctx.quotes };
    translations.push({
      lang: t.lang,
      title: fmInline(t.title, ['translations', i, 'title'], sub),
      abstract: t.abstract ? resolveBlocks(parseMarkdown(t.abstract).children, sub) : undefined,
      keywords: t.keywords,
      labels: labelsIn(t.lang),
      pos: parsed.frontMatter.at(['translations', i]),
    });
  });
  const codes = [
    ...(fm.udc ? [{ label: labels.udc, value: fm.udc }] : []),
    ...(fm.irsti ? [{ label: labels.irsti, value: fm.irsti }] : []),
  ];

  return {
    slug: parsed.loaded.slug,
    lang,
    title,
    titleText,
    shortTitle: fm.short_title ?? shortenTitle(titleText),
    subtitle: fm.subtitle ? fmInline(fm.subtitle, ['subtitle']) : undefined,
    authors,
    affiliations: fm.affiliations.map((text) => ({ text })),
    abstract,
    keywords: fm.keywords,
    codes,
    translations,
    body,
    notes: ctx.notes,
    bibliography,
    labels,
    source: parsed.file,
    pos: { file: parsed.file, line: 1, column: 1 },
  };
}

/** The title cut at a word boundary, for running heads (journal-style.md). */
export function shortenTitle(title: string, max = 60): string {
  if (title.length <= max) return title;
  const cut = title.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > 20 ? space : max).replace(/[\s,;:–—-]+$/, '')}…`;
}

/**
 * Authors start sections at `#` or at `##` (the title lives in the front matter); either
 * way the shallowest heading of the body is a section (depth 1) and the rest follow.
 */
export function normalizeHeadingDepths(body: Block[]): Block[] {
  const depths = body.filter((b): b is HeadingBlock => b.type === 'heading').map((b) => b.depth);
  const shift = depths.length ? Math.min(...depths) - 1 : 0;
  return shift ? body.map((b) => (b.type === 'heading' ? { ...b, depth: b.depth - shift } : b)) : body;
}
