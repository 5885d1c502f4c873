/**
 * The painter draws the glyph runs layout measured: every word in the PDF starts where
 * layout put it and ends where layout's width says, so justified lines end flush in print
 * as they do in the layout boxes. Read back with pdftotext's word boxes.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FontBook } from '../../src/layout/fonts.js';
import { layoutIssue } from '../../src/layout/index.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { initProject } from '../../src/cli/init.js';
import { build, prepareIssue } from '../../src/pipeline/build.js';
import { paintPdf } from '../../src/render/pdf/paint.js';
import { needTool, pdfText } from '../helpers/tools.js';

const ROOT = path.resolve(__dirname, '../..');

interface Box {
  page: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  text: string;
}

function wordBoxes(file: string): Box[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out: Box[] = [];
  let page = -1;
  for (const m of html.matchAll(/<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[0] === '<page ') page++;
    else out.push({ page, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: m[5] });
  }
  return out;
}

describe('PDF glyphs', () => {
  it.runIf(needTool('pdftotext'))('puts every body word where layout measured it, to a hundredth of a point', async () => {
    const reporter = new Reporter();
    const { issue, template } = await prepareIssue({ root: ROOT, out: '', formats: [], template: undefined }, reporter, {});
    const fonts = FontBook.shared(template.fonts, template.spacing);
    const layout = layoutIssue(issue, template, fonts);
    const pdf = await paintPdf(issue, layout, { fonts, date: new Date(0) });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'baspa-glyphs-')), 'issue.pdf');
    writeFileSync(file, pdf);
    const boxes = wordBoxes(file);

    let compared = 0;
    layout.pages.forEach((page, pi) => {
      // Plain words of body size: one pdftotext word each (no spaces, no hyphen joins).
      const items = page.items.filter((i) => i.kind === 'text' && !i.artifact && /^[\p{L}]{4,}$/u.test(i.text) && i.width > 0);
      for (const it of items) {
        if (it.kind !== 'text') continue;
        const box = boxes.find((b) => b.page === pi && b.text === it.text && Math.abs(b.xMin - it.x) < 0.5 && b.yMin < it.y && it.y < b.yMax);
        expect(box, `p.${pi + 1} ‘${it.text}’ at x=${it.x.toFixed(2)}`).toBeDefined();
        expect(Math.abs(box!.xMax - (it.x + it.width)), `p.${pi + 1} ‘${it.text}’ ends at ${box!.xMax}, layout says ${(it.x + it.width).toFixed(3)}`).toBeLessThan(0.01);
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(500);
  });

  it.runIf(needTool('pdftotext'))('keeps stress marks on their own letters and composes split letters when the text is copied out', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'baspa-marks-'));
    await initProject(root);
    const dir = path.join(root, 'manuscripts', readdirSync(path.join(root, 'manuscripts')).find((d) => !d.endsWith('.yaml'))!);
    // Russian stress marks are combining accents HarfBuzz positions over the vowel; the
    // same base glyph then appears plain elsewhere, and each must copy out as written.
    appendFileSync(path.join(dir, 'article.md'), '\nStress: уда\u0301рение, за\u0301мок, замо\u0301к, рука; split: \u0438\u0306 and e\u0301.\n');
    const out = path.join(root, 'dist');
    const r = await build({ root, out, formats: ['pdf'] });
    expect(r.reporter.errors).toEqual([]);
    // Word by word: pdftotext may read a paragraph's lines in another order.
    // A letter HarfBuzz composed (e + ◌́ → é) copies out composed: the same text (NFC).
    const words = pdfText(r.outputs[0]).normalize('NFC').split(/\s+/);
    for (const w of ['уда\u0301рение,', 'за\u0301мок,', 'замо\u0301к,', 'рука;', '\u0439', 'e\u0301.']) expect(words, w).toContain(w.normalize('NFC'));
  });
});
