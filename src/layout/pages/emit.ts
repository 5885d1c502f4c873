/** Turns placed lines into page items: text at its baseline, links, anchors, rules, images. */
import type { PlacedLine } from '../flow/compose.js';
import type { VLine } from '../flow/lines.js';
import type { PositionedPage, OutlineEntry, TextItem } from '../types.js';
import type { SourcePos, TypesetMath } from '../../document/model.js';

export interface OutlineSink {
  add(depth: number, entry: OutlineEntry): void;
}

export function emitLine(page: PositionedPage, x0: number, top: number, p: PlacedLine, outline?: OutlineSink, column = -1): void {
  emitOne(page, x0, top, p.line, p.baseline, outline);
  const l = p.line;
  page.lines.push({
    x: x0 + l.x,
    y: top + p.baseline,
    measure: l.measure,
    width: l.line.width,
    protrusion: l.line.protrusion ?? 0,
    align: l.align,
    last: l.line.last,
    hyphenated: l.line.hyphenated,
    group: l.group,
    idx: l.idx,
    count: l.count,
    keepWithNext: l.keepWithNext,
    column,
    text: l.line.items.map((t) => t.text).join(' '),
  });
  for (const r of l.riders ?? []) emitOne(page, x0, top, r, p.baseline);
}

function emitOne(page: PositionedPage, x0: number, top: number, l: VLine, baseline: number, outline?: OutlineSink): void {
  const y = top + baseline;
  const shift = l.align === 'center' ? (l.measure - l.line.width) / 2 : l.align === 'right' ? l.measure - l.line.width : 0;
  const left = x0 + l.x + shift;
  for (const a of l.anchors) page.items.push({ kind: 'anchor', name: a, x: x0 + l.x, y: y - l.leading });
  if (l.outline && outline) outline.add(l.outline.depth, { title: l.outline.title, dest: l.outline.dest, children: [] });
  if (l.label) {
    const r = l.label.run;
    page.items.push({ kind: 'text', x: x0 + l.label.x, y, text: l.label.text, face: r.face, size: r.size, width: l.label.width ?? 0, features: r.features, struct: r.struct, label: true, pos: r.pos });
  }
  if (l.image) {
    page.items.push({ kind: 'image', x: left, y: y - l.image.height, width: l.image.width, height: l.image.height, path: l.image.path, alt: l.image.alt, struct: l.image.struct });
  }
  for (const rule of l.rules ?? []) {
    page.items.push({ kind: 'rule', x1: x0 + rule.x1, x2: x0 + rule.x2, y1: y + rule.y, y2: y + rule.y, thickness: rule.thickness, artifact: true });
  }
  for (const n of l.eqNumbers ?? []) {
    const r = n.run;
    if (n.anchor) page.items.push({ kind: 'anchor', name: n.anchor, x: x0 + l.x, y: y + n.dy - r.size * 1.5 });
    page.items.push({ kind: 'text', x: x0 + l.x + n.x, y: y + n.dy, text: n.text, face: r.face, size: r.size, width: 0, features: r.features, struct: r.struct, pos: r.pos });
  }
  for (const t of l.line.items) {
    const r = l.runs[t.run];
    const x = left + t.x;
    const ty = y - r.rise;
    if (r.math && !l.artifact) {
      emitMath(page, x, ty, r.math, r.size, r.struct, r.pos);
      if (t.text) page.items.push({ kind: 'text', x, y: ty, text: t.text, face: r.face, size: r.size, width: t.width, features: r.features, struct: r.struct, invisible: true, scale: r.mathCopyScale ?? 1, pos: r.pos });
      continue;
    }
    if (l.artifact || r.artifact) {
      page.items.push({ kind: 'text', x, y: ty, text: t.text, face: r.face, size: r.size, width: t.width, features: r.features, struct: r.struct, artifact: true, ...(t.scale !== 1 ? { scale: t.scale } : {}), ...(r.color ? { color: r.color } : {}) });
      continue;
    }
    const item: TextItem = { kind: 'text', x, y: ty, text: t.text, face: r.face, size: r.size, width: t.width, features: r.features, struct: r.struct, pos: r.pos };
    if (t.scale !== 1) item.scale = t.scale;
    if (r.color) item.color = r.color;
    page.items.push(item);
    if (r.anchor && l.line.items.find((q) => q.run === t.run) === t) page.items.push({ kind: 'anchor', name: r.anchor, x, y: ty - r.size });
    if (r.link) {
      page.items.push({ kind: 'link', x, y: ty - r.size * 0.8, width: t.width, height: r.size, dest: r.link.dest, url: r.link.url, struct: r.struct });
    }
  }
}

/**
 * A formula: its vector shapes as one item, and the characters MathJax's fonts lack
 * (Cyrillic in \text{}) as text in the body face, all under its Formula element.
 */
function emitMath(page: PositionedPage, x: number, y: number, math: TypesetMath, size: number, struct: number, pos?: SourcePos): void {
  page.items.push({ kind: 'math', x, y, size, math, struct, pos });
  for (const s of math.shapes) {
    if (s.kind !== 'text') continue;
    const face = s.bold ? (s.italic ? 'boldItalic' : 'bold') : s.italic ? 'italic' : 'regular';
    page.items.push({ kind: 'text', x: x + s.x * size, y: y + s.y * size, text: s.text, face, size: s.size * size, width: 0, features: [], struct, silent: true, pos });
  }
}
