/** Page geometry from the template: mirrored margins, columns, the body grid. */
import type { Template } from '../../config/template.js';

export interface Frame {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Odd folios are recto (right-hand) pages: the inside margin is on their left. */
export function textFrame(t: Template, folio: number): Frame {
  const recto = folio % 2 === 1;
  const left = recto ? t.margins.inside : t.margins.outside;
  return { x: left, y: t.margins.top, width: t.pageWidth - t.margins.inside - t.margins.outside, height: t.pageHeight - t.margins.top - t.margins.bottom };
}

export function columnWidth(t: Template): number {
  const w = t.pageWidth - t.margins.inside - t.margins.outside;
  return (w - t.gutter * (t.columns - 1)) / t.columns;
}

export function columnX(t: Template, frame: Frame, i: number): number {
  return frame.x + i * (columnWidth(t) + t.gutter);
}
