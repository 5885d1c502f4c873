import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Reporter } from '../../src/messages/diagnostic.js';
import { DEFAULT_TEMPLATES_DIR, formatReferences, loadLocales, loadStyle, referencesHeading, StyleError, styleOptions } from '../../src/references/index.js';
import { localeTerm, localeXml } from '../../src/references/locales.js';
import { cite, FIXTURES, load, text } from './helpers.js';

describe('loadStyle', () => {
  it('finds our style by name in templates/csl and reads what it asks for', () => {
    const xml = loadStyle('baspa-gost');
    expect(xml).toContain('<id>urn:baspa:style:baspa-gost</id>');
    expect(styleOptions(xml)).toEqual({ entryTerms: 'entry', names: 'gost', numeric: true });
  });

  it("returns citation-js's built-in apa and vancouver", () => {
    const apa = loadStyle('apa');
    const vancouver = loadStyle('vancouver');
    expect(apa).toContain('American Psychological Association');
    expect(vancouver).toContain('Vancouver');
    expect(styleOptions(apa)).toEqual({ entryTerms: 'article', numeric: false });
    expect(styleOptions(vancouver)).toMatchObject({ entryTerms: 'article', numeric: true });
  });

  it('reads a Zotero .csl file by path, relative to a base folder', () => {
    const xml = loadStyle('author-year.csl', DEFAULT_TEMPLATES_DIR, FIXTURES);
    expect(xml).toBe(readFileSync(FIXTURES + 'author-year.csl', 'utf8'));
    expect(loadStyle(FIXTURES + 'author-year.csl')).toBe(xml);
    // …and it formats, small caps and italics included.
    const entries = load(['refs.bib']);
    const result = formatReferences(
      { style: xml, lang: 'en', entries, clusters: [cite('c1', 'muller-2020', 'kakishuly-2002')], idPrefix: 'z-', warnUnused: false },
      new Reporter(),
    );
    expect(text(result.clusters[0].children)).toBe('(Müller and Renée 2020; Кәкішұлы 2002)');
    expect(result.entries[1].children).toEqual([
      { type: 'text', value: 'Müller, Hans and Anne Renée. ' },
      { type: 'smallcaps', children: [{ type: 'text', value: 'A DNA study of nested braces' }] },
      { type: 'text', value: '. ' },
      { type: 'emphasis', children: [{ type: 'text', value: 'Journal of Tests' }] },
      { type: 'text', value: '.' },
    ]);
  });

  it('falls back to the templates Baspa ships when the journal has no such style', () => {
    expect(loadStyle('baspa-gost', FIXTURES)).toBe(loadStyle('baspa-gost'));
  });

  it('says where it looked when a style is missing', () => {
    expect(() => loadStyle('no-such-style')).toThrow(StyleError);
    try {
      loadStyle('no-such-style');
    } catch (err) {
      expect(err).toMatchObject({ rule: 'style-not-found' });
      expect((err as Error).message).toMatch(/no CSL style ‘no-such-style’: looked for .*no-such-style\.csl \(built-in styles: apa, vancouver, harvard1\)/);
    }
  });

  it('resolves a dependent style to its parent, here the built-in apa', () => {
    const xml = loadStyle(FIXTURES + 'dependent.csl');
    // The parent as it is, with the dependent's default-locale.
    expect(xml.replace(/ default-locale="en-US"/, '')).toBe(loadStyle('apa'));
    expect(xml).toMatch(/<style\b[^>]*default-locale="en-US"/);
  });

  it('refuses a file that is not CSL', () => {
    expect(() => loadStyle(FIXTURES + 'refs.json')).toThrow(/is not a CSL style/);
  });
});

describe('our locales', () => {
  const set = loadLocales();
  const kk = localeXml(set, 'kk-KZ')!;
  const ru = localeXml(set, 'ru-RU')!;
  const en = localeXml(set, 'en-US')!;

  it('are loaded from templates/csl/locales next to citation-js’s en-US', () => {
    expect([...set.xml.keys()].sort()).toEqual(['kk-KZ', 'ru-RU']);
    expect(en).toContain('xml:lang="en-US"');
  });

  it('define every term en-US defines (kk-KZ sits on top of en-US in citeproc)', () => {
    const pairs = (xml: string) =>
      new Set(
        [...xml.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<term\b([^>]*?)\/?>/g)].map((m) => {
          const name = /name="([^"]*)"/.exec(m[1])![1];
          const form = /form="([^"]*)"/.exec(m[1])?.[1] ?? 'long';
          return `${name}|${form}`;
        }),
      );
    const english = [...pairs(en)].filter((p) => !/^ordinal-(0[123]|1[123])\|/.test(p)); // "st", "nd", "rd"
    for (const xml of [kk, ru]) {
      const ours = pairs(xml);
      expect(english.filter((p) => !ours.has(p))).toEqual([]);
    }
  });

  it.each([
    ['page', 'short', false, 'б.', 'с.'],
    ['page', 'short', true, 'бб.', 'с.'],
    ['page', 'long', true, 'беттер', 'страницы'],
    ['volume', 'short', false, 'т.', 'т.'],
    ['issue', 'short', false, '№', '№'],
    ['chapter', 'short', false, 'тар.', 'гл.'],
    ['section', 'long', false, 'бөлім', 'раздел'],
    ['figure', 'short', false, 'сур.', 'рис.'],
    ['edition', 'short', false, 'бас.', 'изд.'],
    ['editor', 'verb-short', false, 'ред.', 'под ред.'],
    ['translator', 'verb-short', false, 'ауд.', 'пер.'],
    ['accessed', 'long', false, 'қаралған күні', 'дата обращения'],
    ['retrieved', 'long', false, 'алынды', 'извлечено'],
    ['online', 'long', false, 'электрондық ресурс', 'электронный ресурс'],
    ['et-al', 'long', false, 'т.б.', 'и др.'],
    ['and', 'long', false, 'және', 'и'],
    ['ibid', 'long', false, 'сонда', 'там же'],
    ['no date', 'short', false, 'ж. ж.', 'б. г.'],
    ['month-03', 'long', false, 'наурыз', 'марта'],
    ['month-12', 'short', false, 'жел.', 'дек.'],
    ['open-quote', 'long', false, '«', '«'],
    ['open-inner-quote', 'long', false, '“', '„'],
    // kazakh.md: ordinals on digits take a hyphen alone ("5-сынып").
    ['ordinal', 'long', false, '-', '-й'],
  ])('%s (%s%s): kk %s, ru %s', (name, form, plural, kkTerm, ruTerm) => {
    expect(localeTerm(kk, name, form, plural)).toBe(kkTerm);
    expect(localeTerm(ru, name, form, plural)).toBe(ruTerm);
  });

  it('have the twelve lower-case Kazakh months', () => {
    const months = Array.from({ length: 12 }, (_, i) => localeTerm(kk, `month-${String(i + 1).padStart(2, '0')}`));
    expect(months).toEqual(['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан']);
  });

  it('give the reference-list heading per language', () => {
    expect(referencesHeading(set, 'en')).toBe('References');
    expect(referencesHeading(set, 'kk')).toBe('Әдебиеттер тізімі');
    expect(referencesHeading(set, 'ru')).toBe('Список литературы');
  });

  it('format dates the CLDR way: "2024 ж. 5 наурыз", "5 марта 2024 г.", ordinal editions', () => {
    // A tiny style that prints the issued date in the locale's text form and the edition.
    const style = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Dates</title><id>urn:test:dates</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><group delimiter=" | "><date variable="issued" form="text"/><date variable="issued" form="text" date-parts="year"/><group delimiter=" "><number variable="edition" form="ordinal"/><text term="edition" form="short"/></group><text variable="title" quotes="true"/></group></layout></citation>
</style>`;
    const entries = load(['refs.json']);
    const item = entries.get('ivanov-2018')!.item;
    item.issued = { 'date-parts': [[2024, 3, 5]] };
    item.edition = '6';
    item.title = 'Title with "inner" words';
    const out = (lang: 'kk' | 'ru' | 'en') =>
      text(formatReferences({ style, lang, entries, clusters: [cite('c1', 'ivanov-2018')], idPrefix: 'd-', warnUnused: false }, new Reporter()).clusters[0].children);
    expect(out('kk')).toBe('2024\u00a0ж. 5 наурыз | 2024\u00a0ж. | 6-бас. | «Title with “inner” words»');
    expect(out('ru')).toBe('5 марта 2024\u00a0г. | 2024\u00a0г. | 6-е изд. | «Title with „inner“ words»');
    expect(out('en')).toBe('March 5, 2024 | 2024 | 6th ed. | “Title with ‘inner’ words”');
  });
});
