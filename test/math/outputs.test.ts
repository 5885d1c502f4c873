/**
 * Math in both outputs, built from a fixture and from a published paper (JOSS, scikit-fem):
 * no TeX printed as text in the PDF, a Formula element per formula, one <math> per source
 * formula in the EPUB with its TeX as alttext, EPUBCheck and Ace clean.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import { aceMissing, formatViolation, runAce } from '../helpers/ace.js';
import { epubcheck, needTool, pdfText } from '../helpers/tools.js';

const FIXTURE = path.resolve(__dirname, '../fixtures/math');
// `../shared/corpus` beside the repository (its README): found from wherever the checkout is.
const CORPUS = (() => {
  for (let dir = path.resolve(__dirname, '../..'); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const at = path.join(path.dirname(dir), 'shared/corpus/joss/scikit-fem');
    if (existsSync(at)) return at;
  }
  return '';
})();
const EPOCH = 1767225600;

async function built(root: string) {
  const out = mkdtempSync(path.join(tmpdir(), 'baspa-math-'));
  const result = await build({ root, out, formats: ['pdf', 'epub'], sourceDateEpoch: EPOCH });
  expect(result.reporter.errors).toEqual([]);
  const files = readdirSync(out);
  const pdf = path.join(out, files.find((f) => f.endsWith('.pdf'))!);
  const epub = path.join(out, files.find((f) => f.endsWith('.epub'))!);
  const zip = await JSZip.loadAsync(readFileSync(epub));
  const xhtml: string[] = [];
  let opf = '';
  for (const f of Object.values(zip.files)) {
    if (f.name.endsWith('.xhtml')) xhtml.push(await f.async('string'));
    if (f.name.endsWith('.opf')) opf = await f.async('string');
  }
  return { out, pdf, epub, xhtml: xhtml.join('\n'), opf, result };
}

/** `$…$` and `$$…$$` spans of a Markdown source, outside code. */
function sourceFormulas(md: string): string[] {
  const body = md.replace(/^---[\s\S]*?\n---\n/, '').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...body.matchAll(/\$\$([\s\S]+?)\$\$|\$([^\s$](?:[^$]*[^\s$])?)\$(?!\d)/g)].map((m) => (m[1] ?? m[2]).trim());
}

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const alttexts = (xhtml: string) => [...xhtml.matchAll(/<math alttext="([^"]*)"/g)].map((m) => unescape(m[1]));

describe('math in the PDF and the EPUB (fixture)', () => {
  let b: Awaited<ReturnType<typeof built>>;
  beforeAll(async () => {
    b = await built(FIXTURE);
  }, 120_000);
  afterAll(() => rmSync(b.out, { recursive: true, force: true }));

  it.runIf(needTool('pdftotext'))('prints no $ outside prices and no TeX command in the PDF text', () => {
    const text = pdfText(b.pdf);
    expect(text).not.toMatch(/\\[a-zA-Z]+/);
    // The only dollars are the prices of the source.
    expect(text.match(/\$/g)?.length).toBe(2);
    expect(text).toContain('$5 and $10');
    // Copy and search find the formula's plain reading.
    expect(text).toContain('Ax=b');
    expect(text).toContain('E=mc^2');
    // Text the math fonts lack is drawn in the body face, and copied once.
    expect(text.match(/жылдамдық/g)?.length).toBe(1);
  });

  it.runIf(needTool('qpdf'))('tags each formula as a Formula with its TeX as Alt, drawn as paths', () => {
    const qdf = execFileSync('qpdf', ['--qdf', '--object-streams=disable', b.pdf, '-'], { maxBuffer: 256 * 1024 * 1024 }).toString('latin1');
    expect(qdf.match(/\/S \/Formula/g)?.length).toBe(14);
    expect(qdf).toContain('/Alt (Ax=b)');
    // Vector, never an image: the article's page has no image XObject.
    expect(qdf).not.toMatch(/\/Subtype \/Image/);
  });

  it('writes one <math> per source formula, with its TeX as alttext, display ones as blocks', () => {
    const md = readFileSync(path.join(FIXTURE, 'manuscripts/formulas/article.md'), 'utf8');
    const dollars = sourceFormulas(md);
    const envs = md.match(/^\\begin\{/gm)?.length ?? 0;
    expect(b.xhtml.match(/<math\b/g)?.length).toBe(dollars.length + envs);
    expect(b.xhtml.match(/<math\b[^>]*display="block"/g)?.length).toBe(5);
    const alts = alttexts(b.xhtml);
    for (const f of dollars) expect(alts).toContain(f);
    expect(b.xhtml).toContain('<span class="eqno"><span>(2)</span></span>');
    // align: a number a row, the unlabelled row with its own anchor.
    expect(b.xhtml).toMatch(/<span class="eqno"><span id="[^"]+-eq-3-1">\(3\)<\/span><br\/><span>\(4\)<\/span><\/span>/);
    expect(b.opf).toMatch(/properties="mathml"/);
    // No TeX command in the text of the book (the alttext keeps the source).
    expect(b.xhtml.replace(/<[^>]*>/g, ' ')).not.toMatch(/\\[a-zA-Z]+/);
  });

  it.runIf(needTool('java'))('passes EPUBCheck with no errors and no warnings', () => {
    const r = epubcheck(b.epub);
    expect(r.messages).toEqual([]);
    expect(r.fatal + r.errors + r.warnings).toBe(0);
  }, 120_000);

  it.runIf(!aceMissing() || process.env.CI === 'true')('passes Ace with no violations', async () => {
    const r = await runAce(b.epub, 120_000);
    expect(r.violations.map(formatViolation)).toEqual([]);
  }, 180_000);

  it('warns about the unknown command and the wide formula at their places, and builds', () => {
    const rules = b.result.reporter.warnings.map((w) => `${w.rule}:${w.line}`);
    expect(rules).toContain('math-unknown-command:14');
    expect(rules.filter((r) => r.startsWith('math-too-wide')).length).toBe(1);
  });
});

describe.runIf(CORPUS !== '')('a published paper with math (JOSS scikit-fem)', () => {
  let b: Awaited<ReturnType<typeof built>>;
  let md: string;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'baspa-skfem-'));
    const dir = path.join(root, 'manuscripts', 'scikit-fem');
    cpSync(CORPUS, dir, { recursive: true });
    writeFileSync(path.join(root, 'manuscripts', 'issue.yaml'), 'journal: {title: Test}\nvolume: 1\nnumber: 1\nyear: 2026\narticles: [scikit-fem]\n');
    md = readFileSync(path.join(dir, 'paper.md'), 'utf8');
    b = await built(root);
  }, 180_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('sets every formula of the source as <math> in the EPUB', () => {
    const all = sourceFormulas(md);
    // The figure's caption holds three: they count once captions are printed.
    const inCaptions = sourceFormulas((md.match(/!\[[^\n]*\]\([^)]*\)/g) ?? []).join('\n'));
    expect(all.length).toBe(11);
    const expected = b.xhtml.includes('<figcaption') ? all : all.filter((f) => !inCaptions.includes(f) || all.filter((g) => g === f).length > inCaptions.filter((g) => g === f).length);
    const alts = alttexts(b.xhtml);
    for (const f of expected) expect(alts).toContain(f);
    expect(alts.length).toBeGreaterThanOrEqual(b.xhtml.includes('<figcaption') ? 11 : 8);
  });

  it.runIf(needTool('pdftotext'))('prints no $ and no TeX command of a formula in the PDF text', () => {
    const text = pdfText(b.pdf);
    expect(text).not.toContain('$');
    for (const cmd of ['\\mathrm', '\\nabla', '\\times']) expect(text).not.toContain(cmd);
    expect(text).toContain('Ax=b');
  });
});
