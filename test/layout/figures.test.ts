/**
 * Figures, captions, table captions and cross-references (issue 13, parts 2 and 3), on the
 * positioned pages and in both outputs: numbered per article with labels in the article's
 * language, captions below figures and above tables, widths honoured, caption citations
 * counted where the figure stands (and never reported as uncited), references linked to
 * their targets, SVG drawn as vector, big bitmaps downsampled, bad figures refused.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import type { PhrasingContent, Root } from 'mdast';
import sharp from 'sharp';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Block, ImageBlock, Issue, TableBlock } from '../../src/document/model.js';
import { inlineText } from '../../src/document/inlines.js';
import type { Template } from '../../src/config/template.js';
import { loadTemplate } from '../../src/config/template.js';
import { columnWidth, columnX, textFrame } from '../../src/layout/pages/geometry.js';
import { layoutIssue } from '../../src/layout/index.js';
import type { ImageItem, LayoutResult, LinkItem, TextItem } from '../../src/layout/types.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { build, BUNDLED_TEMPLATES, prepareIssue } from '../../src/pipeline/build.js';
import { loadIssue } from '../../src/manuscript/load.js';
import { parseArticle } from '../../src/manuscript/parse.js';
import { resolveIssue } from '../../src/document/resolve/issue.js';
import { CrossrefState, resolveCrossrefs } from '../../src/document/resolve/crossrefs.js';
import { figureLabels } from '../../src/config/template.js';
import { pixelsFor } from '../../src/document/resolve/images.js';
import { epubcheck, needTool, pdfText } from '../helpers/tools.js';
import { aceMissing, formatViolation, runAce } from '../helpers/ace.js';
import { normWords } from '../helpers/words.js';

const ROOT = path.resolve(__dirname, '../fixtures/figures');

function blocks(list: readonly Block[]): Block[] {
  return list.flatMap((b) => (b.type === 'list' ? b.items.flatMap((i) => blocks(i.children)) : b.type === 'blockquote' ? blocks(b.children) : [b]));
}
const images = (issue: Issue, i: number) => blocks(issue.articles[i].body).filter((b): b is ImageBlock => b.type === 'image');
const tables = (issue: Issue, i: number) => blocks(issue.articles[i].body).filter((b): b is TableBlock => b.type === 'table');
const bodyText = (issue: Issue, i: number) => blocks(issue.articles[i].body).map((b) => (b.type === 'paragraph' ? inlineText(b.children) : '')).join('\n');

/** A copy of the fixture in a temporary folder, with `edit` applied to the English article. */
function fixtureCopy(edit: (md: string) => string = (md) => md): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'baspa-figures-'));
  cpSync(ROOT, dir, { recursive: true });
  const file = path.join(dir, 'manuscripts/figures-en/article.md');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

describe('figures and cross-references on the page', () => {
  let issue: Issue;
  let t: Template;
  let layout: LayoutResult;
  let reporter: Reporter;
  beforeAll(async () => {
    reporter = new Reporter();
    const r = await prepareIssue({ root: ROOT, out: '', formats: [] }, reporter, {});
    expect(reporter.errors).toEqual([]);
    ({ issue, template: t } = r);
    layout = layoutIssue(issue, t);
  });

  const items = () => layout.pages.flatMap((p) => p.items.map((item) => ({ item, page: p })));
  const texts = () => items().filter((x): x is { item: TextItem; page: (typeof layout.pages)[number] } => x.item.kind === 'text');

  it('numbers figures and tables per article, labelled in the article’s language', () => {
    expect(images(issue, 0).map((b) => b.caption?.label)).toEqual(['Figure 1', 'Figure 2', 'Figure 3']);
    expect(tables(issue, 0).map((b) => b.caption?.label)).toEqual(['Table 1', 'Table 2']);
    expect(images(issue, 1).map((b) => b.caption?.label)).toEqual(['1-сурет']);
    expect(tables(issue, 1).map((b) => b.caption?.label)).toEqual(['1-кесте']);
    expect(images(issue, 2).map((b) => b.caption?.label)).toEqual(['Рисунок 1']);
    expect(tables(issue, 2).map((b) => b.caption?.label)).toEqual(['Таблица 1']);
  });

  it('sets each caption below its figure, in the figure’s column, its label in bold', () => {
    const figures = items().filter((x): x is { item: ImageItem; page: (typeof layout.pages)[number] } => x.item.kind === 'image');
    expect(figures).toHaveLength(5);
    for (const { item: img, page } of figures) {
      const caption = texts().filter(({ item }) => layout.structure[item.struct]?.role === 'Caption' && layout.structure[item.struct].parent === img.struct);
      expect(caption.length, `caption of ${img.alt}`).toBeGreaterThan(0);
      for (const { item, page: p } of caption) {
        expect(p).toBe(page);
        expect(item.y).toBeGreaterThan(img.y + img.height);
        const frame = textFrame(t, page.folio);
        const col = img.x < columnX(t, frame, 1) ? 0 : 1;
        expect(item.x).toBeGreaterThanOrEqual(columnX(t, frame, col) - 0.5);
        expect(item.x + item.width).toBeLessThanOrEqual(columnX(t, frame, col) + columnWidth(t) + 1);
      }
      expect(caption[0].item.face).toBe('bold');
      // Nothing leaves its column: neither the image nor its caption.
      const frame = textFrame(t, page.folio);
      const left = columnX(t, frame, img.x < columnX(t, frame, 1) ? 0 : 1);
      expect(img.x).toBeGreaterThanOrEqual(left - 0.01);
      expect(img.x + img.width).toBeLessThanOrEqual(left + columnWidth(t) + 0.01);
    }
  });

  it('spans the columns with a .wide figure, its caption across the frame below it', async () => {
    const dir = fixtureCopy((md) => md.replace('{#fig:diagram width=100%}', '{#fig:diagram .wide width=100%}'));
    const r = new Reporter();
    const p = await prepareIssue({ root: dir, out: '', formats: [] }, r, {});
    expect(r.errors).toEqual([]);
    const laid = layoutIssue(p.issue, p.template);
    const page = laid.pages.find((pg) => pg.items.some((i) => i.kind === 'image' && i.path.endsWith('diagram.svg')))!;
    const img = page.items.find((i): i is ImageItem => i.kind === 'image' && i.path.endsWith('diagram.svg'))!;
    const frame = textFrame(t, page.folio);
    expect(img.width).toBeCloseTo(frame.width, 1);
    expect(img.x).toBeCloseTo(frame.x, 1);
    const caption = page.items.filter((i): i is TextItem => i.kind === 'text' && laid.structure[i.struct]?.role === 'Caption' && laid.structure[i.struct].parent === img.struct);
    expect(caption.length).toBeGreaterThan(0);
    for (const c of caption) expect(c.y).toBeGreaterThan(img.y + img.height);
  });

  it('sets table captions above their tables', () => {
    const find = (s: string) => texts().find(({ item }) => item.text === s || item.text.startsWith(s))!;
    expect(find('Sizes').item.y).toBeLessThan(find('Box').item.y);
    expect(find('Turnover').item.y).toBeLessThan(find('Year').item.y);
    const label = texts().find(({ item }) => /^Table/.test(item.text) && item.face === 'bold');
    expect(label).toBeDefined();
  });

  it('honours width= as a share of the column or a length, keeping the aspect ratio', () => {
    const drawn = items().filter((x) => x.item.kind === 'image').map((x) => x.item as ImageItem);
    const col = columnWidth(t);
    const en = drawn.filter((d) => d.path.includes('figures-en'));
    expect(en[0].width).toBeCloseTo(0.6 * col, 1);
    expect(en[0].height / en[0].width).toBeCloseTo(120 / 240, 3);
    expect(en[1].width).toBeCloseTo(col, 1);
    expect(en[1].height / en[1].width).toBeCloseTo(200 / 400, 3);
    expect(en[2].width).toBeCloseTo((4 / 2.54) * 72, 1);
  });

  it('prints cross-references in the article’s language, capitalised where asked', () => {
    const en = bodyText(issue, 0);
    expect(en).toContain('plotted in Figure\u00a01, and the two boxes');
    expect(en).toContain('shown in Figures\u00a01 and 2,');
    expect(en).toContain('listed in Table\u00a02 (for the boxes, see\u00a0Table\u00a01).');
    expect(en).toContain('explained in Method.');
    expect(en).toMatch(/^Figure\u00a02 is a vector drawing/m);
    expect(en).not.toMatch(/@|fig:|tbl:|sec:/);
    expect(bodyText(issue, 1)).toContain('Тауар айналымы 1-сурет көрсетілген, ал сандар 1-кесте берілген.');
    expect(bodyText(issue, 2)).toContain('показан на рис.\u00a01, а числа приведены в табл.\u00a01.');
  });

  it('links each reference to its figure, table or heading in the PDF', () => {
    const anchors = new Set(items().filter((x) => x.item.kind === 'anchor').map((x) => (x.item as { name: string }).name));
    const links = items().filter((x) => x.item.kind === 'link' && (x.item as LinkItem).dest?.startsWith('figures-')).map((x) => (x.item as LinkItem).dest!);
    for (const dest of ['figures-en-fig-1', 'figures-en-fig-2', 'figures-en-tbl-1', 'figures-en-tbl-2', 'figures-en-method', 'figures-kk-fig-1', 'figures-ru-tbl-1']) {
      expect(links, dest).toContain(dest);
      expect(anchors, dest).toContain(dest);
    }
    // The anchor of a figure is at its image, not at its caption.
    const img = items().find((x) => x.item.kind === 'image')!.item as ImageItem;
    const a = items().find((x) => x.item.kind === 'anchor' && (x.item as { name: string }).name === 'figures-en-fig-1')!.item as { y: number };
    expect(a.y).toBeLessThanOrEqual(img.y + 0.5);
  });

  it('counts a caption’s citations where the figure stands, and never calls them uncited', () => {
    const refs = issue.articles[0].bibliography.entries;
    expect(refs.map((e) => [e.key, e.label])).toEqual([['earlier', '[1]'], ['captioned', '[2]'], ['later', '[3]']]);
    expect(reporter.warnings.filter((w) => w.rule === 'bibliography-unused-entry')).toEqual([]);
    expect(inlineText(images(issue, 0)[0].caption!.children)).toMatch(/as described by Caption\s\[2\]\./);
  });

  it('makes an image followed by a text line a figure and the paragraph after it, without a message', () => {
    expect(images(issue, 0)[2].caption?.label).toBe('Figure 3');
    expect(bodyText(issue, 0)).toContain('This paragraph follows the image on the very next line');
    expect(reporter.diagnostics.filter((d) => d.rule.startsWith('image'))).toEqual([]);
  });
});

describe('cross-reference errors and LaTeX-style labels', () => {
  it('reports an unknown label at its position', async () => {
    const dir = fixtureCopy((md) => md.replace('The method is explained in @sec:method.', 'The method is explained in @sec:nowhere and @fig:nope.'));
    const r = await build({ root: dir, out: path.join(dir, 'dist'), formats: [], checkOnly: true });
    const errs = r.reporter.errors.filter((e) => e.rule === 'crossref-unknown');
    const lines = readFileSync(path.join(dir, 'manuscripts/figures-en/article.md'), 'utf8').split('\n');
    const where = (s: string) => {
      const line = lines.findIndex((l) => l.includes(s));
      return [line + 1, lines[line].indexOf(s) + 1];
    };
    expect(errs.map((e) => [e.message.match(/‘(.*)’/)![1], e.line, e.column])).toEqual([
      ['sec:nowhere', ...where('@sec:nowhere')],
      ['fig:nope', ...where('@fig:nope')],
    ]);
    expect(r.reporter.errors.filter((e) => e.rule === 'citation-unknown-key')).toEqual([]);
    expect(r.reporter.errors.every((e) => e.rule === 'crossref-unknown')).toBe(true);
  });

  it('reports a label given twice', async () => {
    const dir = fixtureCopy((md) => md.replace('{#fig:diagram width=100%}', '{#fig:plot width=100%}'));
    const r = await build({ root: dir, out: path.join(dir, 'dist'), formats: [], checkOnly: true });
    expect(r.reporter.errors.map((e) => e.rule)).toContain('crossref-duplicate');
  });

  /** What the raw-TeX transform makes of `\label{x}`, `\ref{x}`, `\autoref{x}`, `\eqref{x}` (mimicked here). */
  function texNodes(tree: Root): void {
    visit(tree, 'text', (node, index, parent) => {
      if (!parent || index === undefined || !/\\(label|ref|autoref|eqref)\{/.test(node.value)) return;
      const out: PhrasingContent[] = [];
      let last = 0;
      for (const m of node.value.matchAll(/\\(label|ref|autoref|eqref)\{([^}]*)\}/g)) {
        if (m.index > last) out.push({ type: 'text', value: node.value.slice(last, m.index) });
        const position = { start: { ...node.position!.start, column: node.position!.start.column + m.index }, end: node.position!.end };
        out.push(m[1] === 'label' ? { type: 'texLabel', label: m[2], position } : { type: 'crossRef', label: m[2], form: m[1] as 'ref' | 'autoref' | 'eqref', position });
        last = m.index + m[0].length;
      }
      if (last < node.value.length) out.push({ type: 'text', value: node.value.slice(last) });
      parent.children.splice(index, 1, ...(out as typeof parent.children));
      return index + out.length;
    });
  }

  async function resolveWithTex(edit: (md: string) => string): Promise<{ issue: Issue; reporter: Reporter }> {
    const dir = fixtureCopy(edit);
    const reporter = new Reporter();
    const loaded = (await loadIssue(dir, reporter))!;
    const parsed = loaded.articles.map((a) => parseArticle(a, reporter)!);
    parsed.forEach((p) => texNodes(p.tree));
    const template = (await loadTemplate(BUNDLED_TEMPLATES, 'journal', reporter, { file: loaded.issueFile }))!;
    const style = readFileSync(template.cslPath, 'utf8');
    const issue = resolveIssue({ config: loaded.config, issueFile: loaded.issueFile, parsed, template, style, issueBibliographies: [], reporter });
    return { issue, reporter };
  }

  it('lets \\label name figures, tables and headings, and \\ref, \\autoref print them', async () => {
    // Labels with and without pandoc-crossref's prefixes.
    const { issue, reporter } = await resolveWithTex((md) =>
      md
        .replace('{#fig:diagram width=100%}', '{width=100%}')
        .replace('joined by an arrow](diagram.svg)', 'joined by an arrow \\label{fig:diagram}](diagram.svg)')
        .replace('as described by Caption [@captioned].](plot.png)', 'as described by Caption [@captioned].\\label{generation}](plot.png)')
        .replace('Table: Sizes of the two boxes {#tbl:sizes}', 'Table: Sizes of the two boxes\\label{sizes}')
        .replace('# Method {#sec:method}', '# Method \\label{sec:method}')
        .replace('[see @tbl:sizes]', 'see \\autoref{sizes}')
        .replace('The end of the article', 'In fig. \\ref{fig:diagram} and \\autoref{sizes}, see \\autoref{sec:method}. \\autoref{generation} again.\n\nThe end of the article')
        .replace('@tbl:sizes and', 'tbl. \\ref{sizes} and'),
    );
    expect(reporter.errors).toEqual([]);
    const fig = images(issue, 0)[1];
    expect(inlineText(fig.caption!.children)).toBe('A diagram of two boxes joined by an arrow');
    expect(tables(issue, 0)[0].caption && inlineText(tables(issue, 0)[0].caption!.children)).toBe('Sizes of the two boxes');
    const text = bodyText(issue, 0);
    expect(text).toContain('In fig. 2 and Table\u00a01, see Method. Figure\u00a01 again.');
    expect(inlineText(images(issue, 0)[0].caption!.children)).toMatch(/as described by Caption\s\[2\]\.$/);
    expect(text).toContain('refers back to tbl. 1 and');
    expect(issue.articles[0].body.find((b) => b.type === 'heading' && inlineText(b.children).startsWith('Method'))).toMatchObject({ children: [{ value: 'Method' }] });
  });

  it('prints an equation reference as (n), from any block that carries label, number and id', () => {
    const reporter = new Reporter();
    const state = new CrossrefState(figureLabels({ labels: {} }, 'en'), 'a');
    const pos = { file: 'x.md', line: 1, column: 1 };
    const ctx = { reporter, crossrefs: state } as unknown as Parameters<typeof resolveCrossrefs>[2];
    const ref = state.reference({ labels: [{ label: 'eq:energy', pos }], form: 'name', capital: false, pos });
    const eq = { type: 'math', display: true, label: 'eq:energy', number: 3, id: 'a-eq-3', pos } as unknown as Block;
    const para: Block = { type: 'paragraph', children: [{ type: 'text', value: 'by ' }, ref], pos };
    resolveCrossrefs([[para, eq]], state, ctx);
    expect(para.type === 'paragraph' && para.children).toEqual([{ type: 'text', value: 'by ' }, { type: 'crossref', target: 'a-eq-3', children: [{ type: 'text', value: '(3)', pos }], pos }]);
    expect(reporter.errors).toEqual([]);
    const group = state.reference({ labels: [{ label: 'eq:energy', pos }, { label: 'eq:mass', pos }], form: 'name', capital: false, pos });
    const eq2 = { type: 'math', display: true, label: 'eq:mass', number: 4, id: 'a-eq-4', pos } as unknown as Block;
    const para2: Block = { type: 'paragraph', children: [{ type: 'text', value: 'by ' }, group], pos };
    resolveCrossrefs([[para2, eq, eq2]], state, ctx);
    expect(para2.type === 'paragraph' && inlineText(para2.children)).toBe('by (3) and (4)');
  });
});

describe('figures in the outputs', () => {
  let pdf: string;
  let epub: string;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'baspa-figures-out-'));
    const r = await build({ root: ROOT, out: dir, formats: ['pdf', 'epub'], sourceDateEpoch: 0 });
    expect(r.reporter.errors).toEqual([]);
    [pdf, epub] = r.outputs;
  }, 120_000);

  /** Every word of every caption as the source writes it (markup and citations left out). */
  function captionWords(): string[] {
    const words: string[] = [];
    for (const slug of ['figures-en', 'figures-kk', 'figures-ru']) {
      const md = readFileSync(path.join(ROOT, 'manuscripts', slug, 'article.md'), 'utf8');
      for (const m of md.matchAll(/!\[([^\]]*(?:\[[^\]]*\][^\]]*)*)\]\(/g)) words.push(m[1]);
      for (const m of md.matchAll(/^(?:Table)?: (.*?)(?:\{#[^}]*\})?$/gm)) words.push(m[1]);
    }
    return normWords(words.join(' ').replace(/\[@[^\]]*\]/g, ' '));
  }

  it('prints every caption word, and the caption labels, in the PDF', () => {
    if (!needTool('pdftotext')) return;
    const text = normWords(pdfText(pdf));
    const missing = captionWords().filter((w) => !text.includes(w));
    expect(missing).toEqual([]);
    const raw = pdfText(pdf);
    for (const label of ['Figure 1.', 'Figure 3.', 'Table 2.', '1-сурет –', '1-кесте –', 'Рисунок 1 –', 'Таблица 1 –']) expect(raw).toContain(label);
  });

  it('writes figures as <figure> with <figcaption>, tables with <caption>, references as links to them', async () => {
    const zip = await JSZip.loadAsync(readFileSync(epub));
    const en = await zip.file('OEBPS/figures-en.xhtml')!.async('string');
    expect(en).toMatch(/<figure class="image" id="figures-en-fig-1"><img src="images\/img-1.png" alt="[^"]*" style="width: 60%"\/><figcaption><span class="caption-label">Figure 1<\/span>\. Trade <em>turnover<\/em> by year, plotted with <code>matplotlib<\/code>/);
    expect(en).toMatch(/<table id="figures-en-tbl-1">\n<caption><span class="caption-label">Table 1<\/span>\. Sizes of the two boxes<\/caption>/);
    expect(en).toContain('<a class="crossref" href="#figures-en-fig-1">Figure\u00a01</a>');
    expect(en).toContain('<a class="crossref" href="#figures-en-method">Method</a>');
    // The SVG stays SVG.
    expect(en).toContain('src="images/img-2.svg"');
    expect(Object.keys(zip.files)).toContain('OEBPS/images/img-2.svg');
    const all = (await Promise.all(['en', 'kk', 'ru'].map((l) => zip.file(`OEBPS/figures-${l}.xhtml`)!.async('string')))).join(' ');
    const text = normWords(all.replace(/<[^>]+>/g, ' ').replace(/&[a-z]+;/g, ' '));
    expect(captionWords().filter((w) => !text.includes(w))).toEqual([]);
  });

  it('passes EPUBCheck with figures, an SVG and captions', () => {
    if (!needTool('java')) return;
    const r = epubcheck(epub);
    expect(r.messages).toEqual([]);
    expect(r.fatal + r.errors + r.warnings).toBe(0);
  });

  it('reports no Ace violation for figures, captions and cross-reference links', async (ctx) => {
    const missing = aceMissing();
    if (missing !== undefined) {
      if (process.env.CI === 'true') throw new Error(`${missing}; required in CI`);
      ctx.skip(missing);
    }
    const ace = await runAce(epub);
    expect(ace.violations.map(formatViolation)).toEqual([]);
    expect(ace.outcome).toBe('pass');
  }, 120_000);

  it('draws the SVG as vector paths, not as an image', () => {
    if (!needTool('pdfimages')) return;
    const list = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.split(/\s+/)[3] === 'image');
    // Four bitmap figures (one file drawn twice in English, one each in Kazakh and Russian), all the 240 × 120 plot.
    expect(list).toHaveLength(4);
    for (const l of list) expect(l).toMatch(/image\s+240\s+120/);
    // The drawing's own words are text in the template's embedded faces.
    expect(pdfText(pdf)).toMatch(/Input[\s\S]*Output/);
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    // Only the template's faces (text and code), each embedded, subset and with ToUnicode: none from the SVG.
    for (const f of fonts) expect(f).toMatch(/\+(Literata|IBMPlexMono)\S*.*\byes\s+yes\s+yes\b/);
  });
});

describe('bitmaps and refused figures', () => {
  it('downsamples a 6,098 × 2,848 PNG and a big JPEG to the print resolution, keeping JPEG as JPEG', async () => {
    if (!needTool('pdfimages')) return;
    const dir = fixtureCopy((md) => md.replace('(plot.png){width=4cm}', '(big.png)').replace('The end of the article', '![A big photograph](big.jpg)\n\nThe end of the article'));
    const w = 6098;
    const h = 2848;
    const raw = Buffer.alloc(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw[(y * w + x) * 3 + ((x >> 4) % 3)] = (x * 7 + y * 3) & 0xff;
    const art = path.join(dir, 'manuscripts/figures-en');
    await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).png().toFile(path.join(art, 'big.png'));
    await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 90 }).toFile(path.join(art, 'big.jpg'));
    const r = await build({ root: dir, out: path.join(dir, 'dist'), formats: ['pdf'], sourceDateEpoch: 0 });
    expect(r.reporter.errors).toEqual([]);
    const t = (await loadTemplate(BUNDLED_TEMPLATES, 'journal', new Reporter(), { file: 'x' }))!;
    const want = pixelsFor(columnWidth(t), t.images.dpi);
    const big = images(r.issue!, 0).filter((b) => /big\.(png|jpg)$/.test(b.path));
    expect(big.map((b) => [b.data?.format, b.data?.width, b.data?.original?.width])).toEqual([
      ['png', want, w],
      ['jpeg', want, w],
    ]);
    const list = execFileSync('pdfimages', ['-list', r.outputs[0]], { encoding: 'utf8' }).split('\n').filter((l) => new RegExp(`image\\s+${want}\\s`).test(l));
    expect(list.map((l) => l.split(/\s+/)[9])).toEqual(['image', 'jpeg']);
    expect(readFileSync(r.outputs[0]).length).toBeLessThan(2 * 1024 * 1024);
  }, 120_000);

  it('refuses a PDF figure with what to do instead, and an SVG that runs scripts or links out', async () => {
    const dir = fixtureCopy((md) => md.replace('(plot.png){width=4cm}', '(figure.pdf)').replace('(diagram.svg)', '(bad.svg)'));
    const art = path.join(dir, 'manuscripts/figures-en');
    writeFileSync(path.join(art, 'figure.pdf'), '%PDF-1.4\n%%EOF\n');
    writeFileSync(path.join(art, 'bad.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    const r = await build({ root: dir, out: path.join(dir, 'dist'), formats: [], checkOnly: true });
    const pdfErr = r.reporter.errors.find((e) => e.rule === 'image-format');
    expect(pdfErr?.message).toMatch(/PDF figures are not placed: convert .*figure\.pdf to SVG .* or to PNG/);
    expect(pdfErr?.line).toBe(readFileSync(path.join(art, 'article.md'), 'utf8').split('\n').findIndex((l) => l.includes('(figure.pdf)')) + 1);
    expect(r.reporter.errors.find((e) => e.rule === 'image-svg-unsafe')?.message).toContain('<script>');
  });
});
