/**
 * The printed size of a figure, as layout sets it and as resolve's image step needs it to
 * know the resolution a bitmap must keep: `width=` as a share of the column (of the text
 * frame for a figure across the columns) or a length, else the file's own size (a pixel
 * as a point, an SVG's CSS px as 0.75 pt) no wider than the column; never taller than `maxHeight`.
 */
import type { ImageBlock } from './model.js';

export interface FigureGeometry {
  /** One column's width and the text frame's, in points. */
  column: number;
  frame: number;
  columns: number;
  /** The tallest an image may be drawn (the frame's height less room for a caption). */
  maxHeight: number;
}

export function figureSize(block: Pick<ImageBlock, 'width' | 'height' | 'wide' | 'data'>, g: FigureGeometry): { width: number; height: number; wide: boolean } {
  const w = block.width;
  const wide = g.columns > 1 && (!!block.wide || (w !== undefined && ('percent' in w ? w.percent > 100.5 : w.points > g.column + 0.5)));
  const avail = wide ? g.frame : g.column;
  const d = block.data;
  const px = d?.format === 'svg' ? 0.75 : 1;
  const natural = d ? { width: d.width * px, height: d.height * px } : { width: avail, height: avail * 0.6 };
  const aspect = natural.height / natural.width;
  const h = block.height && 'points' in block.height ? block.height.points : undefined;
  let width = w ? ('percent' in w ? (avail * Math.min(w.percent, wide ? 100 : w.percent)) / 100 : w.points) : h !== undefined ? h / aspect : natural.width;
  width = Math.min(width, avail);
  let height = h !== undefined && w ? h : width * aspect;
  if (height > g.maxHeight) {
    width *= g.maxHeight / height;
    height = g.maxHeight;
  }
  return { width, height, wide };
}
