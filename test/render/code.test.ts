/**
 * Code in both outputs, built from test/fixtures/code (the JOSS Melodie paper and snippets):
 * in the PDF, copying keeps the indentation (pdftotext -layout) and IBM Plex Mono is embedded
 * and subset; in the EPUB, <pre><code> holds the code with every space, tokens are classed
 * spans the stylesheet colours, the mono faces are in the book, and EPUBCheck is clean.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import { epubcheck, needTool } from '../helpers/tools.js';
import { aceMissing, formatViolation, runAce } from '../helpers/ace.js';

const ROOT = path.resolve(__dirname, '../fixtures/code');
const EPOCH = 1767225600;

let pdf: string;
let epub: string;
beforeAll(async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'baspa-code-'));
  const result = await build({ root: ROOT, out, formats: ['pdf', 'epub'], sourceDateEpoch: EPOCH });
  expect(result.reporter.errors).toEqual([]);
  expect(result.reporter.warnings.map((w) => w.message)).toEqual([]);
  pdf = result.outputs.find((f) => f.endsWith('.pdf'))!;
  epub = result.outputs.find((f) => f.endsWith('.epub'))!;
});

/** Where `needle` (not followed by a word character) starts on the first line that has it. */
function indentOf(text: string, needle: string): number {
  const re = new RegExp(`${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`);
  const line = text.split('\n').find((l) => re.test(l));
  if (line === undefined) throw new Error(`no line with ${needle}`);
  // -layout puts two columns side by side: the column is the page's character column.
  return line.search(re);
}

describe('code in the PDF', () => {
  it('copies with its indentation: pdftotext -layout shows the body indented', () => {
    if (!needTool('pdftotext')) return;
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    // Melodie's call: the arguments stand right of `simulator = Simulator(` and `)`.
    const call = indentOf(text, 'simulator = Simulator(');
    for (const arg of ['config = config,', 'model_cls = CovidModel,', 'data_loader_cls = CovidDataLoader']) expect(indentOf(text, arg), arg).toBeGreaterThanOrEqual(call + 4);
    expect(indentOf(text, 'simulator.run()')).toBe(call);
    // Our loop: each level further right than the one above.
    const levels = ['def total(values):', 'for v in values:', 'if v > 0:', 's += v'].map((l) => indentOf(text, l));
    for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeGreaterThan(levels[i - 1]);
    expect(indentOf(text, 'return s')).toBe(levels[1]);
    // Real space glyphs: the plain extraction has the spaces inside lines, once each.
    const plain = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    expect(plain).toContain('data_loader_cls = CovidDataLoader');
    expect(plain).toContain('simulator = Simulator(');
  });

  it('embeds IBM Plex Mono, subset, with its text', () => {
    if (!needTool('pdffonts')) return;
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    const mono = fonts.filter((l) => /\+IBMPlexMono-(Regular|Bold|Italic)\b/.test(l));
    expect(mono.length).toBeGreaterThanOrEqual(3);
    for (const l of mono) expect(l.split(/\s+/).slice(-5, -2)).toEqual(['yes', 'yes', 'yes']);
  });
});

describe('code in the EPUB', () => {
  let files: Map<string, string>;
  let names: string[];
  beforeAll(async () => {
    const zip = await JSZip.loadAsync(readFileSync(epub));
    names = Object.keys(zip.files);
    files = new Map();
    for (const f of Object.values(zip.files)) if (/\.(xhtml|css)$/.test(f.name)) files.set(f.name, await f.async('string'));
  });
  const doc = (slug: string) => files.get(`OEBPS/${slug}.xhtml`)!;
  const unescape = (s: string) => s.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&');
  const blocks = (xhtml: string) => [...xhtml.matchAll(/<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/g)].map((m) => unescape(m[1]));

  it('keeps every space and blank line in <pre><code>', () => {
    const source = readFileSync(path.join(ROOT, 'manuscripts/melodie/article.md'), 'utf8');
    const fenced = /```Python\n([\s\S]*?)\n```/.exec(source)![1];
    expect(blocks(doc('melodie'))).toContain(fenced);
    const ours = blocks(doc('snippets'));
    expect(ours[0]).toContain('    for v in values:\n        if v > 0:\n            s += v\n\n\n    return s');
    // Tabs are expanded as in the PDF.
    expect(ours[1]).toContain('\n    for x in xs:\n        n += 1\n');
  });

  it('marks tokens with classes the stylesheet colours from the template', () => {
    expect(doc('melodie')).toContain('<pre><code class="language-python">    <span class="hl-keyword">from</span> Melodie');
    expect(doc('snippets')).toContain('<span class="hl-title hl-title-function">total</span>');
    expect(doc('snippets')).toMatch(/<span class="hl-comment"># sum the positive ones<\/span>/);
    expect(doc('snippets')).toContain('<pre><code class="language-klingon">qaStaH nuq?');
    const css = files.get('OEBPS/style.css')!;
    expect(css).toMatch(/code \.hl-keyword \{ color: #[0-9a-f]{6}; font-weight: bold; \}/);
    expect(css).toMatch(/code \.hl-comment \{[^}]*font-style: italic;/);
    expect(css).toMatch(/font-family: "Baspa Mono", [^;]*monospace;/);
    expect(css).toMatch(/white-space: pre-wrap;/);
  });

  it('embeds the mono faces, cut down to the code', () => {
    for (const f of ['baspa-mono-400.ttf', 'baspa-mono-700.ttf', 'baspa-mono-400-italic.ttf']) expect(names).toContain(`OEBPS/fonts/${f}`);
    expect(files.get('OEBPS/style.css')).toContain('src: url("fonts/baspa-mono-400.ttf")');
  });

  it('passes EPUBCheck with no errors or warnings', () => {
    if (!needTool('java')) return;
    const r = epubcheck(epub);
    expect(r.messages).toEqual([]);
    expect([r.fatal, r.errors, r.warnings]).toEqual([0, 0, 0]);
  });

  it('has no Ace violations (token colours keep their contrast)', async () => {
    const missing = aceMissing();
    if (missing) {
      if (process.env.CI === 'true') throw new Error(missing);
      return;
    }
    const r = await runAce(epub, 120_000);
    expect(r.violations.map(formatViolation)).toEqual([]);
  });
});
