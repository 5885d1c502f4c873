/**
 * Hanging punctuation (character protrusion, as pdfTeX and microtype do it): a justified
 * line ending in a hyphen, stop or comma reaches past its measure by the template's share
 * of that glyph's width, and no more, so its optical edge is straight; ragged lines and
 * code stay inside the measure.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FontBook } from '../../src/layout/fonts.js';
import type { LayoutResult, LineBox, TextItem } from '../../src/layout/types.js';
import type { Template } from '../../src/config/template.js';
import { laidOut } from '../helpers/layout.js';

const words = ['cooperation', 'humanitarian', 'international', 'development', 'relations', 'neighbourhood', 'infrastructure', 'responsibility'];
// Many commas, stops and hyphenable words: plenty of lines end in protruding punctuation.
const prose = Array.from({ length: 60 }, (_, i) => `${words[i % 8]}${i % 3 === 0 ? ',' : i % 5 === 0 ? '.' : ''}`).join(' ');
const heading = Array.from({ length: 16 }, (_, i) => `${words[i % 8]},`).join(' ');
const code = Array.from({ length: 40 }, (_, i) => `\`x${i}.y,\``).join(' ');

let layout: LayoutResult;
let t: Template;
let lines: (LineBox & { page: number })[];

beforeAll(async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'baspa-hang-'));
  mkdirSync(path.join(root, 'manuscripts/a'), { recursive: true });
  writeFileSync(path.join(root, 'manuscripts/issue.yaml'), 'journal: J\nlanguages: [en]\narticles: [a]\n');
  writeFileSync(path.join(root, 'manuscripts/a/article.md'), `---\ntitle: T\nlang: en\n---\n\n${prose} ${prose}\n\n## ${heading}\n\n${code}\n`);
  ({ layout, t } = await laidOut(root));
  lines = layout.pages.flatMap((p, i) => p.lines.map((l) => ({ ...l, page: i }))).filter((l) => l.column >= 0);
}, 120_000);

/** The text pieces drawn on a line's baseline inside its column. */
function piecesOf(l: LineBox & { page: number }): TextItem[] {
  return layout.pages[l.page].items.filter((i): i is TextItem => i.kind === 'text' && Math.abs(i.y - l.y) < 0.01 && i.x >= l.x - 0.01 && i.x < l.x + l.measure);
}

describe('hanging punctuation', () => {
  it('hangs a line-end comma, stop or hyphen past the measure by its share of the glyph, its optical edge on the measure', () => {
    const fonts = FontBook.shared(t.fonts, t.spacing);
    const body = t.styles.body.size;
    const justified = lines.filter((l) => l.align === 'justify' && !l.last && !/x\d/.test(l.text));
    const hanging = justified.filter((l) => /[,.-]$/.test(l.text));
    expect(hanging.length).toBeGreaterThan(5);
    for (const l of hanging) {
      const ch = l.text.slice(-1);
      const share = t.spacing.protrusion[ch];
      expect(share, ch).toBeGreaterThan(0);
      const expected = fonts.width(ch, 'regular', t.features) * body * share;
      expect(l.protrusion, l.text).toBeCloseTo(expected, 2);
      // The glyphs themselves reach the measure plus the protrusion, and no further.
      const right = Math.max(...piecesOf(l).map((i) => i.x + i.width));
      expect(right, l.text).toBeCloseTo(l.x + l.measure + expected, 2);
      expect(l.width - l.protrusion, l.text).toBeCloseTo(l.measure, 2);
    }
    // A line ending in a letter ends flush.
    const flush = justified.filter((l) => /\p{L}$/u.test(l.text));
    expect(flush.length).toBeGreaterThan(0);
    for (const l of flush) {
      expect(l.protrusion).toBe(0);
      expect(l.width).toBeCloseTo(l.measure, 2);
    }
  });

  it('does not hang a ragged line or code', () => {
    const ragged = lines.filter((l) => l.align !== 'justify' && /,$/.test(l.text));
    const codeLines = lines.filter((l) => /x\d+\.y,/.test(l.text) && !l.last);
    expect(ragged.length).toBeGreaterThan(1);
    expect(codeLines.length).toBeGreaterThan(1);
    for (const l of [...ragged, ...codeLines]) {
      expect(l.protrusion, l.text).toBe(0);
      expect(l.width, l.text).toBeLessThanOrEqual(l.measure + 0.01);
    }
  });
});
