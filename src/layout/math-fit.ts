/**
 * Display formulas wider than their column are scaled down to fit it (flow/blocks.ts);
 * found here before layout so the warning points at the source.
 */
import type { Block, Issue, SourcePos } from '../document/model.js';
import type { Template } from '../config/template.js';
import type { FontBook } from './fonts.js';
import { columnWidth } from './pages/geometry.js';

export function findWideFormulas(issue: Issue, template: Template, fonts: FontBook): { pos: SourcePos; scale: number }[] {
  const out: { pos: SourcePos; scale: number }[] = [];
  const size = template.styles.body.size;
  const width = columnWidth(template);
  const walk = (bs: Block[]) => {
    for (const b of bs) {
      if (b.type === 'math') {
        const nums = b.rows ? b.rows.map((r) => r.number) : b.number === undefined ? [] : [b.number];
        const num = Math.max(0, ...nums.map((n) => fonts.width(`(${n})`, 'regular', template.features) * size));
        const { scale } = placeDisplayMath(b.typeset.width * size, width, num, size);
        if (scale < 1) out.push({ pos: b.pos, scale });
      } else if (b.type === 'list') b.items.forEach((i) => walk(i.children));
      else if (b.type === 'blockquote') walk(b.children);
    }
  };
  for (const a of issue.articles) {
    walk(a.body);
    a.notes.forEach((n) => walk(n.children));
  }
  return out;
}

/** Room between a display formula's number and the formula, in em. */
const NUMBER_GAP = 1;

/**
 * Where a display formula goes across a measure `width`, its number "(n)" at the right
 * margin: centred on the measure when that leaves room for the number, else centred in
 * the room left of it; scaled down when even that is too narrow.
 */
export function placeDisplayMath(mathWidth: number, width: number, numberWidth: number, size: number): { x: number; scale: number } {
  const gap = numberWidth > 0 ? NUMBER_GAP * size : 0;
  const centred = (width - mathWidth) / 2;
  if (centred >= numberWidth + gap || numberWidth === 0 && mathWidth <= width) return { x: Math.max(0, centred), scale: 1 };
  const room = width - numberWidth - gap;
  if (mathWidth <= room) return { x: (room - mathWidth) / 2, scale: 1 };
  return { x: 0, scale: Math.max(0.01, room / mathWidth) };
}
