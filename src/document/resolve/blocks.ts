/** mdast block content to our blocks; footnote definitions are collected, not printed here. */
import type { BlockContent, DefinitionContent, Heading, RootContent } from 'mdast';
import type { TableCaption } from '../../manuscript/figure/index.js';
import type { Block, Caption, ListItem } from '../model.js';
import { type ResolveContext, toPos } from './context.js';
import { inlineText, resolveInlines } from './inlines.js';
import { sanitizeBlockHtml } from './safety.js';
import { registerHeading, resolveFigure, resolveTableCaption, trimInlines } from './figures.js';
import '../../manuscript/tex/types.js';
import { resolveDisplayMath } from './math.js';
import { codeLines, fenceLanguage } from './highlight.js';

type MdBlock = RootContent | BlockContent | DefinitionContent;

/** Lists deeper than this are refused: no article needs them and recursion has a cost. */
export const MAX_NESTING = 40;

export function resolveBlocks(nodes: MdBlock[], ctx: ResolveContext, depth = 0): Block[] {
  const out: Block[] = [];
  if (depth > MAX_NESTING) {
    const first = nodes[0];
    ctx.reporter.error(`Lists or quotes nested more than ${MAX_NESTING} deep`, 'nesting-too-deep', toPos(ctx, first?.position));
    return out;
  }
  // A table's caption stands right before it (the figure transform puts it there).
  let caption: TableCaption | undefined;
  for (const node of nodes) {
    const pos = toPos(ctx, node.position);
    switch (node.type) {
      case 'heading': {
        const id = headingId(node, ctx);
        // Trimmed: a `\label{…}` or `{#id}` taken from the end leaves a space behind.
        const children = trimInlines(resolveInlines(node.children, ctx));
        registerHeading(node, id, children, ctx);
        out.push({ type: 'heading', depth: node.depth, id, children, pos });
        break;
      }
      case 'figure': {
        const figure = resolveFigure(node, ctx, pos);
        if (figure) out.push(figure);
        break;
      }
      case 'tableCaption':
        caption = node;
        break;
      case 'paragraph': {
        const children = resolveInlines(node.children, ctx);
        if (children.length) out.push({ type: 'paragraph', children, pos });
        break;
      }
      case 'list': {
        const items: ListItem[] = node.children.map((item) => ({
          children: resolveBlocks(item.children, ctx, depth + 1),
          pos: toPos(ctx, item.position),
        }));
        out.push({ type: 'list', ordered: !!node.ordered, start: node.start ?? 1, items, pos });
        break;
      }
      case 'blockquote':
        out.push({ type: 'blockquote', children: resolveBlocks(node.children, ctx, depth + 1), pos });
        break;
      case 'descriptionList':
        out.push({
          type: 'definitionList',
          items: node.children.map((item) => ({
            term: resolveInlines(item.children[0].children, ctx),
            children: resolveBlocks(item.children[1].children, ctx, depth + 1),
            pos: toPos(ctx, item.position),
          })),
          pos,
        });
        break;
      case 'table': {
        const numbered: Caption | undefined = caption ? resolveTableCaption(caption, ctx) : undefined;
        caption = undefined;
        out.push({
          type: 'table',
          align: node.align ?? [],
          rows: node.children.map((row) =>
            row.children.map((cell) => ({ children: resolveInlines(cell.children, ctx), pos: toPos(ctx, cell.position) })),
          ),
          ...(numbered ? { caption: numbered } : {}),
          pos,
        });
        break;
      }
      case 'code': {
        const lang = fenceLanguage(node.lang, node.meta);
        out.push({ type: 'code', value: node.value, ...(lang ? { lang } : {}), lines: codeLines(node.value, lang, ctx.tab ?? 4, ctx.highlighter), pos });
        break;
      }
      case 'thematicBreak':
        out.push({ type: 'thematicBreak', pos });
        break;
      case 'math':
        out.push(resolveDisplayMath(node, pos, ctx));
        break;
      case 'html':
        sanitizeBlockHtml(node.value, pos, ctx);
        break;
      case 'footnoteDefinition':
      case 'definition':
      case 'referencesPlace':
      case 'yaml':
        break;
      default:
        ctx.reporter.warn(`Unsupported Markdown construct ‘${node.type}’ was dropped`, 'markdown-unsupported', pos);
    }
  }
  return out;
}

function headingId(node: Heading, ctx: ResolveContext): string {
  const text = node.children.map((c) => ('value' in c ? c.value : '')).join('');
  // ASCII ids stay readable; Cyrillic headings get a numbered id (XML ids must be NCNames).
  const base = `${ctx.slug}-${text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'section'}`;
  let id = base;
  for (let n = 2; ctx.headingIds.has(id); n++) id = `${base}-${n}`;
  ctx.headingIds.add(id);
  return id;
}

export { inlineText };
