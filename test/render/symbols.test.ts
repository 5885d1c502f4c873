/**
 * Symbols the text faces lack (∼, ϵ, ∇, ⊗, ℝ, ⟨⟩… as JOSS papers print them in running
 * text): set in the template's fallback face, Noto Sans Math, in both outputs. Built from
 * test/fixtures/symbols. What no face has (漢) is still refused, at its place.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as hb from 'harfbuzzjs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import type { TextItem } from '../../src/layout/types.js';
import { laidOut } from '../helpers/layout.js';
import { epubcheck, needTool, pdfText } from '../helpers/tools.js';

const ROOT = path.resolve(__dirname, '../fixtures/symbols');
const EPOCH = 1767225600;
const SYMBOLS = [...'∼ϵ∇⊗∈ℝ⊂∪∩⋅∗ℕ∝≡∀∃⟨⟩‖⇒↔'];

let pdf: string;
let epub: string;
beforeAll(async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'baspa-symbols-'));
  const result = await build({ root: ROOT, out, formats: ['pdf', 'epub'], sourceDateEpoch: EPOCH });
  expect(result.reporter.errors).toEqual([]);
  pdf = result.outputs.find((f) => f.endsWith('.pdf'))!;
  epub = result.outputs.find((f) => f.endsWith('.epub'))!;
});

describe('symbols in the PDF', () => {
  it('sets each symbol in the fallback face and the words around it in the text face', async () => {
    const { layout } = await laidOut(ROOT);
    const items = layout.pages.flatMap((p) => p.items).filter((i): i is TextItem => i.kind === 'text');
    const fallback = items.filter((i) => i.face === 'fallback');
    const set = fallback.map((i) => i.text).join('');
    for (const ch of SYMBOLS) expect(set, ch).toContain(ch);
    // ϵ also comes from `$\epsilon$` in the reference's title: twice in all.
    expect([...set].filter((c) => c === 'ϵ')).toHaveLength(2);
    // Only symbols go to the fallback face; the Latin text beside them stays in Literata.
    expect(set).not.toMatch(/[A-Za-z0-9]/);
    const gradient = items.findIndex((i) => i.text === '∇');
    expect(items[gradient].face).toBe('fallback');
    expect(items[gradient + 1]).toMatchObject({ face: 'regular' });
    expect(items[gradient + 1].text).toMatch(/^u/);
    // Side by side on the baseline: the symbol's advance ends where the next word starts.
    expect(items[gradient + 1].y).toBe(items[gradient].y);
    expect(items[gradient + 1].x).toBeCloseTo(items[gradient].x + items[gradient].width, 3);
  });

  it('embeds Noto Sans Math, subset, and gives every symbol back to pdftotext', () => {
    if (!needTool('pdffonts') || !needTool('pdftotext')) return;
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    const noto = fonts.find((l) => /^[A-Z]{6}\+NotoSansMath-Regular\s/.test(l));
    expect(noto, fonts.join('\n')).toBeDefined();
    expect(noto).toMatch(/\byes\s+yes\s+yes\b/); // embedded, subset, with a ToUnicode map
    const text = pdfText(pdf);
    for (const ch of SYMBOLS) expect(text, ch).toContain(ch);
    expect(text).toContain('∼10⁶ cells');
    expect(text).toContain('gradient ∇u shrinks');
    expect(text).toContain('A ⊗ B');
    expect(text).toContain('Bounds for ϵ-nets');
  });
});

describe('symbols in the EPUB', () => {
  it('embeds the fallback face as Baspa Symbols, subset to the book, and names it after the text and mono faces', async () => {
    const zip = await JSZip.loadAsync(readFileSync(epub));
    const css = await zip.file('OEBPS/style.css')!.async('string');
    expect(css).toMatch(/@font-face\s*\{\s*font-family: "Baspa Symbols";[^}]*src: url\("fonts\/baspa-symbols-400\.ttf"\)/);
    expect(css).toMatch(/body\s*\{[^}]*font-family: "Baspa Serif", "Baspa Symbols"/);
    expect(css).toMatch(/pre\s*\{[^}]*font-family: "Baspa Mono", "Baspa Serif", "Baspa Symbols"/);
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    expect(opf).toMatch(/href="fonts\/baspa-symbols-400\.ttf" media-type="font\/ttf"/);
    const font = await zip.file('OEBPS/fonts/baspa-symbols-400.ttf')!.async('uint8array');
    // A TrueType file (decoded from the WOFF), cut down to what Literata lacks: a few KB of the whole font's 528 KB.
    expect(Buffer.from(font.subarray(0, 4)).toString('hex')).toBe('00010000');
    expect(font.length).toBeLessThan(12_000);
    const face = new hb.Face(new hb.Blob(font));
    const hbFont = new hb.Font(face);
    for (const ch of SYMBOLS) expect(hbFont.glyph(ch.codePointAt(0)!), ch).toBeGreaterThan(0);
    // Literata draws the rest: the letters around the symbols are not in it.
    expect(hbFont.glyph('e'.codePointAt(0)!)).toBeUndefined();
    // The licence URL travels with it (name ID 14).
    expect(Buffer.from(face.referenceTable('name')!).toString('latin1').replace(/\0/g, '')).toContain('openfontlicense.org');
    const body = await zip.file('OEBPS/a.xhtml')!.async('string');
    expect(body).toContain('gradient ∇u shrinks');
  });

  it('passes EPUBCheck with no errors and no warnings', () => {
    if (!needTool('java')) return;
    const r = epubcheck(epub);
    expect(r.messages).toEqual([]);
    expect(r.fatal + r.errors + r.warnings).toBe(0);
  });
});

describe('a symbol in the title', () => {
  it('is set in the fallback face in the running head too, beside the title in the text face', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'baspa-symbols-head-'));
    mkdirSync(path.join(root, 'manuscripts', 'a'), { recursive: true });
    writeFileSync(path.join(root, 'manuscripts', 'issue.yaml'), 'journal: {title: Test}\nvolume: 1\nnumber: 1\nyear: 2026\narticles: [a]\n');
    const para = 'The gradient of the field is taken once per step and kept for the next one, so the cost stays low. '.repeat(8);
    writeFileSync(path.join(root, 'manuscripts', 'a', 'article.md'), `---\ntitle: "Fields and ∇u"\nauthors:\n  - name: "A. Author"\n---\n\n${`${para}\n\n`.repeat(40)}`);
    const { layout } = await laidOut(root);
    const heads = layout.pages.flatMap((p) => p.items).filter((i): i is TextItem => i.kind === 'text' && i.artifact === true);
    const nabla = heads.filter((i) => i.text.includes('∇'));
    expect(nabla.length).toBeGreaterThan(0);
    for (const n of nabla) {
      expect(n).toMatchObject({ face: 'fallback', text: '∇' });
      const before = heads.find((i) => i.y === n.y && Math.abs(i.x + i.width - n.x) < 1e-6);
      expect(before?.face).toBe('regular');
    }
  });
});

describe('a book without symbols', () => {
  it('carries no fallback face: no @font-face, no file', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'baspa-symbols-none-'));
    mkdirSync(path.join(root, 'manuscripts', 'a'), { recursive: true });
    writeFileSync(path.join(root, 'manuscripts', 'issue.yaml'), 'journal: {title: Test}\nvolume: 1\nnumber: 1\nyear: 2026\narticles: [a]\n');
    writeFileSync(path.join(root, 'manuscripts', 'a', 'article.md'), '---\ntitle: "T"\nauthors:\n  - name: "A. Author"\n---\n\nPlain words only, and a dash – here.\n');
    const r = await build({ root, out: path.join(root, 'dist'), formats: ['epub'], sourceDateEpoch: EPOCH });
    expect(r.reporter.errors).toEqual([]);
    const zip = await JSZip.loadAsync(readFileSync(r.outputs.find((f) => f.endsWith('.epub'))!));
    expect(Object.keys(zip.files).filter((f) => f.includes('symbols'))).toEqual([]);
    expect(await zip.file('OEBPS/style.css')!.async('string')).not.toContain('@font-face {\n  font-family: "Baspa Symbols"');
  });
});

describe('a character no face has', () => {
  it('is still a glyph-missing error at its place (漢 beside ∇, which the fallback face sets)', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'baspa-symbols-cjk-'));
    mkdirSync(path.join(root, 'manuscripts', 'a'), { recursive: true });
    writeFileSync(path.join(root, 'manuscripts', 'issue.yaml'), 'journal: {title: Test}\nvolume: 1\nnumber: 1\nyear: 2026\narticles: [a]\n');
    writeFileSync(path.join(root, 'manuscripts', 'a', 'article.md'), '---\ntitle: "T"\nauthors:\n  - name: "A. Author"\n---\n\nThe field ∇u and the word 漢 in one line.\n');
    const r = await build({ root, out: path.join(root, 'dist'), formats: ['pdf'], checkOnly: true });
    const e = r.reporter.errors.filter((d) => d.rule === 'glyph-missing');
    expect(e.map((d) => d.message)).toEqual(["The template's fonts have no glyph for ‘漢’ U+6F22"]);
    expect(e[0]).toMatchObject({ line: 7, column: 27 });
  });
});
