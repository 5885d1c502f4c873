/**
 * Figures and table captions: an image with a caption becomes a numbered figure ("Figure 1",
 * "1-сурет", "Рисунок 1"), its caption resolved like any text (its citations counted where
 * it stands), its labels (`{#fig:id}`, `\label{x}` in the caption) registered for
 * cross-references, its pandoc attributes (`width`, `height`, `.wide`) kept; a table
 * caption numbers its table the same way.
 */
import type { Heading, PhrasingContent } from 'mdast';
import type { Attributes, Figure, TableCaption } from '../../manuscript/figure/index.js';
import type { Caption, ImageBlock, ImageLength, Inline, SourcePos } from '../model.js';
import { toPoints } from '../../config/units.js';
import { inlineText } from '../inlines.js';
import { type ResolveContext, toPos } from './context.js';
import { readImageFile } from './image-file.js';
import { resolveInlines } from './inlines.js';
import { resolveImagePath } from './safety.js';

/** The labels of `\label{x}` nodes anywhere in `nodes`, with their positions. */
function texLabels(nodes: readonly PhrasingContent[], ctx: ResolveContext): { label: string; pos: SourcePos }[] {
  const out: { label: string; pos: SourcePos }[] = [];
  const walk = (list: readonly PhrasingContent[]) => {
    for (const n of list) {
      if (n.type === 'texLabel') out.push({ label: n.label, pos: toPos(ctx, n.position) });
      else if ('children' in n) walk(n.children as PhrasingContent[]);
    }
  };
  walk(nodes);
  return out;
}

/** White space left at the ends of a caption (before a removed `\label`, after `Table:`) goes. */
export function trimInlines(list: Inline[]): Inline[] {
  const out = [...list];
  const first = out[0];
  if (first?.type === 'text') out[0] = { ...first, value: first.value.replace(/^\s+/, '') };
  const last = out[out.length - 1];
  if (last?.type === 'text') out[out.length - 1] = { ...last, value: last.value.replace(/\s+$/, '') };
  return out.filter((n) => n.type !== 'text' || n.value !== '');
}

function fill(pattern: string, n: number): string {
  return pattern.includes('{n}') ? pattern.replace('{n}', String(n)) : `${pattern} ${n}`;
}

/** Labels an attribute block and the caption's `\label`s give, each registered for `target`. */
function registerLabels(attributes: Attributes | undefined, tex: { label: string; pos: SourcePos }[], target: Parameters<ResolveContext['crossrefs']['label']>[1], ctx: ResolveContext): void {
  if (attributes?.id) ctx.crossrefs.label(attributes.id, target, ctx);
  for (const t of tex) ctx.crossrefs.label(t.label, { ...target, pos: t.pos }, ctx);
}

/** Pandoc's `width=60%`, `8cm`, `300px`, `0.5\linewidth`; null for what it cannot place (ignored quietly, as pandoc does). */
export function imageLength(value: string | undefined): ImageLength | null {
  if (!value) return null;
  const v = value.trim();
  let m = /^(\d*\.?\d+)\s*%$/.exec(v);
  if (m) return Number(m[1]) > 0 ? { percent: Number(m[1]) } : null;
  m = /^(\d*\.?\d+)?\s*\\(?:linewidth|textwidth|columnwidth|hsize)$/.exec(v);
  if (m) return { percent: 100 * Number(m[1] ?? 1) };
  m = /^(\d*\.?\d+)\s*(px)?$/.exec(v);
  if (m) return Number(m[1]) > 0 ? { points: Number(m[1]) * 0.75 } : null;
  const pt = toPoints(v);
  return pt !== null && pt > 0 && !/em\s*$/.test(v) ? { points: pt } : null;
}

export function resolveFigure(node: Figure, ctx: ResolveContext, pos: SourcePos): ImageBlock | null {
  const file = resolveImagePath(node.url, ctx, pos);
  if (!file) return null;
  const data = readImageFile(file, node.url, pos, ctx.reporter);
  if (!data) return null;
  const tex = texLabels(node.children, ctx);
  const children = trimInlines(resolveInlines(node.children, ctx));
  const text = inlineText(children).trim();
  const block: ImageBlock = { type: 'image', path: file, alt: text || node.alt.trim(), pos, data };
  if (!text) ctx.reporter.warn('Image has no alternative text (write it in ![...])', 'image-alt', pos);
  if (text || node.attributes?.id) {
    const { number, id } = ctx.crossrefs.next('figure');
    const L = ctx.crossrefs.labels;
    block.caption = { id, number, label: fill(L.figure, number), separator: L.captionSeparator, children };
    registerLabels(node.attributes, tex, { kind: 'figure', id, number, pos }, ctx);
  }
  const a = node.attributes;
  if (a) {
    const width = imageLength(a.keyValues.width);
    const height = imageLength(a.keyValues.height);
    if (width) block.width = width;
    if (height) block.height = height;
    if (a.classes.includes('wide')) block.wide = true;
  }
  return block;
}

export function resolveTableCaption(node: TableCaption, ctx: ResolveContext): Caption {
  const tex = texLabels(node.children, ctx);
  const children = trimInlines(resolveInlines(node.children, ctx));
  const { number, id } = ctx.crossrefs.next('table');
  const L = ctx.crossrefs.labels;
  registerLabels(node.attributes, tex, { kind: 'table', id, number, pos: toPos(ctx, node.position) }, ctx);
  return { id, number, label: fill(L.table, number), separator: L.captionSeparator, children };
}

/** A heading's labels (`{#sec:id}`, `\label{x}` in it) name it for `@sec:id`, by its title. */
export function registerHeading(node: Heading, id: string, title: Inline[], ctx: ResolveContext): void {
  const tex = texLabels(node.children, ctx);
  registerLabels(node.data?.attributes, tex, { kind: 'section', id, title, pos: toPos(ctx, node.position) }, ctx);
}
