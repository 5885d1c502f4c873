/**
 * What an editor checks on proof, as invariants over every positioned page: no two pieces
 * of text on one baseline overlap, and a label (list number, reference number, footnote
 * number) keeps at least a quarter em from the text it labels.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LayoutResult, RuleItem, TextItem } from '../../src/layout/types.js';
import { FontBook } from '../../src/layout/fonts.js';
import { laidOut } from '../helpers/layout.js';

const ROOT = path.resolve(__dirname, '../..');

function textItems(layout: LayoutResult, page: number): TextItem[] {
  return layout.pages[page].items.filter((i): i is TextItem => i.kind === 'text' && i.width > 0 && i.text.trim() !== '');
}

/** Pairs of text pieces on one baseline whose boxes overlap by more than a tenth of a point. */
export function overlaps(layout: LayoutResult): string[] {
  const out: string[] = [];
  layout.pages.forEach((p, pi) => {
    const byLine = new Map<string, TextItem[]>();
    for (const t of textItems(layout, pi)) {
      const key = t.y.toFixed(1);
      byLine.set(key, [...(byLine.get(key) ?? []), t]);
    }
    for (const items of byLine.values()) {
      items.sort((a, b) => a.x - b.x);
      for (let i = 1; i < items.length; i++) {
        const a = items[i - 1];
        const b = items[i];
        // A text item's width is as set, already times its expansion scale (lines.ts).
        if (a.x + a.width > b.x + 0.1) out.push(`p${pi + 1} y=${a.y.toFixed(1)}: “${a.text}” (${a.x.toFixed(1)}–${(a.x + a.width).toFixed(1)}) runs into “${b.text}” at ${b.x.toFixed(1)}`);
      }
    }
  });
  return out;
}

/** Labels closer than a quarter em to the first text after them on their line. */
export function crampedLabels(layout: LayoutResult): string[] {
  const out: string[] = [];
  layout.pages.forEach((p, pi) => {
    const items = textItems(layout, pi);
    for (const label of items.filter((t) => t.label)) {
      const next = items.filter((t) => t !== label && Math.abs(t.y - label.y) < 0.5 && t.x > label.x).sort((a, b) => a.x - b.x)[0];
      if (!next) continue;
      const gap = next.x - (label.x + label.width);
      if (gap < label.size / 4 - 0.01) out.push(`p${pi + 1}: label “${label.text}” is ${gap.toFixed(2)} pt from “${next.text}” (a quarter em is ${(label.size / 4).toFixed(2)})`);
    }
  });
  return out;
}

/** Rules that cross a glyph's box (cap height above the baseline, the face's descent below). */
export function rulesThroughText(layout: LayoutResult, fonts: FontBook): string[] {
  const out: string[] = [];
  layout.pages.forEach((p, pi) => {
    const rules = p.items.filter((i): i is RuleItem => i.kind === 'rule' && Math.abs(i.y1 - i.y2) < 0.01);
    for (const t of textItems(layout, pi)) {
      const m = fonts.metrics(t.face);
      const top = t.y - m.capHeight * t.size;
      const bottom = t.y + m.descent * t.size * 0.8;
      const x2 = t.x + t.width;
      for (const r of rules) {
        const [rx1, rx2] = [Math.min(r.x1, r.x2), Math.max(r.x1, r.x2)];
        const hit = r.y1 + r.thickness / 2 > top && r.y1 - r.thickness / 2 < bottom && rx1 < x2 - 0.1 && rx2 > t.x + 0.1;
        if (hit) out.push(`p${pi + 1}: rule at y=${r.y1.toFixed(2)} crosses “${t.text}” (baseline ${t.y.toFixed(2)}, ${top.toFixed(2)}–${bottom.toFixed(2)})`);
      }
    }
  });
  return out;
}

/** The sample issue with one article's body repeated `times` over: long running Kazakh text. */
function repeated(slug: string, times: number): string {
  const root = mkdtempSync(path.join(tmpdir(), 'baspa-long-'));
  cpSync(path.join(ROOT, 'manuscripts'), path.join(root, 'manuscripts'), { recursive: true });
  const file = path.join(root, 'manuscripts', slug, 'article.md');
  const src = readFileSync(file, 'utf8');
  const end = src.indexOf('\n---\n', 4) + 5;
  writeFileSync(file, src.slice(0, end) + Array.from({ length: times }, () => src.slice(end)).join('\n\n'));
  return root;
}

/** Pages whose last body line ends in a hyphen: the word would be cut by the page turn. */
export function hyphenAtPageTurn(layout: LayoutResult): string[] {
  return layout.pages.flatMap((p, pi) => {
    const body = p.lines.filter((l) => l.column >= 0);
    if (!body.length || pi === layout.pages.length - 1) return [];
    const lastCol = Math.max(...body.map((l) => l.column));
    const last = body.filter((l) => l.column === lastCol).sort((a, b) => a.y - b.y).pop()!;
    return last.hyphenated ? [`p${pi + 1}: “${last.text}” is cut by the page turn`] : [];
  });
}

describe('nothing collides', () => {
  for (const [name, root] of [
    ['the sample issue', () => ROOT],
    ['lists past nine, 25 references, 12 notes', () => path.join(ROOT, 'test/fixtures/labels')],
    ['the Kazakh article four times over (seven pages)', () => repeated('mangilik-el', 4)],
    ['code blocks, highlighted and wrapped', () => path.join(ROOT, 'test/fixtures/code')],
  ] as const) {
    it(`${name}: no text runs into other text, no rule crosses a glyph, labels keep a quarter em, no word cut by a page turn`, async () => {
      const { layout, t } = await laidOut(root());
      expect(overlaps(layout)).toEqual([]);
      expect(rulesThroughText(layout, FontBook.shared(t.fonts, t.spacing))).toEqual([]);
      expect(crampedLabels(layout)).toEqual([]);
      expect(hyphenAtPageTurn(layout)).toEqual([]);
    });
  }
});
