/** mdast block content to our blocks; footnote definitions are collected, not printed here. */
import type { BlockContent, DefinitionContent, Heading, RootContent, Image } from 'mdast';
import type { Block, ListItem } from '../model.js';
import { type ResolveContext, toPos } from './context.js';
import { inlineText, resolveInlines } from './inlines.js';
import { resolveImagePath, sanitizeBlockHtml } from './safety.js';
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
  for (const node of nodes) {
    const pos = toPos(ctx, node.position);
    switch (node.type) {
      case 'heading':
        out.push({ type: 'heading', depth: node.depth, id: headingId(node, ctx), children: resolveInlines(node.children, ctx), pos });
        break;
      case 'paragraph': {
        const only = node.children.length === 1 ? node.children[0] : undefined;
        if (only?.type === 'image') {
          const img = only as Image;
          const file = resolveImagePath(img.url, ctx, pos);
          if (!img.alt) ctx.reporter.warn('Image has no alternative text (write it in ![...])', 'image-alt', pos);
          if (file) out.push({ type: 'image', path: file, alt: img.alt ?? '', pos });
          break;
        }
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
      case 'table':
        out.push({
          type: 'table',
          align: node.align ?? [],
          rows: node.children.map((row) =>
            row.children.map((cell) => ({ children: resolveInlines(cell.children, ctx), pos: toPos(ctx, cell.position) })),
          ),
          pos,
        });
        break;
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
