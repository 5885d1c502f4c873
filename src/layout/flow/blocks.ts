/**
 * Blocks to the vertical list: paragraphs, headings, lists, quotes, tables, images, the
 * reference list and notes, each set with its template style.
 */
import { append } from './lines.js';
import type { Article, Block, Inline } from '../../document/model.js';
import { styleLength, type Template, type TextStyle } from '../../config/template.js';
import type { FontBook } from '../fonts.js';
import type { Structure } from '../structure.js';
import type { RunStyle } from '../inline/collect.js';
import type { VLine } from './lines.js';
import { setParagraph } from './paragraph.js';
import { imageSize } from './image-size.js';
import { inlineText } from '../../document/inlines.js';

export interface BlockContext {
  template: Template;
  fonts: FontBook;
  structure: Structure;
  article: Article;
  width: number;
  nextGroup: () => number;
  smallCaps: boolean;
}

function runStyle(ctx: BlockContext, style: TextStyle, struct: number, face: RunStyle['face'] = 'regular'): RunStyle {
  return { face, size: style.size, lang: ctx.article.lang, struct, features: ctx.template.features, smallCaps: ctx.smallCaps };
}

export function blocksToLines(blocks: Block[], ctx: BlockContext, parent: number, indent = 0): VLine[] {
  const out: VLine[] = [];
  const s = ctx.template.styles;
  const body = s.body;
  let afterHeading = true;
  let pendingSpace = 0;
  for (const block of blocks) {
    const before = out.length;
    switch (block.type) {
      case 'paragraph': {
        const struct = ctx.structure.add('P', parent);
        append(out, setParagraph(ctx.fonts, {
            inlines: block.children,
            style: runStyle(ctx, body, struct),
            leading: body.leading,
            width: ctx.width - indent,
            x: indent,
            firstIndent: afterHeading || indent > 0 ? 0 : styleLength(body, body.indent),
            grid: indent === 0,
            group: ctx.nextGroup(),
          }),
        );
        afterHeading = false;
        break;
      }
      case 'heading': {
        const sub = block.depth > 1;
        const st = sub ? s.subheading : s.heading;
        const struct = ctx.structure.add(block.depth === 1 ? 'H2' : 'H3', parent);
        append(out, setParagraph(ctx.fonts, {
            inlines: block.children,
            style: runStyle(ctx, st, struct, sub ? 'boldItalic' : 'bold'),
            leading: st.leading,
            width: ctx.width,
            align: 'left',
            hyphenate: false,
            grid: sub,
            spaceBefore: (st.before ?? 0) * body.leading,
            keepWithNext: 2,
            group: ctx.nextGroup(),
            anchors: [block.id],
          }).map((l, i) => (i === 0 ? { ...l, outline: { title: inlineText(block.children), depth: block.depth + 1, dest: block.id } } : l)),
        );
        afterHeading = true;
        break;
      }
      case 'list': {
        const st = s.list ?? body;
        const listStruct = ctx.structure.add('L', parent);
        const step = styleLength(st, st.indent ?? '1em');
        block.items.forEach((item, i) => {
          const li = ctx.structure.add('LI', listStruct);
          const lbody = ctx.structure.add('LBody', li);
          const marker = block.ordered ? `${block.start + i}.` : '–';
          const lines = blocksToLines(item.children, ctx, lbody, indent + step);
          const first = lines[0];
          if (first) first.label = { text: marker, run: { ...first.runs[0], ...runStyle(ctx, st, ctx.structure.add('Lbl', li)), text: marker, rise: 0 }, x: indent };
          append(out, lines);
        });
        afterHeading = false;
        break;
      }
      case 'blockquote': {
        const st = s.blockquote;
        const q = ctx.structure.add('BlockQuote', parent);
        const ind = styleLength(st, st.indent);
        for (const child of block.children) {
          if (child.type === 'paragraph') {
            append(out, setParagraph(ctx.fonts, {
                inlines: child.children,
                style: runStyle(ctx, st, ctx.structure.add('P', q)),
                leading: st.leading,
                width: ctx.width - indent - 2 * ind,
                x: indent + ind,
                spaceBefore: st.leading / 2,
                group: ctx.nextGroup(),
              }),
            );
          } else append(out, blocksToLines([child], ctx, q, indent + ind));
        }
        afterHeading = false;
        break;
      }
      case 'code': {
        const struct = ctx.structure.add('Code', parent);
        const st = s.table;
        for (const text of block.value.split('\n')) {
          append(out, setParagraph(ctx.fonts, { inlines: [{ type: 'code', value: text || ' ' }], style: runStyle(ctx, st, struct), leading: st.leading, width: ctx.width - indent, x: indent, align: 'left', hyphenate: false, group: ctx.nextGroup() }));
        }
        break;
      }
      case 'table':
        append(out, tableLines(block, ctx, parent, indent));
        break;
      case 'image': {
        const struct = ctx.structure.add('Figure', parent, { alt: block.alt || 'Image' });
        const size = imageSize(block.path);
        const w = Math.min(ctx.width - indent, size ? size.width : ctx.width);
        const h = size ? (w * size.height) / size.width : w * 0.6;
        // The image's height rounded up to whole body lines keeps the grid below it.
        const lines = Math.ceil(h / body.leading);
        out.push({
          line: { items: [], width: 0, ratio: 0, hyphenated: false, last: true, ragged: false },
          runs: [],
          x: indent,
          measure: w,
          align: 'left',
          leading: lines * body.leading,
          ascent: h,
          grid: false,
          spaceBefore: body.leading / 2,
          group: ctx.nextGroup(),
          idx: 0,
          count: 1,
          keepWithNext: 0,
          notes: [],
          anchors: [],
          image: { path: block.path, width: w, height: h, alt: block.alt, struct },
        });
        break;
      }
      case 'thematicBreak':
        // A section break: the next line keeps a blank line above it.
        pendingSpace = body.leading;
        break;
    }
    if (pendingSpace && out.length > before && block.type !== 'thematicBreak') {
      out[before] = { ...out[before], spaceBefore: Math.max(out[before].spaceBefore, pendingSpace) };
      pendingSpace = 0;
    }
  }
  return out;
}


function tableLines(block: Extract<Block, { type: 'table' }>, ctx: BlockContext, parent: number, indent: number): VLine[] {
  const st = ctx.template.styles.table;
  const table = ctx.structure.add('Table', parent);
  const cols = block.rows.reduce((n, r) => Math.max(n, r.length), 0);
  const width = ctx.width - indent;
  const gap = st.size * 0.8;
  const colW = (width - gap * (cols - 1)) / cols;
  const out: VLine[] = [];
  const rule = ctx.template.rules.table;
  block.rows.forEach((row, ri) => {
    const tr = ctx.structure.add('TR', table);
    const group = ctx.nextGroup();
    const cellLines = row.map((cell, ci) => {
      const struct = ctx.structure.add(ri === 0 ? 'TH' : 'TD', tr);
      const a = block.align[ci];
      return setParagraph(ctx.fonts, {
        inlines: cell.children.length ? cell.children : ([{ type: 'text', value: ' ' }] as Inline[]),
        style: runStyle(ctx, st, struct, ri === 0 ? 'bold' : 'regular'),
        leading: st.leading,
        width: colW,
        x: indent + ci * (colW + gap),
        align: a === 'right' ? 'right' : a === 'center' ? 'center' : 'left',
        hyphenate: true,
        group,
      });
    });
    const height = Math.max(1, ...cellLines.map((c) => c.length));
    for (let k = 0; k < height; k++) {
      // One vertical-list line per text row; the other cells' pieces ride along as labels.
      const parts = cellLines.map((c) => c[k]).filter((l): l is VLine => !!l);
      const [first, ...rest] = parts;
      if (!first) continue;
      const merged: VLine = {
        ...first,
        idx: k,
        count: height,
        group,
        spaceBefore: k === 0 && ri === 0 ? st.leading / 2 : 0,
        rules: [],
        // Riders: the other cells of this row share the line's baseline.
        label: undefined,
      };
      (merged as VLine & { riders?: VLine[] }).riders = rest;
      if (k === 0 && ri === 0) merged.rules!.push({ y: -st.leading + 2, x1: indent, x2: indent + width, thickness: rule });
      if (k === height - 1 && ri === 0) merged.rules!.push({ y: st.leading * 0.35, x1: indent, x2: indent + width, thickness: rule / 2 });
      if (k === height - 1 && ri === block.rows.length - 1) merged.rules!.push({ y: st.leading * 0.35, x1: indent, x2: indent + width, thickness: rule });
      out.push(merged);
    }
  });
  return out;
}
