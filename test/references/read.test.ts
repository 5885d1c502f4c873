import { describe, expect, it } from 'vitest';
import { Reporter } from '../../src/messages/diagnostic.js';
import { normalizeLanguage, readBibliographies } from '../../src/references/index.js';
import { fixture, load } from './helpers.js';

describe('readBibliographies: BibTeX', () => {
  const reporter = new Reporter();
  const entries = load(['refs.bib'], reporter);

  it('reads every entry without messages', () => {
    expect(reporter.diagnostics).toEqual([]);
    expect([...entries.keys()]).toEqual(['kakishuly-2002', 'muller-2020', 'who-2020', 'sadykov-2019', 'conf-2019']);
  });

  it('decodes TeX accents and keeps the text of nested braces', () => {
    const item = entries.get('muller-2020')!.item;
    expect(item.author).toEqual([
      { given: 'Hans', family: 'Müller' },
      { given: 'Anne', family: 'Renée' },
    ]);
    // Braces protect case: citeproc reads the nocase spans and prints only the text.
    expect(item.title).toBe('A <span class="nocase">DNA</span> study of <span class="nocase">nested braces</span>');
  });

  it('expands @string macros and # concatenation', () => {
    expect(entries.get('kakishuly-2002')!.item.publisher).toBe('Қазақ университеті');
    expect(entries.get('muller-2020')!.item['container-title']).toBe('Journal of Tests');
  });

  it('reads Cyrillic names and a braced corporate author', () => {
    expect(entries.get('kakishuly-2002')!.item.author).toEqual([{ given: 'Т.', family: 'Кәкішұлы' }]);
    expect(entries.get('who-2020')!.item.author).toEqual([{ family: 'World Health Organization' }]);
  });

  it('inherits crossref fields and remembers the target', () => {
    const e = entries.get('sadykov-2019')!;
    expect(e.item['container-title']).toBe('Тіл білімі мәселелері');
    expect(e.item.publisher).toBe('Ғылым');
    expect(e.item.issued).toEqual({ 'date-parts': [[2019]] });
    expect(e.crossref).toBe('conf-2019');
    // The language comes with the inherited fields.
    expect(e.lang).toBe('kk');
  });

  it('records where each entry starts', () => {
    expect(entries.get('kakishuly-2002')).toMatchObject({ file: 'refs.bib', line: 6, column: 1 });
    expect(entries.get('muller-2020')).toMatchObject({ line: 16, column: 1 });
    expect(entries.get('conf-2019')).toMatchObject({ line: 45, column: 1 });
  });

  it('normalises langid/language and DOIs', () => {
    const kk = entries.get('kakishuly-2002')!;
    expect(kk.item.language).toBe('kk'); // langid = {kazakh}
    expect(kk).toMatchObject({ lang: 'kk', langSource: 'field' });
    const en = entries.get('muller-2020')!;
    expect(en.item.language).toBe('en'); // language = {English}
    expect(en.item.DOI).toBe('10.1000/ABC.123'); // https://doi.org/ stripped
  });

  it('guesses a missing language from the script, without writing it into the item', () => {
    const who = entries.get('who-2020')!;
    expect(who).toMatchObject({ lang: 'en', langSource: 'script' });
    expect(who.item.language).toBeUndefined();
  });
});

describe('readBibliographies: RIS, CSL-JSON, CSL-YAML', () => {
  it('reads RIS with positions, language codes and a key for a record without ID', () => {
    const reporter = new Reporter();
    const entries = load(['refs.ris'], reporter);
    expect(reporter.diagnostics).toEqual([]);
    expect([...entries.keys()]).toEqual(['nurlanova-2019', 'doe2001']);
    const n = entries.get('nurlanova-2019')!;
    expect(n).toMatchObject({ file: 'refs.ris', line: 1, column: 1, lang: 'kk' });
    expect(n.item).toMatchObject({
      type: 'article-journal',
      title: 'Қазақ тілінің грамматикасы',
      'container-title': 'Хабаршы',
      DOI: '10.1000/xyz',
      language: 'kk', // LA - kaz
      page: '10-15',
    });
    expect(entries.get('doe2001')).toMatchObject({ line: 15, lang: 'en' }); // LA - en-US
  });

  it('reads CSL-JSON; a doi.org URL becomes the DOI', () => {
    const reporter = new Reporter();
    const entries = load(['refs.json'], reporter);
    expect(reporter.diagnostics).toEqual([]);
    const iv = entries.get('ivanov-2018')!;
    expect(iv).toMatchObject({ file: 'refs.json', line: 2, column: 3, lang: 'ru' });
    expect(iv.item.language).toBe('ru'); // ru-RU
    expect(iv.item.DOI).toBe('10.1000/RU.1');
    expect(iv.item.URL).toBeUndefined();
    expect(entries.get('web-2024')).toMatchObject({ line: 15, lang: 'kk' }); // kk-KZ
  });

  it('reads CSL-YAML under `references:` with plain dates', () => {
    const reporter = new Reporter();
    const entries = load(['refs.yaml'], reporter);
    expect(reporter.diagnostics).toEqual([]);
    expect(entries.get('smith-2015')).toMatchObject({ file: 'refs.yaml', line: 3, column: 3, lang: 'en' });
    expect(entries.get('smith-2015')!.item.issued).toEqual({ 'date-parts': [[2015]] });
    expect(entries.get('smith-2015')!.item['number-of-pages']).toBe('320');
    expect(entries.get('petrova-2010')).toMatchObject({ line: 14, lang: 'ru' });
    expect(entries.get('petrova-2010')!.item.issued).toEqual({ 'date-parts': [[2010, 5, 1]] });
  });

  it('merges files of different formats into one key space', () => {
    const entries = load(['refs.bib', 'refs.ris', 'refs.json', 'refs.yaml']);
    expect(entries.size).toBe(11);
  });
});

describe('readBibliographies: messages', () => {
  it('reports a BibTeX syntax error at its line and keeps the other entries', () => {
    const reporter = new Reporter();
    const entries = load(['broken.bib'], reporter);
    expect(reporter.diagnostics).toEqual([
      {
        severity: 'error',
        rule: 'bibliography-syntax',
        file: 'broken.bib',
        line: 10,
        column: 3,
        message: 'BibTeX syntax error in entry ‘bad-1’: expected ‘,’ between fields, found ‘year’',
      },
    ]);
    expect([...entries.keys()]).toEqual(['good-1', 'good-2']);
    expect(entries.get('good-2')!.line).toBe(13);
  });

  it('reports an entry that is never closed at its start', () => {
    const reporter = new Reporter();
    readBibliographies([{ path: 'open.bib', text: '@book{a, title = {A}, year = 2000}\n\n@book{b,\n  title = {B\n' }], reporter);
    expect(reporter.diagnostics.map((d) => [d.rule, d.line, d.column, d.message])).toEqual([
      ['bibliography-syntax', 3, 1, 'BibTeX syntax error: entry ‘b’ is never closed (a ‘}’ is missing)'],
    ]);
  });

  it('skips an @ outside entries that starts no entry (biber reads such text as a comment)', () => {
    const reporter = new Reporter();
    const entries = readBibliographies([{ path: 'at.bib', text: 'mail me at x@y.org\n@book{a, title = {A}}\n' }], reporter);
    expect(reporter.diagnostics).toEqual([]);
    expect([...entries.keys()]).toEqual(['a']);
  });

  it('names both places of a duplicate key, keeping the first', () => {
    const reporter = new Reporter();
    const entries = load(['refs.bib', 'dup.bib'], reporter);
    expect(reporter.diagnostics).toEqual([
      {
        severity: 'warning',
        rule: 'bibliography-duplicate-key',
        file: 'dup.bib',
        line: 1,
        column: 1,
        message: 'duplicate key ‘kakishuly-2002’: also defined at refs.bib:6:1; this definition is ignored',
      },
    ]);
    expect(entries.get('kakishuly-2002')!.file).toBe('refs.bib');
  });

  it('finds duplicates within one file too', () => {
    const reporter = new Reporter();
    readBibliographies([{ path: 'd.bib', text: '@book{x, title={A}}\n@book{x, title={B}}\n' }], reporter);
    expect(reporter.diagnostics).toMatchObject([
      { rule: 'bibliography-duplicate-key', file: 'd.bib', line: 2, message: expect.stringContaining('d.bib:1:1') },
    ]);
  });

  it('warns about an empty file', () => {
    const reporter = new Reporter();
    load(['empty.bib'], reporter);
    expect(reporter.diagnostics).toEqual([
      { severity: 'warning', rule: 'bibliography-empty', file: 'empty.bib', line: 1, column: 1, message: '‘empty.bib’ has no bibliography entries' },
    ]);
  });

  it('reports RIS, CSL-JSON and CSL-YAML syntax errors with positions', () => {
    const reporter = new Reporter();
    load(['broken.ris', 'broken.json', 'broken.yaml'], reporter);
    expect(reporter.diagnostics.map((d) => [d.file, d.line, d.column, d.rule])).toEqual([
      ['broken.ris', 1, 1, 'bibliography-syntax'],
      ['broken.json', 2, 30, 'bibliography-syntax'],
      ['broken.yaml', 4, 1, 'bibliography-syntax'],
    ]);
  });

  it('counts lines the same with a byte-order mark and CRLF line ends', () => {
    const reporter = new Reporter();
    const text = '\uFEFF% refs\r\n\r\n@book{a,\r\n  title = {A},\r\n}\r\n\r\n  @book{b,\r\n  title = {B}\r\n  year = 1\r\n}\r\n';
    const entries = readBibliographies([{ path: 'crlf.bib', text }], reporter);
    expect(entries.get('a')).toMatchObject({ line: 3, column: 1 });
    expect(reporter.diagnostics).toMatchObject([{ rule: 'bibliography-syntax', line: 9, column: 3 }]);
  });

  it('refuses unknown extensions', () => {
    const reporter = new Reporter();
    readBibliographies([{ path: 'refs.txt', text: 'x' }], reporter);
    expect(reporter.diagnostics).toMatchObject([{ rule: 'bibliography-format', file: 'refs.txt' }]);
  });
});

describe('normalizeLanguage', () => {
  it.each([
    ['english', 'en'],
    ['en-US', 'en'],
    ['USenglish', 'en'],
    ['kazakh', 'kk'],
    ['kk-KZ', 'kk'],
    ['kk_KZ', 'kk'],
    ['қазақ', 'kk'],
    ['russian', 'ru'],
    ['ru-RU', 'ru'],
    ['rus', 'ru'],
    ['german', undefined],
    ['', undefined],
  ])('%s → %s', (input, expected) => {
    expect(normalizeLanguage(input)).toBe(expected);
  });

  it('keeps a language it does not know, as a BCP 47 tag when biblatex names it', () => {
    const entries = readBibliographies([{ path: 'de.bib', text: '@book{de, title={Über}, langid={german}}' }], new Reporter());
    expect(entries.get('de')!.item.language).toBe('de');
  });
});

it('fixture files are what the tests say', () => {
  expect(fixture('refs.bib').text).toContain('{\\"u}');
  expect(fixture('refs.bib').text).toContain("\\'{e}");
});
