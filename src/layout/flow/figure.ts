/**
 * Figures: the image, then its caption below it ("Figure 1." in bold, then the caption
 * text, justified, in the caption style), kept together in the column. A figure wider than
 * a column (`.wide`, or a width past the column's) spans the columns as a float, as wide
 * tables do. Table captions (above their tables) are set here too.
 */
import type { Caption, ImageBlock, Inline } from '../../document/model.js';
import { figureSize } from '../../document/figure-size.js';
import type { TextStyle } from '../../config/template.js';
import type { BlockContext } from './blocks.js';
import { blankLine, floatMarker, type VLine } from './lines.js';
import { setParagraph } from './paragraph.js';

export function captionStyle(ctx: BlockContext): TextStyle {
  return ctx.template.styles.caption ?? ctx.template.styles.table;
}

/** The caption's lines, `width` wide from `x`, tagged as a Caption of `parent`. */
export function captionLines(c: Caption, ctx: BlockContext, parent: number, x: number, width: number, spaceBefore: number): VLine[] {
  const st = captionStyle(ctx);
  const struct = ctx.structure.add('Caption', parent);
  const inlines: Inline[] = [{ type: 'strong', children: [{ type: 'text', value: c.label.replace(/ /g, '\u00a0') }] }];
  if (c.children.length) inlines.push({ type: 'text', value: c.separator }, ...c.children);
  return setParagraph(ctx.fonts, {
    inlines,
    style: { face: 'regular', size: st.size, lang: ctx.article.lang, struct, features: ctx.template.features, smallCaps: ctx.smallCaps },
    leading: st.leading,
    width,
    x,
    spaceBefore,
    group: ctx.nextGroup(),
  });
}

export function figureLines(block: ImageBlock, ctx: BlockContext, parent: number, indent: number): VLine[] {
  const t = ctx.template;
  const body = t.styles.body;
  const st = captionStyle(ctx);
  const struct = ctx.structure.add('Figure', parent, { alt: block.alt || 'Image' });
  const frameHeight = t.pageHeight - t.margins.top - t.margins.bottom;
  const column = ctx.width - indent;
  const span = ctx.span && t.columns > 1 ? ctx.span : undefined;
  const size = figureSize(block, { column, frame: span?.width ?? column, columns: span ? t.columns : 1, maxHeight: frameHeight - 6 * body.leading });
  const measure = size.wide ? span!.width : column;
  const x = size.wide ? 0 : indent;
  // Centred in its measure when narrower.
  const left = x + (measure - size.width) / 2;
  const captions = block.caption ? captionLines(block.caption, ctx, struct, x, measure, st.leading * 0.15) : [];
  const image: VLine = {
    ...blankLine(0, ctx.nextGroup()),
    x: left,
    measure: size.width,
    ascent: size.height,
    // The image's height rounded up to whole body lines keeps the grid below it.
    leading: size.wide ? size.height : Math.ceil(size.height / body.leading) * body.leading,
    spaceBefore: body.leading / 2,
    keepWithNext: captions.length,
    anchors: block.caption ? [block.caption.id] : [],
    image: { path: block.path, width: size.width, height: size.height, alt: block.alt, struct },
  };
  if (!size.wide) {
    // The caption stays with its image: the image keeps the caption's lines with it (compose.ts).
    return [image, ...captions];
  }
  const lines = [{ line: image, baseline: size.height }];
  let y = size.height;
  captions.forEach((l, i) => {
    y += (i === 0 ? l.spaceBefore : 0) + l.leading;
    lines.push({ line: l, baseline: y });
  });
  return [floatMarker({ lines, height: y + st.leading * 0.5 }, ctx.nextGroup())];
}
