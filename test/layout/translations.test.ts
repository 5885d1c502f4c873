/**
 * A Kazakh article with UDC and IRSTI codes and its title, abstract and keywords in Russian
 * and English too (front matter `udc`, `irsti`, `translations`; kazakh.md, "Front matter"):
 * the codes head the first page, the other-language blocks follow the references in both
 * outputs, each tagged with its language and labelled in it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../src/document/model.js';
import type { Template } from '../../src/config/template.js';
import { textFrame } from '../../src/layout/pages/geometry.js';
import type { LayoutResult, TextItem } from '../../src/layout/types.js';
import { laidOut } from '../helpers/layout.js';
import { build } from '../../src/pipeline/build.js';
import { needTool, pdfText } from '../helpers/tools.js';
import { placedText } from '../helpers/words.js';

const ROOT = path.resolve(__dirname, '../fixtures/translations');

describe('codes and translations of an article', () => {
  let issue: Issue;
  let t: Template;
  let layout: LayoutResult;
  beforeAll(async () => {
    ({ issue, t, layout } = await laidOut(ROOT));
  });

  /** Text items of the article in reading order: page, then column (by x), then baseline. */
  const reading = () => {
    const { first, last } = layout.articlePages.get('ult')!;
    return layout.pages
      .filter((p) => p.folio >= first && p.folio <= last)
      .flatMap((p) => {
        const mid = textFrame(t, p.folio).x + textFrame(t, p.folio).width / 2;
        const items = p.items.filter((i): i is TextItem => i.kind === 'text' && !i.artifact);
        const col = (i: TextItem) => (i.x + i.width / 2 > mid && i.width < 300 ? 1 : 0);
        return items.sort((a, b) => col(a) - col(b) || a.y - b.y || a.x - b.x);
      });
  };
  const indexOf = (items: TextItem[], text: string) => items.findIndex((i) => i.text.startsWith(text));

  it('prints the UDC and IRSTI codes with their Kazakh names above the title, at the left', () => {
    const first = layout.pages[layout.articlePages.get('ult')!.first - 1];
    const texts = first.items.filter((i): i is TextItem => i.kind === 'text');
    const udc = texts.find((i) => i.text === 'ӘОЖ')!;
    const irsti = texts.find((i) => i.text === 'ҒТАМР')!;
    const title = texts.find((i) => i.text === 'Мәңгілік')!;
    // Each code on the line of its name.
    expect(texts.find((i) => i.text === '321.01(574)')?.y).toBe(udc.y);
    expect(texts.find((i) => i.text === '11.15.19')?.y).toBe(irsti.y);
    expect(udc.y).toBeLessThan(irsti.y);
    expect(irsti.y).toBeLessThan(title.y);
    expect(udc.x).toBeCloseTo(textFrame(t, first.folio).x, 1);
  });

  it('links each author’s ORCID iD under the affiliations', () => {
    const first = layout.pages[layout.articlePages.get('ult')!.first - 1];
    const url = 'https://orcid.org/0000-0002-1825-0097';
    // A URL is set in pieces that may break after / . -; they follow each other on the line.
    const item = first.items.find((i): i is TextItem => i.kind === 'text' && i.text === 'https://');
    const pieces = first.items.filter((i): i is TextItem => i.kind === 'text' && i.y === item?.y && i.x >= item.x);
    expect(pieces.map((i) => i.text).join('')).toBe(url);
    expect(item).toBeDefined();
    const aff = first.items.find((i): i is TextItem => i.kind === 'text' && i.text === 'Әл-Фараби')!;
    expect(item!.y).toBeGreaterThan(aff.y);
    expect(first.items.some((i) => i.kind === 'link' && i.url === url && Math.abs(i.x - item!.x) < 0.01)).toBe(true);
  });

  it('sets the Russian and then the English title, abstract and keywords after the references, each labelled in its language', () => {
    const items = reading();
    const refs = indexOf(items, 'Әдебиеттер');
    const ru = indexOf(items, 'становление');
    const en = indexOf(items, 'making');
    expect(refs).toBeGreaterThan(0);
    expect(ru).toBeGreaterThan(refs);
    expect(en).toBeGreaterThan(ru);
    // Words broken at a line's end are joined again (the column's own order is kept).
    const text = placedText(items);
    for (const label of ['Аннотация.', 'Ключевые слова:', 'Abstract.', 'Keywords:']) expect(text).toContain(label);
    // Quotation marks of the block's own language: Russian « », English “ ”.
    expect(text).toContain('«Мәңгілік');
    expect(text).toContain('“Mangilik');
  });

  it('sets the transliterated reference list after the first, as a section in English', () => {
    const items = reading();
    const first = indexOf(items, 'Әдебиеттер');
    const second = items.findIndex((i, k) => k > first && i.text === 'References');
    expect(second).toBeGreaterThan(first);
    expect(indexOf(items, 'Qazaq')).toBeGreaterThan(second);
    expect(indexOf(items, 'становление')).toBeGreaterThan(second);
    const sect = layout.structure.find((s) => s.role === 'Sect' && s.title === 'References');
    expect(sect?.lang).toBe('en');
  });

  it('tags each block as a section in its language, headed by its title', () => {
    const sects = layout.structure.map((s, i) => ({ ...s, i })).filter((s) => s.role === 'Sect' && (s.lang === 'ru' || s.lang === 'en') && s.title !== 'References');
    expect(sects.map((s) => s.lang)).toEqual(['ru', 'en']);
    for (const s of sects) expect(layout.structure.some((c) => c.parent === s.i && c.role === 'H2')).toBe(true);
    expect(layout.outline[0].children.map((c) => c.title)).toContain('Mangilik El: the making of a national idea');
  });

  it('writes both outputs: the PDF holds the blocks, the EPUB tags them and puts the codes before the title', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'baspa-translations-'));
    const r = await build({ root: ROOT, out, formats: ['pdf', 'epub'], sourceDateEpoch: 0 });
    expect(r.reporter.errors).toEqual([]);
    // The journal's Cyrillic title, transliterated, names the files.
    expect(r.outputs.map((o) => path.basename(o))).toEqual(['habarshy-3-1-2026.pdf', 'habarshy-3-1-2026.epub']);
    if (needTool('pdftotext')) expect(pdfText(r.outputs[0]).replace(/\s+/g, ' ')).toContain('Ключевые слова: Мәңгілік Ел, национальная идея');
    const zip = await JSZip.loadAsync(await readFile(r.outputs[1]));
    const xhtml = await zip.file('OEBPS/ult.xhtml')!.async('string');
    expect(xhtml).toMatch(/<section class="translation" lang="ru" xml:lang="ru" aria-labelledby="translation-ru">\s*<h2 id="translation-ru">Мәңгілік Ел: становление национальной идеи<\/h2>/);
    expect(xhtml).toMatch(/<section class="translation" lang="en" xml:lang="en"/);
    expect(xhtml.indexOf('class="codes"')).toBeLessThan(xhtml.indexOf('<h1'));
    expect(xhtml.indexOf('translation-ru')).toBeGreaterThan(xhtml.indexOf('class="references"'));
    // The transliterated second list: a reference section of its own, in English.
    expect(xhtml).toMatch(/<section class="references" role="doc-bibliography" epub:type="bibliography" aria-labelledby="epub-references-latin" lang="en" xml:lang="en">\s*<h2 id="epub-references-latin">References<\/h2>/);
  });
});
