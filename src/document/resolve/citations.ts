/**
 * Citations: collect every citation node of an article in reading order, let the
 * references stage format them with the journal's style in the article's locale, and
 * keep the result keyed by node for the inline pass.
 */
import type { PhrasingContent, Root } from 'mdast';
import { parseMarkdown } from '../../manuscript/parse.js';
import { visit } from 'unist-util-visit';
import type { Citation } from '../../manuscript/citation/index.js';
import { formatLatinList, formatReferences, type Cluster, type LoadedEntry } from '../../references/index.js';
import type { Bibliography, Inline, Lang } from '../model.js';
import type { ResolveContext } from './context.js';
import { CROSSREF_KEY } from './crossrefs.js';

export function resolveCitations(
  tree: Root,
  ctx: ResolveContext,
  entries: Map<string, LoadedEntry>,
  style: string,
  heading: string,
  /** Files whose unused entries deserve a warning (the article's own, not the issue's). */
  ownFiles: Set<string>,
  /** Also the transliterated second list (latin-list.ts). */
  latin = false,
  /** Whose language picks the terms in each entry, when issue.yaml says (else the style's choice). */
  entryTerms?: 'entry' | 'article',
): Bibliography {
  const nodes: Citation[] = [];
  // `@fig:a`, `[@tbl:b; @eq:c]`: cross-references (crossrefs.ts), not works cited.
  const cross = (ctx.crossrefCitations ??= new Map());
  visit(tree, 'citation', (node: Citation) => {
    const refs = node.items.filter((i) => CROSSREF_KEY.test(i.key));
    if (refs.length) {
      cross.set(node, refs.map((i) => ({ key: i.key, prefix: i.prefix, suffix: i.suffix, suppressAuthor: i.suppressAuthor, pos: { file: ctx.file, line: i.position.start.line, column: i.position.start.column } })));
      if (refs.length === node.items.length) return;
    }
    nodes.push(node);
  });
  const clusters: Cluster[] = nodes.map((node, i) => ({
    id: `${ctx.slug}-cite-${i + 1}`,
    mode: node.mode,
    items: node.items.filter((item) => !CROSSREF_KEY.test(item.key)).map((item) => ({
      key: item.key,
      locator: item.locator,
      label: item.label,
      prefix: item.prefix ? affixMarkup(item.prefix) : undefined,
      suffix: item.suffix ? affixMarkup(item.suffix) : undefined,
      suppressAuthor: item.suppressAuthor,
      pos: { file: ctx.file, line: item.position.start.line, column: item.position.start.column },
    })),
  }));
  const request = { style, lang: ctx.lang as Lang, entries, clusters, idPrefix: `${ctx.slug}-ref-`, warnUnused: false, ...(entryTerms ? { entryTerms } : {}) };
  const result = formatReferences(request, ctx.reporter);
  // An issue-wide bibliography serves every article; only an article's own entries must be cited.
  const cited = new Set(clusters.flatMap((c) => c.items.map((i) => i.key)));
  for (const [key, e] of entries) {
    if (!cited.has(key) && ownFiles.has(e.file) && !isCrossrefTarget(key, entries)) {
      ctx.reporter.warn(`Bibliography entry ‘${key}’ is never cited`, 'bibliography-unused-entry', { file: e.file, line: e.line, column: e.column });
    }
  }
  const byId = new Map(result.clusters.map((c) => [c.id, c] as const));
  nodes.forEach((node, i) => {
    const c = byId.get(clusters[i].id);
    // A citation the style prints as nothing (warned about) leaves no empty link behind.
    if (c && c.children.length > 0) ctx.citations.set(node, { id: c.id, targets: c.targets, children: c.children as Inline[] });
  });
  const bibliography: Bibliography = { heading: result.heading || heading, entries: result.entries };
  if (latin && result.entries.length > 0) bibliography.latin = formatLatinList({ ...request, idPrefix: `${ctx.slug}-ref-latin-` }, result.entries);
  return bibliography;
}

/**
 * A citation's prefix or suffix is Markdown (`[*see* @a, p. 3]`): parsed here, and handed to
 * the CSL processor in the rich-text markup it reads in affixes (<i>, <b>, <sup>, <sub>).
 */
export function affixMarkup(text: string): string {
  const para = parseMarkdown(text).children[0];
  if (!para || para.type !== 'paragraph') return escapeXml(text);
  const out = (nodes: PhrasingContent[]): string =>
    nodes
      .map((n) => {
        switch (n.type) {
          case 'text':
          case 'inlineCode':
            return escapeXml(n.value);
          case 'emphasis':
            return `<i>${out(n.children)}</i>`;
          case 'strong':
            return `<b>${out(n.children)}</b>`;
          case 'superscript':
            return `<sup>${out(n.children)}</sup>`;
          case 'subscript':
            return `<sub>${out(n.children)}</sub>`;
          default:
            return 'children' in n ? out(n.children as PhrasingContent[]) : '';
        }
      })
      .join('');
  // Leading and trailing spaces are part of an affix ("see ", ", p. 3"); Markdown drops them.
  const lead = /^\s*/.exec(text)![0];
  const trail = /\s*$/.exec(text)![0];
  return `${lead ? ' ' : ''}${out(para.children)}${trail ? ' ' : ''}`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function isCrossrefTarget(key: string, entries: Map<string, LoadedEntry>): boolean {
  for (const e of entries.values()) if (e.crossref === key) return true;
  return false;
}
