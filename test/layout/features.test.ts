/**
 * A fixture article with every block the layout sets (notes, lists, a quote, a table, an
 * image, a long URL and a run-on string): notes land in the column that calls them,
 * nothing passes the margin, and the PDF is well-formed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../src/document/model.js';
import type { Template } from '../../src/config/template.js';
import { columnWidth, columnX, textFrame } from '../../src/layout/pages/geometry.js';
import type { AnchorItem, LayoutResult, TextItem } from '../../src/layout/types.js';
import { laidOut } from '../helpers/layout.js';
import { build } from '../../src/pipeline/build.js';
import { needTool, pdfText } from '../helpers/tools.js';

const ROOT = path.resolve(__dirname, '../fixtures/layout');

describe('layout of every block', () => {
  let issue: Issue;
  let t: Template;
  let layout: LayoutResult;
  beforeAll(async () => {
    ({ issue, t, layout } = await laidOut(ROOT));
  });

  const anchor = (name: string) => {
    for (const p of layout.pages) {
      const a = p.items.find((i): i is AnchorItem => i.kind === 'anchor' && i.name === name);
      if (a) return { page: p.folio, a };
    }
    throw new Error(`no anchor ${name}`);
  };
  const columnOf = (page: number, x: number) => (x < columnX(t, textFrame(t, page), 1) ? 0 : 1);

  it('sets each footnote at the foot of the column that calls it', () => {
    const notes = issue.articles[0].notes;
    expect(notes.map((n) => n.label)).toEqual(['1', '2']);
    for (const note of notes) {
      const call = anchor(`${note.id}-ref`);
      const body = anchor(note.id);
      expect(body.page).toBe(call.page);
      expect(columnOf(body.page, body.a.x)).toBe(columnOf(call.page, call.a.x));
      expect(body.a.y).toBeGreaterThan(call.a.y);
    }
  });

  it('keeps every text item, the URL and the run-on string inside its column', () => {
    const w = columnWidth(t);
    for (const p of layout.pages) {
      for (const l of p.lines) {
        if (l.column < 0) continue;
        expect(l.x + l.width, l.text).toBeLessThanOrEqual(columnX(t, textFrame(t, p.folio), l.column) + w + l.protrusion + 0.01);
      }
    }
    const texts = layout.pages.flatMap((p) => p.items.filter((i): i is TextItem => i.kind === 'text'));
    expect(texts.filter((i) => /^x+$/.test(i.text)).length).toBeGreaterThan(3);
  });

  it('sets the table with bold header cells and horizontal rules only', () => {
    const page = layout.pages.find((p) => p.items.some((i) => i.kind === 'text' && i.text === 'Year'))!;
    const header = page.items.find((i): i is TextItem => i.kind === 'text' && i.text === 'Year')!;
    expect(header.face).toBe('bold');
    const rules = page.items.filter((i) => i.kind === 'rule' && i.y1 === i.y2 && i.y1 > header.y - 20 && i.y1 < header.y + 60);
    expect(rules.length).toBeGreaterThanOrEqual(3);
    expect(page.items.some((i) => i.kind === 'rule' && i.x1 === i.x2)).toBe(false);
  });

  it('places the image at the column width with its aspect ratio, tagged with its alt text', () => {
    const img = layout.pages.flatMap((p) => p.items).find((i) => i.kind === 'image');
    expect(img).toBeDefined();
    if (img?.kind !== 'image') return;
    expect(img.width).toBeCloseTo(columnWidth(t), 1);
    expect(layout.structure[img.struct]).toMatchObject({ role: 'Figure', alt: 'Trade turnover, 2013–2015' });
  });

  it('treats the shallowest heading as a section and the next as a sub-section', () => {
    const roles = layout.structure.filter((s) => s.role === 'H2' || s.role === 'H3').map((s) => s.role);
    expect(roles).toContain('H2');
    expect(roles).toContain('H3');
  });

  it('writes a PDF that qpdf accepts and that holds the note texts', async () => {
    if (!needTool('qpdf') || !needTool('pdftotext')) return;
    const out = mkdtempSync(path.join(tmpdir(), 'baspa-features-'));
    const r = await build({ root: ROOT, out, formats: ['pdf'], sourceDateEpoch: 0 });
    expect(r.reporter.errors).toEqual([]);
    execFileSync('qpdf', ['--check', r.outputs[0]]);
    const text = pdfText(r.outputs[0]);
    expect(text).toContain('Exports, USD');
    expect(text).toContain('A Book About Layout');
  });
});
