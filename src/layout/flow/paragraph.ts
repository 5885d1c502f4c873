/** Sets one paragraph of inlines into lines for the vertical list. */
import type { Inline } from '../../document/model.js';
import type { FontBook } from '../fonts.js';
import { collectRuns, type RunStyle } from '../inline/collect.js';
import { setLines } from '../inline/lines.js';
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
  const runs = collectRuns(spec.inlines, spec.style);
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
  const ascent = fonts.metrics(spec.style.face).capHeight * spec.style.size;
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
      ascent,
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
