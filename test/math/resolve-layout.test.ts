/**
 * Math through resolve and layout: numbering per article, warnings at the formula, inline
 * boxes on the baseline with their true height and depth, displays centred with the
 * number at the right margin and inside the column.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Block, Inline, MathBlock } from '../../src/document/model.js';
import { FontBook } from '../../src/layout/fonts.js';
import { layoutIssue } from '../../src/layout/index.js';
import { columnWidth } from '../../src/layout/pages/geometry.js';
import type { MathItem, TextItem } from '../../src/layout/types.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { prepareIssue } from '../../src/pipeline/build.js';
import { findWideFormulas } from '../../src/layout/math-fit.js';

const FIXTURE = path.resolve(__dirname, '../fixtures/math');

async function prepared() {
  const reporter = new Reporter();
  const { issue, template } = await prepareIssue({ root: FIXTURE, out: '', formats: [], template: undefined }, reporter, {});
  return { issue, template, reporter };
}

const displays = (bs: Block[]) => bs.filter((b): b is MathBlock => b.type === 'math');
const inlines = (bs: Block[]) => {
  const out: Inline[] = [];
  const walk = (ns: Inline[]) => ns.forEach((n) => (n.type === 'math' ? out.push(n) : 'children' in n && walk(n.children)));
  bs.forEach((b) => b.type === 'paragraph' && walk(b.children));
  return out;
};

describe('math in resolve', () => {
  it('numbers labelled formulas and numbered environments in order, and not the others', async () => {
    const { issue } = await prepared();
    const d = displays(issue.articles[0].body);
    expect(d.map((b) => [b.label, b.number])).toEqual([
      ['eq:energy', '1'],
      ['eq:curl', '2'],
      // align numbers each row, as LaTeX does: the block carries its labelled row's.
      ['eq:int', '4'],
      [undefined, undefined],
      [undefined, undefined],
    ]);
    expect(new Set(d.map((b) => b.id)).size).toBe(5);
    expect(d[2].rows).toEqual([
      { row: 0, number: '3', id: `${d[2].id}-1` },
      { row: 1, number: '4', label: 'eq:int', id: d[2].id },
    ]);
    for (const b of d) expect(b.typeset.mathml).toMatch(/^<math alttext="[^"]+" xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML" display="block">/);
    expect(inlines(issue.articles[0].body).length).toBe(7);
  });

  it('warns about an unknown command at its line and column and still sets the formula', async () => {
    const { issue, reporter } = await prepared();
    const w = reporter.warnings.filter((m) => m.rule === 'math-unknown-command');
    expect(w.length).toBe(1);
    expect(w[0].message).toContain('\\foo');
    // Line 14 of the file: "commodo consequat. An unknown command $\foo{x} + 1$ is still set."
    expect(w[0]).toMatchObject({ line: 14, column: 'commodo consequat. An unknown command $'.length + 1 });
    const foo = inlines(issue.articles[0].body).find((n) => n.type === 'math' && n.tex.includes('foo'));
    expect(foo && foo.type === 'math' && foo.typeset.shapes.length).toBeGreaterThan(3);
  });
});

describe('math on the page', () => {
  it('sits inline formulas on the baseline with their own height and depth, and keeps the grid', async () => {
    const { issue, template } = await prepared();
    const fonts = FontBook.shared(template.fonts, template.spacing);
    const layout = layoutIssue(issue, template, fonts);
    const page = layout.pages.find((p) => p.items.some((i) => i.kind === 'math'))!;
    const maths = page.items.filter((i): i is MathItem => i.kind === 'math');
    const body = template.styles.body;
    const frac = maths.find((m) => m.math.height > 0.9 && m.math.width < 2)!;
    // On the same baseline as the words of its line.
    const words = page.items.filter((i): i is TextItem => i.kind === 'text' && !i.invisible && Math.abs(i.y - frac.y) < 0.01);
    expect(words.length).toBeGreaterThan(2);
    // Body lines stay on the grid: every baseline of the first column is a whole number of lines from the first.
    const first = page.lines.find((l) => l.text.startsWith('The system'))!;
    const col0 = page.lines.filter((l) => l.column === 0 && l.group !== undefined && l.y >= first.y && !maths.some((m) => Math.abs(m.y - l.y) < 0.01 && l.text === l.text.trim() && !l.text.includes(' '))).map((l) => l.y);
    expect(col0.length).toBeGreaterThan(8);
    const grid = col0.filter((y) => Math.abs(((y - col0[0]) / body.leading) - Math.round((y - col0[0]) / body.leading)) < 0.01);
    expect(grid.length).toBe(col0.length);
    // The deep display-style integral takes more room than one line; lines around ordinary formulas do not.
    const deep = maths.find((m) => m.math.depth > 0.8 && m.math.height > 1)!;
    const deepLine = page.lines.findIndex((l) => Math.abs(l.y - deep.y) < 0.01);
    expect(page.lines[deepLine].y - page.lines[deepLine - 1].y).toBeGreaterThan(body.leading + 0.01);
    // Its ink clears the text of the line above and the line below.
    expect(deep.y - deep.math.height * deep.size).toBeGreaterThan(page.lines[deepLine - 1].y);
    expect(deep.y + deep.math.depth * deep.size).toBeLessThan(page.lines[deepLine + 1].y - body.size * 0.6);
    const fracLine = page.lines.findIndex((l) => Math.abs(l.y - frac.y) < 0.01);
    expect(page.lines[fracLine + 1].y - page.lines[fracLine].y).toBeCloseTo(body.leading, 2);
    expect(frac.y + frac.math.depth * frac.size).toBeLessThan(page.lines[fracLine + 1].y - body.size * 0.6);
  });

  it('keeps every formula’s ink off the text of the lines above and below, in paragraphs, tables and notes', async () => {
    const { issue, template } = await prepared();
    const layout = layoutIssue(issue, template);
    let checked = 0;
    for (const page of layout.pages) {
      const texts = page.items.filter((i): i is TextItem => i.kind === 'text' && !i.invisible && !i.silent && !i.artifact);
      for (const m of page.items.filter((i): i is MathItem => i.kind === 'math')) {
        const top = m.y - m.math.height * m.size;
        const bottom = m.y + m.math.depth * m.size;
        const w = m.math.width * m.size;
        for (const t of texts) {
          if (Math.abs(t.y - m.y) < 0.5 || t.x > m.x + w || t.x + t.width < m.x) continue;
          // Text ink: capitals above the baseline, descenders below.
          expect(bottom <= t.y - 0.6 * t.size || top >= t.y + 0.15 * t.size, `${m.pos?.line}: ${t.text}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('centres display formulas in the column, numbers at its right edge, nothing past it', async () => {
    const { issue, template } = await prepared();
    const fonts = FontBook.shared(template.fonts, template.spacing);
    const layout = layoutIssue(issue, template, fonts);
    const colW = columnWidth(template);
    const d = displays(issue.articles[0].body);
    let numbered = 0;
    for (const page of layout.pages) {
      for (const m of page.items.filter((i): i is MathItem => i.kind === 'math')) {
        const block = d.find((b) => b.pos.line === m.pos?.line);
        if (!block) continue;
        const line = page.lines.find((l) => Math.abs(l.y - m.y) < 0.01 && l.x <= m.x + 0.01 && m.x <= l.x + l.measure)!;
        const w = m.math.width * m.size;
        expect(m.x + w).toBeLessThanOrEqual(line.x + colW + 0.01);
        expect(m.x).toBeGreaterThanOrEqual(line.x - 0.01);
        for (const r of block.rows ?? (block.number ? [{ number: block.number, row: 0 }] : [])) {
          numbered++;
          const no = page.items.find((i): i is TextItem => i.kind === 'text' && i.text === `(${r.number})`)!;
          // On its row's baseline.
          expect(no.y).toBeCloseTo(m.y + (block.typeset.rows?.[r.row] ?? 0) * m.size, 2);
          const right = no.x + fonts.width(no.text, 'regular', template.features) * no.size;
          expect(right).toBeCloseTo(line.x + colW, 1);
          if ((colW - w) / 2 > right - no.x + template.styles.body.size) expect(m.x - line.x).toBeCloseTo((colW - w) / 2, 1);
        }
        if (block.number) {
          // numbered, checked above
        } else if (m.math.width * m.size < colW - 1) {
          expect(m.x - line.x).toBeCloseTo((colW - w) / 2, 1);
        }
      }
    }
    expect(numbered).toBe(4);
  });

  it('scales a display formula wider than the column to fit it, with a warning', async () => {
    const { issue, template } = await prepared();
    const fonts = FontBook.shared(template.fonts, template.spacing);
    const wide = findWideFormulas(issue, template, fonts);
    expect(wide.length).toBe(1);
    expect(wide[0].scale).toBeLessThan(1);
    const layout = layoutIssue(issue, template, fonts);
    const colW = columnWidth(template);
    const m = layout.pages.flatMap((p) => p.items).find((i): i is MathItem => i.kind === 'math' && i.pos?.line === wide[0].pos.line)!;
    expect(m.math.width * m.size).toBeLessThanOrEqual(colW + 0.01);
  });

  it('tags each formula as a Formula with its TeX as Alt', async () => {
    const { issue, template } = await prepared();
    const layout = layoutIssue(issue, template);
    // The elements the pages draw into (measuring a table sets its cells once more, unused).
    const used = new Set(layout.pages.flatMap((p) => p.items).filter((i): i is MathItem => i.kind === 'math').map((i) => i.struct));
    const formulas = layout.structure.filter((s, i) => s.role === 'Formula' && used.has(i));
    expect(formulas.length).toBe(14);
    expect(formulas.map((f) => f.alt)).toContain('Ax=b');
  });
});
