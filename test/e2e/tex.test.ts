/**
 * A paper with raw TeX pasted into its Markdown (test/fixtures/tex), built into both
 * outputs: no `\command` reaches the reader, `\url{…}` and a SICI DOI give valid URIs,
 * footnotes number where they are called, the description list is set in both outputs,
 * "References" is printed once, and running heads of 17 authors and a 200-character title
 * keep to their line.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../src/document/model.js';
import type { Template } from '../../src/config/template.js';
import { textFrame } from '../../src/layout/pages/geometry.js';
import type { LayoutResult, OutlineEntry, TextItem } from '../../src/layout/types.js';
import { build, type BuildResult } from '../../src/pipeline/build.js';
import { laidOut } from '../helpers/layout.js';
import { epubcheck, needTool, pdfText } from '../helpers/tools.js';
import { inlineText } from '../../src/document/inlines.js';

const ROOT = path.resolve(__dirname, '../fixtures/tex');
const COMMAND = /\\[A-Za-z]+/;

let result: BuildResult;
let pdf: string;
let epub: string;
let xhtml: string;
let kkXhtml: string;
let nav: string;
let layout: LayoutResult;
let issue: Issue;
let t: Template;

beforeAll(async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'baspa-tex-'));
  result = await build({ root: ROOT, out, formats: ['pdf', 'epub'], sourceDateEpoch: 1_764_115_200 });
  pdf = result.outputs.find((f) => f.endsWith('.pdf'))!;
  epub = result.outputs.find((f) => f.endsWith('.epub'))!;
  const zip = await JSZip.loadAsync(await import('node:fs').then((fs) => fs.readFileSync(epub)));
  xhtml = await zip.file('OEBPS/tex-paper.xhtml')!.async('string');
  kkXhtml = await zip.file('OEBPS/refs-div.xhtml')!.async('string');
  nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
  ({ layout, issue, t } = await laidOut(ROOT));
}, 120_000);

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('raw TeX in a built paper', () => {
  it('builds, warning at the unknown command; \\ref and \\autoref name the heading \\label names', () => {
    expect(result.reporter.errors).toEqual([]);
    const para = issue.articles[0].body.find((b) => b.type === 'paragraph' && inlineText(b.children).startsWith('See '));
    expect(para && para.type === 'paragraph' && inlineText(para.children)).toBe('See Introduction and Introduction.');
    const rules = result.reporter.warnings.map((w) => `${w.rule}@${w.line}:${w.column}`);
    expect(rules).toContain('tex-unknown-command@21:55');
  });

  it('prints no \\command in the PDF text, and keeps every word', () => {
    if (!needTool('pdftotext')) return;
    const body = pdfText(pdf);
    expect(body).not.toMatch(COMMAND);
    for (const w of ['Markdown', 'LaTeX', 'kept words', 'Alpha', 'Another item', 'the project’s pages']) expect(body).toContain(w);
  });

  it('prints no \\command in the EPUB text', () => {
    expect(text(xhtml)).not.toMatch(COMMAND);
    expect(text(xhtml)).toContain('kept words');
  });

  it('gives valid URIs: EPUBCheck finds no error or warning', () => {
    expect(xhtml).toContain('href="https://example.org/repo/%7Btree%7D%7Cmain"');
    expect(xhtml).toContain('href="https://doi.org/10.1002/(SICI)1097-4636(199712)37:4%3C450::AID-JBM4%3E3.0.CO;2-O"');
    // The printed text keeps what the author wrote.
    expect(xhtml).toContain('<code>https://example.org/repo/{tree}|main</code>');
    for (const [, href] of xhtml.matchAll(/href="([^"]*)"/g)) expect(href).not.toMatch(/[\s<>{}|\\^`"]/);
    if (!needTool('java')) return;
    const r = epubcheck(epub);
    expect(r.messages).toEqual([]);
    expect(r.fatal + r.errors + r.warnings).toBe(0);
  });

  it('numbers \\footnote notes where they are called, in both outputs', () => {
    const calls = [...xhtml.matchAll(/epub:type="noteref"[^>]*><sup>(\d+)<\/sup>/g)].map((m) => m[1]);
    expect(calls).toEqual(['1', '2']);
    expect(xhtml).toMatch(/as authors do<a class="noteref"[^>]*><sup>1<\/sup>/);
    expect(xhtml).toMatch(/role="doc-footnote">\s*<p><a[^>]*>1<\/a> The first note/);
    const article = issue.articles.find((a) => a.slug === 'tex-paper')!;
    expect(article.notes.map((n) => [n.label, n.children.length])).toEqual([['1', 1], ['2', 1]]);
    if (!needTool('pdftotext')) return;
    expect(pdfText(pdf)).toMatch(/as authors do1\./);
  });

  it('sets the description list: dl/dt/dd in the EPUB, the term bold before its text in the PDF', () => {
    expect(xhtml).toMatch(/<dl>\s*<dt>Alpha<\/dt>\s*<dd><p>The first term’s text\.<\/p><\/dd>\s*<dt>Beta<\/dt>/);
    const items = layout.pages.flatMap((p) => p.items.filter((i): i is TextItem => i.kind === 'text'));
    const alpha = items.find((i) => i.text === 'Alpha')!;
    expect(alpha.face).toBe('bold');
    const next = items[items.indexOf(alpha) + 1];
    expect(next.face).toBe('regular');
    expect(next.y).toBe(alpha.y);
    expect(next.text).toBe('The');
  });

  it('prints “References” once for a paper that closes with its own References heading', () => {
    expect(xhtml.match(/>References</g)).toHaveLength(1);
    expect(nav.match(/>References</g)).toHaveLength(1);
    expect(nav.match(/>Әдебиеттер тізімі</g)).toHaveLength(1);
    const titles = (entries: OutlineEntry[]): string[] => entries.flatMap((e) => [e.title, ...titles(e.children)]);
    expect(titles(layout.outline).filter((s) => s === 'References')).toHaveLength(1);
    if (!needTool('pdftotext')) return;
    expect(pdfText(pdf).match(/^References$/gm)).toHaveLength(1);
  });

  it('puts the list where ::: {#refs} stands, under one Әдебиеттер тізімі heading, the fences not printed', () => {
    expect(kkXhtml.match(/Әдебиеттер тізімі/g)).toHaveLength(1);
    expect(kkXhtml).not.toContain(':::');
    expect(kkXhtml).toContain('<p>Ескерту мәтіні.</p>');
    const titles = (entries: OutlineEntry[]): string[] => entries.flatMap((e) => [e.title, ...titles(e.children)]);
    expect(titles(layout.outline).filter((s) => s === 'Әдебиеттер тізімі')).toHaveLength(1);
    if (!needTool('pdftotext')) return;
    const body = pdfText(pdf);
    expect(body.match(/Әдебиеттер тізімі/g)).toHaveLength(1);
    expect(body).not.toContain(':::');
  });

  it('keeps every running head inside its line for 17 authors and a 200-character title', () => {
    const many = issue.articles.find((a) => a.slug === 'many-authors')!;
    expect(many.authors).toHaveLength(18);
    expect(many.titleText.length).toBeGreaterThanOrEqual(200);
    const pages = layout.articlePages.get('many-authors')!;
    let heads = 0;
    for (const page of layout.pages) {
      const frame = textFrame(t, page.folio);
      for (const item of page.items) {
        if (item.kind !== 'text' || !item.artifact) continue;
        expect(item.x).toBeGreaterThanOrEqual(frame.x - 0.01);
        expect(item.x + item.width).toBeLessThanOrEqual(frame.x + frame.width + 0.01);
        if (page.folio > pages.first && page.folio <= pages.last && page.folio % 2 === 1 && /Katz/i.test(item.text)) {
          heads++;
          expect(item.text).toMatch(/^Katz et al\. .+…$/i);
        }
      }
    }
    expect(heads).toBeGreaterThan(0);
  });

  it('sets each ORCID iD on one line, however long the name', () => {
    const first = layout.pages.find((p) => p.folio === layout.articlePages.get('many-authors')!.first)!;
    const frame = textFrame(t, first.folio);
    const items = first.items.filter((i): i is TextItem => i.kind === 'text' && !i.artifact);
    const ys = [...new Set(items.map((i) => i.y))];
    const lines = ys.map((y) => items.filter((i) => i.y === y).sort((a, b) => a.x - b.x));
    const joined = (line: TextItem[]) => line.map((i, k) => (k && i.x - (line[k - 1].x + line[k - 1].width) > 0.5 ? ' ' : '') + i.text).join('');
    const orcid = lines.filter((l) => /orcid\.org/.test(joined(l)));
    expect(orcid).toHaveLength(2);
    for (const line of orcid) {
      // The name (or its surname) and the whole iD on one line, inside the frame.
      expect(joined(line)).toMatch(/^\S.*: (https:\/\/)?orcid\.org\/0000-000[12]-\d{4}-\d{3}[\dX]$/);
      const last = line[line.length - 1];
      expect(last.x + last.width).toBeLessThanOrEqual(frame.x + frame.width + 0.01);
    }
    expect(joined(orcid[0])).toBe('Max P. Katz: https://orcid.org/0000-0002-1825-0097');
    // One line each: the second iD's line follows the first's, with no piece of a name between.
    const ordered = [...ys].sort((a, b) => a - b);
    expect(ordered.indexOf(orcid[1][0].y)).toBe(ordered.indexOf(orcid[0][0].y) + 1);
  });

  it('names two authors with “and”', () => {
    const pages = layout.articlePages.get('tex-paper')!;
    expect(pages).toBeDefined();
    const article = issue.articles.find((a) => a.slug === 'tex-paper')!;
    expect(article.authors.map((a) => a.surname)).toEqual(['Katz', 'Serikbayeva']);
    const kk = issue.articles.find((a) => a.slug === 'refs-div')!;
    expect(kk.authors.map((a) => a.surname)).toEqual(['Серікбаева', 'Katz']);
    // Two authors in the article's language, in the recto running head.
    const heads = layout.pages.flatMap((p) => p.items).filter((i): i is TextItem => i.kind === 'text' && !!i.artifact).map((i) => i.text);
    expect(heads.some((h) => /^Серікбаева және Katz\. /i.test(h))).toBe(true);
  });
});
