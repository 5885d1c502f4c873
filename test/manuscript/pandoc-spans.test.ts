/**
 * Pandoc's inline extensions as authors coming from pandoc write them: H~2~O, Ca^2+^,
 * [Small Caps]{.sc}, [фраза]{lang=ru}; each resolved to what both renderers print.
 */
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/manuscript/parse.js';
import { resolveInlines } from '../../src/document/resolve/inlines.js';
import type { ResolveContext } from '../../src/document/resolve/context.js';
import type { Inline } from '../../src/document/model.js';
import type { Paragraph } from 'mdast';
import { Reporter } from '../../src/messages/diagnostic.js';

function resolve(md: string, lang: 'en' | 'kk' | 'ru' = 'en') {
  const reporter = new Reporter();
  const quotes = { en: { outer: ['“', '”'], inner: ['‘', '’'] }, kk: { outer: ['«', '»'], inner: ['“', '”'] }, ru: { outer: ['«', '»'], inner: ['„', '“'] } } as const;
  const ctx = {
    file: 'a.md', dir: '/x', slug: 'a', lang, quotes: quotes[lang], quotesFor: (l: 'en' | 'kk' | 'ru') => quotes[l], reporter,
    citations: new Map(), noteDefinitions: new Map(), noteNumbers: new Map(), notes: [], headingIds: new Set(),
  } as unknown as ResolveContext;
  const para = parseMarkdown(md).children[0] as Paragraph;
  return { inlines: resolveInlines(para.children, ctx), reporter };
}

const shape = (ns: Inline[]): unknown[] => ns.map((n) => (n.type === 'text' ? n.value : 'children' in n ? { [n.type === 'lang' ? `lang:${n.lang}` : n.type]: shape(n.children) } : n.type));

describe('pandoc inline extensions', () => {
  it('reads ~sub~ and ^sup^ as pandoc does', () => {
    expect(shape(resolve('H~2~O and Ca^2+^ and 10^-3^ m').inlines)).toEqual(['H', { subscript: ['2'] }, 'O and Ca', { superscript: ['2+'] }, ' and 10', { superscript: ['-3'] }, ' m']);
  });

  it('keeps ~~strikethrough~~ and a lone tilde or caret as they were', () => {
    const { inlines } = resolve('about ~5 km and 2^10 and ~~old~~ text');
    expect(shape(inlines).join('').replace(/\u00a0/g, ' ')).toBe('about ~5 km and 2^10 and old text');
  });

  it('leaves the ~ and ^ of a bare URL alone', () => {
    const text = JSON.stringify(resolve('See https://example.org/~a/b~c and www.example.org/^x^ too.').inlines);
    expect(text).not.toContain('subscript');
    expect(text).not.toContain('superscript');
  });

  it('leaves an escaped caret alone', () => {
    expect(shape(resolve('a \\^b^ c').inlines)).toEqual(['a ^b^ c']);
  });

  it('reads a bracketed span with small caps, even around emphasis', () => {
    expect(shape(resolve('See [Small Caps]{.sc} and [*Very* old]{.smallcaps}.').inlines)).toEqual(['See ', { smallcaps: ['Small Caps'] }, ' and ', { smallcaps: [{ emphasis: ['Very'] }, ' old'] }, '.']);
  });

  it('sets a span in its own language, with that language’s quotes', () => {
    const { inlines } = resolve('Ол [«Абай жолы» деп "айтты"]{lang=ru} екен.', 'kk');
    const span = inlines.find((n) => n.type === 'lang');
    expect(span && span.type === 'lang' && span.lang).toBe('ru');
    expect(shape([span!])).toEqual([{ 'lang:ru': ['«Абай жолы» деп «айтты»'] }]);
  });

  it('keeps the words of a span with classes it has no print form for, and of one in an unknown language', () => {
    const { inlines, reporter } = resolve('an [underlined]{.ul} word and [Wort]{lang=de}');
    expect(shape(inlines)).toEqual(['an underlined word and Wort']);
    expect(reporter.diagnostics.map((d) => d.rule)).toEqual(['span-language']);
  });

  it('leaves brackets that are not spans as text', () => {
    expect(shape(resolve('a [b] {c} and [d]{not attributes!}').inlines)).toEqual(['a [b] {c} and [d]{not attributes!}']);
  });
});

describe('inline HTML authors paste', () => {
  it('sets <span lang="ru"> in Russian and <em>/<b> as emphasis and strong', () => {
    const { inlines, reporter } = resolve('Ол <span lang="ru">по-русски</span> деп, <em>өте</em> <b>қатты</b>.', 'kk');
    expect(shape(inlines)).toEqual(['Ол ', { 'lang:ru': ['по-русски'] }, ' деп, ', { emphasis: ['өте'] }, ' ', { strong: ['қатты'] }, '.']);
    expect(reporter.diagnostics).toEqual([]);
  });
});

describe('quotes across inline markup', () => {
  it('opens and closes a quote around emphasis: Ол "*Абай жолы*" деп', () => {
    expect(shape(resolve('Ол "*Абай жолы*" деп.', 'kk').inlines)).toEqual(['Ол «', { emphasis: ['Абай жолы'] }, '» деп.']);
    expect(shape(resolve('He said "**yes**", and "*no*".').inlines)).toEqual(['He said “', { strong: ['yes'] }, '”, and “', { emphasis: ['no'] }, '”.']);
  });

  it('still closes a quote at the end of a paragraph and nests inner quotes', () => {
    expect(shape(resolve('Ол "бір \'екі\' үш"', 'kk').inlines)).toEqual(['Ол «бір ‘екі’ үш»']);
  });
});

describe('ties', () => {
  it('ties a citation to the word before it', async () => {
    const { prepareIssue } = await import('../../src/pipeline/build.js');
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const root = mkdtempSync(path.join(tmpdir(), 'baspa-tie-'));
    mkdirSync(path.join(root, 'manuscripts/a'), { recursive: true });
    writeFileSync(path.join(root, 'manuscripts/issue.yaml'), 'journal: J\narticles: [a]\n');
    writeFileSync(path.join(root, 'manuscripts/a/article.md'), '---\ntitle: T\nlang: en\n---\n\nAs shown before [@a].\n');
    writeFileSync(path.join(root, 'manuscripts/a/references.bib'), '@book{a, author={Doe, J.}, title={A Book}, publisher={P}, year={2020}}\n');
    const reporter = new Reporter();
    const { issue } = await prepareIssue({ root, out: '', formats: [] }, reporter, {});
    const para = issue.articles[0].body[0] as { children: Inline[] };
    const text = para.children[0];
    expect(text.type === 'text' && text.value).toBe('As shown before\u00a0');
    expect(para.children[1].type).toBe('citation');
  });
});

describe('labels in spans', () => {
  it('reads []{label="x"} as \\label{x}, as the Open Journals pipeline does', () => {
    const tree = parseMarkdown(': Comparison of languages.\n  []{label="proglangs"}\n');
    expect(JSON.stringify(tree)).toContain('"type":"texLabel","label":"proglangs"');
    expect(JSON.stringify(tree)).not.toContain('"type":"span"');
  });
});
