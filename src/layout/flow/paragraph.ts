/** Sets one paragraph of inlines into lines for the vertical list. */
import type { Inline } from '../../document/model.js';
import type { FontBook } from '../fonts.js';
import { collectRuns, type Run, type RunStyle } from '../inline/collect.js';
import { setLines, type SetLine } from '../inline/lines.js';
import { withFallback } from '../inline/fallback.js';
import { prepare } from '../inline/prepare.js';
import type { VLine } from './lines.js';

export interface ParagraphSpec {
  inlines: Inline[];
  style: RunStyle;
  leading: number;
  width: number;
  /** Left offset of every line. */
  x?: number;
  firstIndent?: number;
  align?: VLine['align'];
  hyphenate?: boolean;
  grid?: boolean;
  spaceBefore?: number;
  keepWithNext?: number;
  group: number;
  anchors?: string[];
  label?: string;
  labelX?: number;
}

export function setParagraph(fonts: FontBook, spec: ParagraphSpec): VLine[] {
  const runs = withFallback(collectRuns(spec.inlines, spec.style), fonts);
  const align = spec.align ?? 'justify';
  const ragged = align !== 'justify';
  const prep = prepare(runs, fonts, {
    hyphenate: spec.hyphenate ?? !ragged,
    indent: spec.firstIndent ?? 0,
    // The first line is the narrowest when indented: a cut piece must fit there too.
    maxWidth: spec.width - (spec.firstIndent ?? 0),
    minSpace: fonts.spacing.space,
    stretch: fonts.spacing.stretch,
    shrink: fonts.spacing.shrink,
    ragged,
    expansion: fonts.spacing.expansion,
    protrusion: fonts.spacing.protrusion,
  });
  const set = setLines(prep, { lineWidths: [spec.width], expansion: ragged ? 0 : fonts.spacing.expansion });
  const m = fonts.metrics(spec.style.face);
  const ascent = m.capHeight * spec.style.size;
  const room = lineRoom(set, runs, spec.leading, m, spec.style.size);
  const noteOf = (ri: number) => {
    const r = runs[ri];
    return r.anchor?.endsWith('-ref') && r.link?.dest ? r.link.dest : undefined;
  };
  return set.map((line, idx) => {
    const notes = [...new Set(line.items.map((p) => noteOf(p.run)).filter((n): n is string => !!n))];
    return {
      line,
      runs,
      x: spec.x ?? 0,
      measure: spec.width,
      align: (line.last || line.ragged) && align === 'justify' ? 'left' : align,
      leading: spec.leading,
      ascent: Math.max(ascent, room[idx].height),
      ...(room[idx].above > 0 ? { above: room[idx].above } : {}),
      ...(room[idx].below > 0 ? { below: room[idx].below } : {}),
      grid: spec.grid ?? false,
      spaceBefore: idx === 0 ? (spec.spaceBefore ?? 0) : 0,
      group: spec.group,
      idx,
      count: set.length,
      keepWithNext: spec.keepWithNext ?? 0,
      notes,
      anchors: idx === 0 ? (spec.anchors ?? []) : [],
      label: idx === 0 && spec.label ? { text: spec.label, run: runs[0] ?? { ...spec.style, text: '', rise: 0 }, x: spec.labelX ?? 0, width: fonts.width(spec.label, spec.style.face, spec.style.features) * spec.style.size } : undefined,
    };
  });
}

/**
 * What inline formulas ask of each line (TeX's \lineskip rule): the leading stays unless a
 * formula's height, over the depth of the text above, or its depth, over the text below,
 * would come closer than a tenth of an em to it. Then the line moves down by the
 * difference (`above`), or the next one does (`below`); body lines then snap to the next
 * grid line, so baselines stay on the grid.
 */
export function lineRoom(set: SetLine[], runs: Run[], leading: number, m: { ascent: number; descent: number; capHeight: number }, size: number): { above: number; below: number; height: number }[] {
  const gap = 0.1 * size;
  const textDepth = Math.min(m.descent, 0.3) * size;
  const textHeight = Math.max(m.capHeight, 0.7) * size;
  return set.map((line) => {
    let h = 0;
    let d = 0;
    for (const p of line.items) {
      const r = runs[p.run];
      if (!r.math) continue;
      h = Math.max(h, r.math.height * r.size + r.rise);
      d = Math.max(d, r.math.depth * r.size - r.rise);
    }
    return { above: Math.max(0, textDepth + h + gap - leading), below: Math.max(0, d + textHeight + gap - leading), height: h };
  });
}
