import { describe, expect, it } from 'vitest';
import type { Inline, Lang } from '../../src/document/model.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { formatReferences, loadStyle, readBibliographies } from '../../src/references/index.js';
import type { Cluster, FormatRequest, LoadedEntry } from '../../src/references/index.js';
import { cite, load, nb, text } from './helpers.js';

const GOST = loadStyle('baspa-gost');

function run(
  entries: Map<string, LoadedEntry>,
  clusters: Cluster[],
  lang: Lang = 'en',
  extra: Partial<FormatRequest> = {},
  reporter = new Reporter(),
) {
  const result = formatReferences({ style: GOST, lang, entries, clusters, idPrefix: 'a1-ref-', warnUnused: false, ...extra }, reporter);
  return { result, reporter, cites: result.clusters.map((c) => text(c.children)), list: result.entries.map((e) => text(e.children)) };
}

/** Entries from CSL-JSON written inline, for exact-output cases. */
function csl(items: object[]): Map<string, LoadedEntry> {
  const reporter = new Reporter();
  const entries = readBibliographies([{ path: 'inline.json', text: JSON.stringify(items, null, 1) }], reporter);
  expect(reporter.diagnostics).toEqual([]);
  return entries;
}

const all = load(['refs.bib', 'refs.ris', 'refs.json', 'refs.yaml']);

describe('numbering and citations (baspa-gost)', () => {
  it('numbers entries in order of first citation and lists them in that order', () => {
    const { cites, result } = run(all, [
      cite('c1', 'smith-2015'),
      cite('c2', 'kakishuly-2002'),
      cite('c3', 'smith-2015', 'ivanov-2018'),
      cite('c4', 'kakishuly-2002'),
    ]);
    expect(cites).toEqual(['[1]', '[2]', '[1; 3]', '[2]']);
    expect(result.entries.map((e) => [e.label, e.key, e.firstCitation])).toEqual([
      ['[1]', 'smith-2015', 'c1'],
      ['[2]', 'kakishuly-2002', 'c2'],
      ['[3]', 'ivanov-2018', 'c3'],
    ]);
  });

  it('gives clusters their ids and entry ids as targets', () => {
    const { result } = run(all, [cite('c1', 'smith-2015', 'kakishuly-2002')]);
    expect(result.clusters).toMatchObject([{ id: 'c1', targets: ['a1-ref-smith-2015', 'a1-ref-kakishuly-2002'] }]);
    expect(result.entries.map((e) => e.id)).toEqual(['a1-ref-smith-2015', 'a1-ref-kakishuly-2002']);
  });

  it.each([
    ['en', '[1, p.~3]', '[1, pp.~3–5]'],
    ['kk', '[1, б.~3]', '[1, бб.~3–5]'],
    ['ru', '[1, с.~3]', '[1, с.~3–5]'],
  ] as const)('prints locators in the article language: %s', (lang, one, range) => {
    const { cites } = run(all, [cite('c1', 'smith-2015@3'), cite('c2', 'smith-2015@3-5')], lang);
    expect(cites).toEqual([nb(one), nb(range)]);
  });

  it('joins several items with a semicolon and collapses runs', () => {
    const { cites } = run(
      all,
      [cite('c1', 'ivanov-2018@81', 'smith-2015'), cite('c2', 'kakishuly-2002', 'muller-2020', 'web-2024', 'smith-2015')],
      'ru',
    );
    expect(cites).toEqual([nb('[1, с.~81; 2]'), '[2–5]']);
  });

  it('reads locator labels and their abbreviations', () => {
    const { cites, reporter } = run(all, [
      cite('c1', { key: 'smith-2015', locator: '2', label: 'chapter' }),
      cite('c2', { key: 'smith-2015', locator: '4', label: 'fig.' }),
      cite('c3', { key: 'smith-2015', locator: '7', label: 'banana' }),
    ]);
    // A label CSL does not know prints no label rather than a wrong one.
    expect(cites).toEqual([nb('[1, chap.~2]'), nb('[1, fig.~4]'), '[1, 7]']);
    expect(reporter.diagnostics).toMatchObject([
      { rule: 'citation-locator-label', severity: 'warning', line: 3, message: expect.stringContaining('no locator label ‘banana’') },
    ]);
    // The manuscript parser's CSL 1.0.1 spelling.
    expect(run(all, [cite('c1', { key: 'smith-2015', locator: 'steppe', label: 'sub verbo' })]).cites).toEqual([nb('[1, s.v.~steppe]')]);
  });

  it('formats narrative citations as names then the number', () => {
    const { cites } = run(all, [cite('c1', 'smith-2015'), { ...cite('c2', 'muller-2020@12'), mode: 'narrative' }], 'kk');
    expect(cites).toEqual(['[1]', nb('Müller және Renée~[2, б.~12]')]);
  });

  it('headings follow the article language', () => {
    expect(run(all, [], 'en').result.heading).toBe('References');
    expect(run(all, [], 'kk').result.heading).toBe('Әдебиеттер тізімі');
    expect(run(all, [], 'ru').result.heading).toBe('Список литературы');
  });
});

describe('cite items', () => {
  const apa = loadStyle('apa');

  it('pass prefixes, suffixes and suppress-author to the style', () => {
    const { cites } = run(
      all,
      [
        cite('c1', { key: 'smith-2015', prefix: 'see', suffix: 'for the steppe', locator: '3' }),
        cite('c2', { key: 'muller-2020', suppressAuthor: true }),
        { ...cite('c3', 'muller-2020@7'), mode: 'narrative' },
      ],
      'en',
      { style: apa },
    );
    expect(cites).toEqual(['(see Smith, 2015, p. 3 for the steppe)', '(2020)', 'Müller and Renée\u00a0(2020, p. 7)']);
  });

  it('work out first, subsequent and ibid positions in document order', () => {
    const style = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Positions</title><id>urn:test:positions</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation>
    <layout delimiter="; ">
      <choose>
        <if position="ibid-with-locator"><text value="ibid-loc"/></if>
        <else-if position="ibid"><text value="ibid"/></else-if>
        <else-if position="subsequent"><text value="subsequent"/></else-if>
        <else><text value="first"/></else>
      </choose>
    </layout>
  </citation>
</style>`;
    const { cites } = run(
      all,
      [
        cite('c1', 'smith-2015'),
        cite('c2', 'smith-2015'),
        cite('c3', 'smith-2015@4'),
        cite('c4', 'smith-2015@4'),
        cite('c5', 'muller-2020', 'smith-2015'),
        cite('c6', 'smith-2015@9', 'smith-2015@9'),
      ],
      'en',
      { style },
    );
    expect(cites).toEqual(['first', 'ibid', 'ibid-loc', 'ibid', 'first; subsequent', 'subsequent; ibid']);
  });
});

describe('GOST entries, printed exactly', () => {
  it('a book (kazakh.md: Кәкішұлы)', () => {
    const { list, result } = run(all, [cite('c1', 'kakishuly-2002')], 'kk');
    expect(list).toEqual([nb('Кәкішұлы~Т. Қазақ әдебиетінің қысқаша тарихы.~– Алматы~: Қазақ университеті, 2002.~– 235~б.')]);
    expect(result.entries[0]).toMatchObject({ label: '[1]', lang: 'kk', key: 'kakishuly-2002', pos: { file: 'refs.bib', line: 6, column: 1 } });
  });

  it('an article with one author', () => {
    const entries = csl([
      {
        id: 'surname-2020',
        type: 'article-journal',
        title: 'Title',
        author: [{ family: 'Surname', given: 'Ivan Ivanovich' }],
        'container-title': 'Journal',
        issued: { 'date-parts': [[2020]] },
        volume: '3',
        issue: '2',
        page: '10-15',
        language: 'en',
      },
    ]);
    const { list } = run(entries, [cite('c1', 'surname-2020')]);
    expect(list).toEqual([nb('Surname~I.~I. Title / I.~I.~Surname // Journal.~– 2020.~– Vol.~3, No.~2.~– P.~10–15.')]);
  });

  it('an article with two authors and a DOI', () => {
    const { list } = run(all, [cite('c1', 'muller-2020')]);
    expect(list).toEqual([
      nb('Müller~H. A DNA study of nested braces / H.~Müller, A.~Renée // Journal of Tests.~– 2020.~– Vol.~3, No.~2.~– P.~10–15.~– DOI: 10.1000/ABC.123.'),
    ]);
  });

  it('four or more authors: title first, then the first author [et al.]', () => {
    const names = ['Иванов', 'Петров', 'Сидоров', 'Смирнов'].map((family) => ({ family, given: 'А. Б.' }));
    const entries = csl([
      { id: 'four', type: 'book', title: 'Книга', author: names, publisher: 'Наука', 'publisher-place': 'Москва', issued: { 'date-parts': [[2010]] }, 'number-of-pages': '300', language: 'ru' },
      { id: 'four-en', type: 'article-journal', title: 'Paper', author: names, 'container-title': 'J', issued: { 'date-parts': [[2011]] }, page: '1-2', language: 'en' },
    ]);
    const { list } = run(entries, [cite('c1', 'four', 'four-en')], 'ru');
    expect(list).toEqual([
      nb('Книга / А.~Б.~Иванов~[и др.].~– Москва~: Наука, 2010.~– 300~с.'),
      nb('Paper / А.~Б.~Иванов~[et al.] // J.~– 2011.~– P.~1–2.'),
    ]);
  });

  it('a book by two authors names both after the slash; an edition', () => {
    const entries = csl([
      {
        id: 'two',
        type: 'book',
        title: 'Two Authors',
        author: [
          { family: 'Smith', given: 'John' },
          { family: 'Doe', given: 'Jane' },
        ],
        edition: '2',
        publisher: 'Pub',
        'publisher-place': 'London',
        issued: { 'date-parts': [[2019]] },
        'number-of-pages': '100',
        language: 'en',
      },
    ]);
    const { list } = run(entries, [cite('c1', 'two')], 'kk');
    expect(list).toEqual([nb('Smith~J. Two Authors / J.~Smith, J.~Doe.~– 2nd ed.~– London~: Pub, 2019.~– 100~p.')]);
  });

  it('initialises Kazakh given names (Ә, Ұ, Қ… are not in citeproc’s list of capitals)', () => {
    const entries = csl([
      { id: 'n', type: 'book', title: 'Жолдау', author: [{ family: 'Назарбаев', given: 'Нұрсұлтан Әбішұлы' }], language: 'kk' },
      { id: 'u', type: 'book', title: 'Өлеңдер', author: [{ family: 'Жұмабаева', given: 'Ұлжан' }, { family: 'Оспанов', given: 'Қайрат Ғабитұлы' }], language: 'kk' },
    ]);
    const { list } = run(entries, [cite('c1', 'n', 'u')], 'kk');
    expect(list).toEqual([nb('Назарбаев~Н.~Ә. Жолдау.'), nb('Жұмабаева~Ұ. Өлеңдер / Ұ.~Жұмабаева, Қ.~Ғ.~Оспанов.')]);
  });

  it('a person known by one name heads the entry', () => {
    const entries = csl([{ id: 'k', type: 'document', title: '[Analysis of Central Asian policies]', author: [{ family: 'Kassenova' }], language: 'en' }]);
    expect(run(entries, [cite('c1', 'k')]).list).toEqual(['Kassenova [Analysis of Central Asian policies].']);
  });

  it('a report by an organisation: title first, organisation after the slash', () => {
    const { list } = run(all, [cite('c1', 'who-2020')]);
    expect(list).toEqual([nb('Annual report on Kazakhstan~: technical report / World Health Organization.~– Geneva~: WHO, 2020.~– 50~p.')]);
  });

  it('a conference paper inherits its proceedings through crossref', () => {
    const { list } = run(all, [cite('c1', 'sadykov-2019')], 'kk');
    expect(list).toEqual([nb('Садықов~Т.~С. Тасымал ережелері / Т.~С.~Садықов // Тіл білімі мәселелері / ред. Б.~Омаров.~– Астана~: Ғылым, 2019.~– Б.~45–52.')]);
  });

  it.each([
    ['kk', 'Мемлекеттік тіл порталы [Электрондық ресурс].~– URL: https://example.kz/til (қаралған күні: 05.03.2024).'],
    ['ru', 'Мемлекеттік тіл порталы [Электронный ресурс].~– URL: https://example.kz/til (дата обращения: 05.03.2024).'],
    ['en', 'Мемлекеттік тіл порталы [Electronic resource].~– URL: https://example.kz/til (accessed: 05.03.2024).'],
  ] as const)('a web resource in the entry language %s', (language, expected) => {
    const entries = csl([
      { id: 'web', type: 'webpage', title: 'Мемлекеттік тіл порталы', URL: 'https://example.kz/til', accessed: { 'date-parts': [[2024, 3, 5]] }, language },
    ]);
    const { list, result } = run(entries, [cite('c1', 'web')], 'en');
    expect(list).toEqual([nb(expected)]);
    // The URL is a link, not text to be re-parsed.
    expect(result.entries[0].children).toContainEqual({ type: 'link', url: 'https://example.kz/til', children: [{ type: 'text', value: 'https://example.kz/til' }] });
  });

  it('handles missing fields gracefully: no year, no "n.d.", a supplied title as is', () => {
    const entries = csl([{ id: 'x', type: 'book', title: '[Untitled manuscript]', publisher: 'Archive', 'publisher-place': 'Almaty', language: 'en' }]);
    const { list } = run(entries, [cite('c1', 'x')]);
    expect(list).toEqual([nb('[Untitled manuscript].~– Almaty~: Archive.')]);
  });
});

describe('terms follow the language of the cited work', () => {
  const clusters = [cite('c1', 'nurlanova-2019@3'), cite('c2', 'muller-2020@4')];

  it('a Kazakh entry cited from an English article keeps Kazakh terms', () => {
    const { cites, list } = run(all, clusters, 'en');
    expect(cites).toEqual([nb('[1, p.~3]'), nb('[2, p.~4]')]);
    expect(list[0]).toBe(nb('Нұрланова~А. Қазақ тілінің грамматикасы / А.~Нұрланова // Хабаршы.~– 2019.~– Т.~3, №~2.~– Б.~10–15.~– DOI: 10.1000/xyz.'));
    expect(list[1]).toContain(nb('Vol.~3, No.~2.~– P.~10–15'));
  });

  it('an English entry cited from a Kazakh article keeps English terms', () => {
    const { cites, list } = run(all, clusters, 'kk');
    expect(cites).toEqual([nb('[1, б.~3]'), nb('[2, б.~4]')]);
    expect(list[0]).toContain(nb('Т.~3, №~2.~– Б.~10–15'));
    expect(list[1]).toContain(nb('Vol.~3, No.~2.~– P.~10–15'));
  });

  it('a Russian entry in a Kazakh article takes Russian terms', () => {
    const { list } = run(all, [cite('c1', 'ivanov-2018')], 'kk');
    expect(list).toEqual([nb('Иванов~И.~И. Вопросы орфографии / И.~И.~Иванов // Вопросы языкознания.~– 2018.~– Т.~5, №~1.~– С.~80–95.~– DOI: 10.1000/RU.1.')]);
  });

  it('entryTerms: "article" puts every entry in the article language', () => {
    const { list } = run(all, clusters, 'en', { entryTerms: 'article' });
    expect(list[0]).toContain(nb('Vol.~3, No.~2.~– P.~10–15'));
  });

  it('keeps the numbering when entries come from different locales', () => {
    const { result } = run(all, [cite('c1', 'ivanov-2018'), cite('c2', 'kakishuly-2002'), cite('c3', 'smith-2015')], 'en');
    expect(result.entries.map((e) => [e.label, e.lang])).toEqual([
      ['[1]', 'ru'],
      ['[2]', 'kk'],
      ['[3]', 'en'],
    ]);
  });

  // The article's engine renders other locales' entries switched to that locale; a style
  // with a localized date (here in a macro nothing calls) gets an engine per locale. Both
  // must give the same entries, with quotes, ordinals and "and" from each entry's locale.
  it('renders other locales’ entries as an engine of that locale would', () => {
    const variant = GOST.replace('<text variable="title"/>', '<text variable="title" quotes="true"/>')
      .replace('<number variable="edition" form="ordinal"/>', '<number variable="edition" form="long-ordinal"/>')
      .replace(/delimiter-precedes-last="always" et-al-min="4"/g, 'and="text" delimiter-precedes-last="never" et-al-min="4"');
    const perLocale = variant.replace('<macro name="heading">', '<macro name="unused"><date variable="issued" form="text"/></macro>\n  <macro name="heading">');
    expect(perLocale).not.toBe(variant);
    const entries = new Map([
      ...load(['refs.bib', 'refs.ris', 'refs.json', 'refs.yaml']),
      // Quotes in a title are read with the entry locale's quote marks.
      ...csl([
        { id: 'quoted-ru', type: 'book', title: 'О «правописании» и ‘кавычках’', author: [{ family: 'Петров', given: 'Пётр' }], edition: '2', issued: { 'date-parts': [[2001]] }, language: 'ru' },
        { id: 'quoted-kk', type: 'book', title: '«Абай жолы» туралы', author: [{ family: 'Әуезов', given: 'Мұхтар' }], edition: '3', issued: { 'date-parts': [[1999]] }, language: 'kk' },
      ]),
    ]);
    const keys = [...entries.keys()];
    const clusters = keys.map((k, i) => cite(`c${i + 1}`, k));
    for (const lang of ['en', 'kk', 'ru'] as const) {
      const shared = run(entries, clusters, lang, { style: variant });
      const separate = run(entries, clusters, lang, { style: perLocale });
      expect(shared.result).toEqual(separate.result);
      expect(new Set(shared.result.entries.map((e) => e.lang)).size).toBeGreaterThan(1);
    }
    // The cached engine is back in the article's locale afterwards.
    expect(run(all, [cite('c1', 'smith-2015@3')], 'kk', { style: variant }).cites).toEqual([nb('[1, б.~3]')]);
  });
});

describe('other styles', () => {
  const apa = loadStyle('apa');
  const vancouver = loadStyle('vancouver');

  it('switches to APA: author-date citations, no labels, italics as emphasis, DOIs as links', () => {
    const { cites, result } = run(all, [cite('c1', 'muller-2020@3'), cite('c2', 'kakishuly-2002')], 'en', { style: apa });
    expect(cites).toEqual(['(Müller & Renée, 2020, p. 3)', '(Кәкішұлы, 2002)']);
    expect(result.entries.map((e) => e.label)).toEqual(['', '']);
    // Sorted by author: Latin before Cyrillic.
    expect(result.entries.map((e) => e.key)).toEqual(['muller-2020', 'kakishuly-2002']);
    const muller = result.entries[0].children;
    expect(muller).toContainEqual({ type: 'emphasis', children: [{ type: 'text', value: 'Journal of Tests' }] });
    expect(muller).toContainEqual({ type: 'link', url: 'https://doi.org/10.1000/ABC.123', children: [{ type: 'text', value: 'https://doi.org/10.1000/ABC.123' }] });
    expect(result.heading).toBe('References');
  });

  it('switches to Vancouver: numbers in parentheses, "1." labels, article-locale terms', () => {
    const { cites, result } = run(all, [cite('c1', 'muller-2020'), cite('c2', 'kakishuly-2002', 'muller-2020')], 'ru', { style: vancouver });
    expect(cites).toEqual(['(1)', '(1,2)']);
    expect(result.entries.map((e) => e.label)).toEqual(['1.', '2.']);
    expect(text(result.entries[1].children)).toBe(nb('Кәкішұлы~Т. Қазақ әдебиетінің қысқаша тарихы. Алматы: Қазақ университеті; 2002. 235 с.'));
  });
});

describe('messages', () => {
  it('reports an unknown key at the citation with the closest known keys', () => {
    const reporter = new Reporter();
    const clusters: Cluster[] = [
      { id: 'c1', mode: 'parenthetical', items: [{ key: 'kakishuly-2020', pos: { file: 'article.md', line: 12, column: 7 } }] },
      { id: 'c2', mode: 'parenthetical', items: [{ key: 'zzz', pos: { file: 'article.md', line: 14, column: 3 } }] },
    ];
    const { result } = run(all, clusters, 'en', {}, reporter);
    expect(reporter.diagnostics).toEqual([
      {
        severity: 'error',
        rule: 'citation-unknown-key',
        file: 'article.md',
        line: 12,
        column: 7,
        message: 'unknown citation key ‘kakishuly-2020’; did you mean ‘kakishuly-2002’?',
      },
      {
        severity: 'error',
        rule: 'citation-unknown-key',
        file: 'article.md',
        line: 14,
        column: 3,
        message: 'unknown citation key ‘zzz’ (not in refs.bib, refs.ris, refs.json, …)',
      },
    ]);
    // Still something visible in proofs, and no entry.
    expect(result.clusters[0]).toMatchObject({ targets: [], children: [{ type: 'strong', children: [{ type: 'text', value: '[kakishuly-2020?]' }] }] });
    expect(result.entries).toEqual([]);
  });

  it('suggests keys for swapped letters and case slips', () => {
    const reporter = new Reporter();
    run(all, [cite('c1', 'mulelr-2020'), cite('c2', 'Smith-2015')], 'en', {}, reporter);
    expect(reporter.diagnostics.map((d) => d.message)).toEqual([
      'unknown citation key ‘mulelr-2020’; did you mean ‘muller-2020’?',
      'unknown citation key ‘Smith-2015’; did you mean ‘smith-2015’?',
    ]);
  });

  it('warns about entries never cited, at the entry', () => {
    const reporter = new Reporter();
    const entries = load(['refs.bib']);
    formatReferences({ style: GOST, lang: 'en', entries, clusters: [cite('c1', 'kakishuly-2002', 'sadykov-2019')], idPrefix: 'x-' }, reporter);
    expect(reporter.diagnostics).toEqual([
      { severity: 'warning', rule: 'bibliography-unused-entry', file: 'refs.bib', line: 16, column: 1, message: 'entry ‘muller-2020’ is never cited' },
      { severity: 'warning', rule: 'bibliography-unused-entry', file: 'refs.bib', line: 28, column: 1, message: 'entry ‘who-2020’ is never cited' },
      // conf-2019 is used through sadykov-2019's crossref.
    ]);
  });

  it('warns about cited entries missing what the list prints, naming the fields', () => {
    const reporter = new Reporter();
    const entries = readBibliographies(
      [
        {
          path: 'thin.bib',
          text: '@article{thin,\n  title = {Only a title},\n}\n\n@book{notitle, author = {A, B.}, year = 2000}\n',
        },
      ],
      reporter,
    );
    run(entries, [cite('c1', 'thin', 'notitle')], 'en', {}, reporter);
    expect(reporter.diagnostics).toEqual([
      {
        severity: 'warning',
        rule: 'bibliography-missing-field',
        file: 'thin.bib',
        line: 1,
        column: 1,
        message: 'entry ‘thin’ (article-journal) has no author or editor, no year (issued), no journal (container-title); the reference list will lack it',
      },
      {
        severity: 'warning',
        rule: 'bibliography-missing-field',
        file: 'thin.bib',
        line: 5,
        column: 1,
        message: 'entry ‘notitle’ (book) has no title; the reference list will lack it',
      },
    ]);
  });
});

describe('engine reuse', () => {
  it('is deterministic and does not keep item data between requests', () => {
    const a = run(all, [cite('c1', 'smith-2015'), cite('c2', 'kakishuly-2002')], 'kk');
    const b = run(all, [cite('c1', 'smith-2015'), cite('c2', 'kakishuly-2002')], 'kk');
    expect(b.result).toEqual(a.result);
    // Another article with the same key but a different entry.
    const other = csl([{ id: 'smith-2015', type: 'book', title: 'Another Book', author: [{ family: 'Smith', given: 'Adam' }], language: 'en' }]);
    expect(run(other, [cite('c1', 'smith-2015')], 'kk').list).toEqual([nb('Smith~A. Another Book.')]);
  });

  it('returns structured rich text, never markup', () => {
    const { result } = run(all, [cite('c1', 'muller-2020')]);
    const walk = (ns: Inline[]): string[] =>
      ns.flatMap((n) => ('children' in n ? walk(n.children) : 'value' in n ? [n.value] : []));
    for (const s of walk(result.entries[0].children)) expect(s).not.toMatch(/<|&#?\w+;/);
  });
});
