/**
 * Blocks to the vertical list: paragraphs, headings, lists, quotes, tables (table.ts),
 * images, each set with its template style.
 */
import { append, blankLine } from './lines.js';
import type { Article, Block, Inline, MathBlock } from '../../document/model.js';
import { codeScale, styleLength, type Template, type TextStyle } from '../../config/template.js';
import type { FontBook } from '../fonts.js';
import type { Structure } from '../structure.js';
import type { RunStyle } from '../inline/collect.js';
import type { VLine } from './lines.js';
import { setParagraph } from './paragraph.js';
import { imageSize } from './image-size.js';
import { setTable } from './table.js';
import { setCodeBlock } from './code.js';
import { inlineText } from '../../document/inlines.js';
import { placeDisplayMath } from '../math-fit.js';

export interface BlockContext {
  template: Template;
  fonts: FontBook;
  structure: Structure;
  article: Article;
  width: number;
  nextGroup: () => number;
  smallCaps: boolean;
  /** Where blocks too wide for a column may span the columns: the frame's width, and the tallest piece a page takes. */
  span?: { width: number; maxHeight: number };
}

/** Headings of level four and below in capitals when the face has no small capitals. */
function upperCase(nodes: Inline[]): Inline[] {
  return nodes.map((n) => (n.type === 'text' ? { ...n, value: n.value.toUpperCase() } : 'children' in n ? ({ ...n, children: upperCase(n.children) } as Inline) : n));
}

/** Least space between a list's label and its text, in em (journal-style.md: a quarter em at the least). */
const LABEL_GAP_EM = 0.5;

function runStyle(ctx: BlockContext, style: TextStyle, struct: number, face: RunStyle['face'] = 'regular'): RunStyle {
  return { face, size: style.size, lang: ctx.article.lang, struct, features: ctx.template.features, smallCaps: ctx.smallCaps, structure: ctx.structure, codeScale: codeScale(ctx.template) };
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
        const struct = ctx.structure.add(block.depth === 1 ? 'H2' : block.depth === 2 ? 'H3' : block.depth === 3 ? 'H4' : block.depth === 4 ? 'H5' : 'H6', parent);
        // Each level looks different (journal-style.md): sections bold, sub-sections bold
        // italic, then italic, then small capitals; a sub-heading after text gets a line
        // of space above, so it stays on the grid and does not read as the text's last line.
        const face = block.depth === 1 ? 'bold' : block.depth === 2 ? 'boldItalic' : 'italic';
        const style = runStyle(ctx, st, struct, face);
        if (block.depth >= 4) {
          style.face = 'regular';
          if (ctx.smallCaps) style.features = [...style.features, 'smcp'];
        }
        append(out, setParagraph(ctx.fonts, {
            inlines: block.depth >= 4 && !ctx.smallCaps ? upperCase(block.children) : block.children,
            style,
            leading: st.leading,
            width: ctx.width,
            align: 'left',
            hyphenate: false,
            grid: sub,
            spaceBefore: sub ? (afterHeading ? 0 : body.leading) : (st.before ?? 0) * body.leading,
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
        // The label box is as wide as the widest marker ("15." is wider than 1 em) and a
        // gap; numbers stand right-aligned in it, so 9. and 10. end together.
        const markers = block.items.map((_, i) => (block.ordered ? `${block.start + i}.` : '–'));
        const labelStyle = runStyle(ctx, st, 0);
        const markerWidth = (m: string) => ctx.fonts.width(m, labelStyle.face, labelStyle.features) * st.size;
        const gap = LABEL_GAP_EM * st.size;
        const step = Math.max(styleLength(st, st.indent ?? '1em'), Math.max(...markers.map(markerWidth)) + gap);
        block.items.forEach((item, i) => {
          const li = ctx.structure.add('LI', listStruct);
          const lbody = ctx.structure.add('LBody', li);
          const marker = markers[i];
          const lines = blocksToLines(item.children, ctx, lbody, indent + step);
          // The marker goes on the item's first line of text: a wide table floats away.
          if (!lines.some((l) => !l.float)) {
            // An item of nothing but a wide table: a line of its own carries the marker.
            lines.unshift({ ...blankLine(st.leading, ctx.nextGroup()), ascent: st.size, x: indent + step, measure: ctx.width - indent - step });
          }
          const first = lines.find((l) => !l.float);
          if (first) first.label = { text: marker, run: { ...first.runs[0], ...runStyle(ctx, st, ctx.structure.add('Lbl', li)), text: marker, rise: 0 }, x: indent + step - gap - markerWidth(marker), width: markerWidth(marker) };
          append(out, lines);
        });
        afterHeading = false;
        break;
      }
      case 'definitionList': {
        // LaTeX's description: the term in bold runs into its text; what follows is indented.
        const st = s.list ?? body;
        const listStruct = ctx.structure.add('L', parent);
        const step = styleLength(st, st.indent ?? '1em');
        for (const item of block.items) {
          const lbody = ctx.structure.add('LBody', ctx.structure.add('LI', listStruct));
          const [first, ...rest] = item.children;
          const term: Inline = { type: 'strong', children: item.term, pos: item.pos };
          const lead: Block =
            first?.type === 'paragraph'
              ? { ...first, children: [term, { type: 'text', value: ' ' }, ...first.children] }
              : { type: 'paragraph', children: [term], pos: item.pos };
          append(out, blocksToLines([lead], ctx, lbody, indent));
          const more = first?.type === 'paragraph' ? rest : item.children;
          if (more.length) append(out, blocksToLines(more, ctx, lbody, indent + step));
        }
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
      case 'code':
        append(out, setCodeBlock(block, ctx, parent, indent));
        afterHeading = false;
        break;
      case 'table':
        append(out, setTable(block, ctx, parent, indent));
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
      case 'math': {
        out.push(displayMath(block, ctx, parent, indent, runStyle(ctx, body, parent)));
        // After a display the text goes on without an indent, as in TeX.
        afterHeading = true;
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
    // Code has half a line below as above (on the grid, a line each side).
    if (block.type === 'code') pendingSpace = body.leading / 2;
  }
  return out;
}


/**
 * A display formula as one line of the vertical list: the text's depth above it and
 * height below it, half a line of space on each side, the whole rounded up to body lines
 * so the grid holds after it; the formula is centred in that room.
 */
function displayMath(block: MathBlock, ctx: BlockContext, parent: number, indent: number, style: RunStyle): VLine {
  const body = ctx.template.styles.body;
  const size = body.size;
  const struct = ctx.structure.add('Formula', parent, { alt: block.tex });
  const width = ctx.width - indent;
  const t = block.typeset;
  // One number, or one a row (align): each on its row's baseline, anchored for references.
  const numbers = block.rows && t.rows
    ? block.rows.map((r) => ({ text: `(${r.number})`, row: t.rows![r.row] ?? 0, anchor: r.id === block.id ? undefined : r.id }))
    : block.number === undefined ? [] : [{ text: `(${block.number})`, row: 0, anchor: undefined }];
  const numWidth = Math.max(0, ...numbers.map((n) => ctx.fonts.width(n.text, 'regular', ctx.template.features) * size));
  const place = placeDisplayMath(t.width * size, width, numWidth, size);
  const k = place.scale * size;
  const math = place.scale === 1 ? t : { ...t, width: t.width * place.scale, height: t.height * place.scale, depth: t.depth * place.scale, shapes: scaleShapes(t.shapes, place.scale) };
  const m = ctx.fonts.metrics('regular');
  const textDepth = Math.min(m.descent, 0.3) * size;
  const textHeight = Math.max(m.capHeight, 0.7) * size;
  const gap = body.leading / 2;
  const needed = textDepth + gap + t.height * k + t.depth * k + gap + textHeight;
  const total = Math.max(1, Math.ceil(needed / body.leading - 1e-6)) * body.leading;
  // From the previous baseline down to this one: the formula sits in the middle of the slack.
  const above = textDepth + gap + (total - needed) / 2 + t.height * k;
  const missing = new Set(ctx.fonts.missing(t.copyText, 'regular'));
  const copy = [...t.copyText].filter((c) => !missing.has(c)).join('');
  const natural = copy ? ctx.fonts.width(copy, 'regular', ctx.template.features) * size : 0;
  const run = { ...style, text: copy, rise: 0, pos: block.pos };
  return {
    line: { items: [{ x: place.x, text: copy, run: 0, width: t.width * k, scale: 1 }], width: place.x + t.width * k, ratio: 0, hyphenated: false, last: true, ragged: false },
    runs: [{ ...run, struct, math, mathCopyScale: natural > 0 ? (t.width * k) / natural : 1 }],
    x: indent,
    measure: width,
    align: 'left',
    leading: above,
    ascent: above,
    // The next line's baseline falls `total` below the previous one.
    below: total - above - body.leading,
    grid: false,
    spaceBefore: 0,
    group: ctx.nextGroup(),
    idx: 0,
    count: 1,
    keepWithNext: 0,
    notes: [],
    anchors: [block.id],
    ...(numbers.length ? {
      eqNumbers: numbers.map((n) => ({
        text: n.text,
        x: width - ctx.fonts.width(n.text, 'regular', ctx.template.features) * size,
        dy: n.row * k,
        run: { ...run, struct: ctx.structure.add('Lbl', parent), text: n.text },
        ...(n.anchor ? { anchor: n.anchor } : {}),
      })),
    } : {}),
  };
}

function scaleShapes(shapes: MathBlock['typeset']['shapes'], k: number): MathBlock['typeset']['shapes'] {
  return shapes.map((s) => (s.kind === 'text' ? { ...s, x: s.x * k, y: s.y * k, size: s.size * k } : { ...s, m: s.m.map((v) => v * k) }));
}
