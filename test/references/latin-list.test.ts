/**
 * The transliterated second reference list (issue.yaml `latin_references`): the same
 * entries and numbers as the first, Kazakh and Russian ones in Latin letters with English
 * terms and a language note, English ones as they were.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/document/model.js';
import { inlineText } from '../../src/document/inlines.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { prepareIssue } from '../../src/pipeline/build.js';
import { transliterate } from '../../src/references/transliterate.js';
import { formatLatinList, formatReferences, loadStyle, readBibliographies } from '../../src/references/index.js';
import { readFileSync } from 'node:fs';

const ROOT = path.resolve(__dirname, '../fixtures/translations');

describe('transliterate', () => {
  it('writes Kazakh and Russian letters in ASCII Latin, capitals and all-capital words included', () => {
    expect(transliterate('Қазақ әдебиетінің қысқаша тарихы')).toBe('Qazaq adebietining qysqasha tarikhy');
    expect(transliterate('Ғылым, Өнер, Ұлт, Үміт, Һәм, Іс, Әл-Фараби')).toBe('Ghylym, Oner, Ult, Umit, Ham, Is, Al-Farabi');
    expect(transliterate('Жукова, Щедрин, Чехов, объект, Юрий, Ярослав')).toBe('Zhukova, Shchedrin, Chekhov, obekt, Yuriy, Yaroslav');
    expect(transliterate('ЖУРНАЛ ҚазҰУ')).toBe('ZHURNAL QazUU');
    expect(transliterate('Nation Building, 2015 — “as is”')).toBe('Nation Building, 2015 — “as is”');
  });
});

describe('the second reference list', () => {
  let article: Article;
  beforeAll(async () => {
    const reporter = new Reporter();
    const { issue } = await prepareIssue({ root: ROOT, out: '', formats: [] }, reporter, {});
    expect(reporter.errors).toEqual([]);
    // The second pass adds no messages of its own.
    expect(reporter.diagnostics.filter((d) => d.rule?.startsWith('bibliography') || d.rule?.startsWith('citation'))).toEqual([]);
    article = issue.articles[0];
  });

  it('has the first list’s entries, numbers and order, under an English heading', () => {
    const first = article.bibliography;
    const latin = first.latin!;
    expect(latin.heading).toBe('References');
    expect(latin.entries.map((e) => [e.key, e.label])).toEqual(first.entries.map((e) => [e.key, e.label]));
    expect(new Set([...first.entries, ...latin.entries].map((e) => e.id)).size).toBe(first.entries.length * 2);
    for (const e of latin.entries) expect(e.lang).toBe('en');
  });

  it('sets Kazakh and Russian entries in Latin letters with English terms and a language note', () => {
    const raw = (key: string) => inlineText(article.bibliography.latin!.entries.find((e) => e.key === key)!.children);
    // Compared with plain spaces; the style's no-break spaces are its own business.
    const text = (key: string) => raw(key).replace(/\u00a0/g, ' ');
    expect(text('kakishuly2002')).toBe('Kakishuly T. Qazaq adebietining qysqasha tarikhy. – Almaty : Qazaq universiteti, 2002. – 235 p. (In Kazakh)');
    expect(text('ivanov2019')).toContain('Ivanov P. S. Natsionalnaya ideya v politike Kazakhstana / P. S. Ivanov, A. Zhukova // Vestnik KazNU.');
    expect(text('ivanov2019')).toContain('Vol. 4, No. 2. – P. 10–25. (In Russian)');
    // "(In" never ends a line apart from its language.
    expect(raw('ivanov2019').endsWith('(In\u00a0Russian)')).toBe(true);
    for (const e of article.bibliography.latin!.entries) expect(inlineText(e.children)).not.toMatch(/\p{Script=Cyrillic}/u);
    // An English entry reads as in the first list.
    const english = (list: { entries: { key: string; children: Parameters<typeof inlineText>[0] }[] }) => inlineText(list.entries.find((e) => e.key === 'smith2015')!.children);
    expect(english(article.bibliography.latin!)).toBe(english(article.bibliography));
  });

  it('keeps the first list’s order and numbers under a style that sorts by name', () => {
    const bib = path.join(ROOT, 'manuscripts/ult/references.bib');
    const reporter = new Reporter();
    const extra = '\n@book{zhumabaev2010, author = {Жұмабаев, Мағжан}, title = {Педагогика}, address = {Алматы}, publisher = {Ана тілі}, year = {2010}, langid = {kazakh}}\n';
    const entries = readBibliographies([{ path: bib, text: readFileSync(bib, 'utf8') + extra }], reporter);
    // Sorted by the heading name: Жұмабаев comes first in Cyrillic, Zhumabaev last in Latin.
    const style = loadStyle('baspa-gost').replace(/(<bibliography[^>]*>)/, '$1<sort><key macro="heading"/></sort>');
    const pos = { file: 'a.md', line: 1, column: 1 };
    const clusters = [{ id: 'c1', mode: 'parenthetical' as const, items: ['smith2015', 'kakishuly2002', 'ivanov2019', 'zhumabaev2010'].map((key) => ({ key, pos })) }];
    const request = { style, lang: 'kk' as const, entries, clusters, idPrefix: 'x-', warnUnused: false };
    const first = formatReferences(request, reporter).entries;
    expect(first.map((e) => e.key)).toEqual(['zhumabaev2010', 'ivanov2019', 'kakishuly2002', 'smith2015']);
    const latin = formatLatinList({ ...request, idPrefix: 'y-' }, first).entries;
    expect(latin.map((e) => [e.key, e.label])).toEqual(first.map((e) => [e.key, e.label]));
  });
});
