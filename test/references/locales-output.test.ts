/**
 * The kk-KZ and ru-RU gaps CSL cannot close in a locale file alone (locale-output.ts):
 * Kazakh date ranges keep their spaces, Kazakh ordinals on digits are a hyphen alone,
 * Russian month–year dates are nominative while day–month–year dates stay genitive.
 * Each under a tiny style and under the official MLA and IEEE styles.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/document/model.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { formatReferences, loadStyle, readBibliographies } from '../../src/references/index.js';
import { FIXTURES, text } from './helpers.js';

const DATES = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Dates</title><id>urn:test:dates2</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><group delimiter=" | ">
    <date variable="issued" form="text"/>
    <date variable="issued" form="text" date-parts="year-month"/>
    <group delimiter=" "><number variable="edition" form="ordinal"/><text term="edition" form="short"/></group>
  </group></layout></bibliography>
</style>`;

const BIB = `
@misc{day, title = {A}, date = {2015-05-05}}
@misc{month, title = {B}, date = {2015-05}}
@misc{days, title = {C}, date = {2024-01-02/2024-01-05}}
@misc{years, title = {D}, date = {2023-12-28/2024-01-02}}
@misc{months, title = {E}, date = {2024-01/2024-03}}
@book{ed2, title = {F}, edition = {2}, year = {2020}}
@book{ed1000, title = {G}, edition = {1000}, year = {2020}}
@book{ed6, title = {H}, edition = {6}, year = {2020}}
`;

function list(style: string, lang: Lang, keys: string[]): string[] {
  const entries = readBibliographies([{ path: 'd.bib', text: BIB }], new Reporter());
  const pos = { file: 'a.md', line: 1, column: 1 };
  const r = formatReferences(
    { style, lang, entries, clusters: keys.map((key, i) => ({ id: `c${i}`, mode: 'parenthetical', items: [{ key, pos }] })), idPrefix: 'l-', warnUnused: false },
    new Reporter(),
  );
  return r.entries.map((e) => text(e.children).replace(/\u00a0/g, '~'));
}

describe('kk-KZ', () => {
  it('a date range across years keeps the space after "ж." ("2024 ж. 2 қаңтар", not "ж.2")', () => {
    const [years] = list(DATES, 'kk', ['years']);
    expect(years.split(' | ')[0]).toBe('2023~ж. 28 желтоқсан–2024~ж. 2 қаңтар');
    const [days, months] = list(DATES, 'kk', ['days', 'months']);
    expect(days.split(' | ')[0]).toBe('2024~ж. 2–5 қаңтар');
    expect(months.split(' | ')[0]).toBe('2024~ж. қаңтар–наурыз');
  });

  it('ordinals on digits are a hyphen alone, joined to the word: "2-бас.", "6-бас.", "1000-бас."', () => {
    const out = list(DATES, 'kk', ['ed2', 'ed6', 'ed1000']).map((e) => e.split(' | ').pop());
    expect(out).toEqual(['2-бас.', '6-бас.', '1000-бас.']);
    const ieee = list(loadStyle(path.join(FIXTURES, 'csl-styles', 'ieee.csl')), 'kk', ['ed2']);
    expect(ieee[0]).toContain('2-бас.');
    expect(ieee.join()).not.toMatch(/-ш[іы]/);
  });
});

describe('ru-RU', () => {
  it('month–year is nominative ("май 2015"), day–month–year genitive ("5 мая 2015")', () => {
    const [day, month, days, years, months] = list(DATES, 'ru', ['day', 'month', 'days', 'years', 'months']).map((e) => e.split(' | '));
    expect(day[0]).toBe('5 мая 2015~г.');
    expect(day[1]).toBe('май 2015~г.');
    expect(month[0]).toBe('май 2015~г.');
    expect(days[0]).toBe('2–5 января 2024~г.');
    expect(years[0]).toBe('28 декабря 2023–2 января 2024~г.');
    expect(years[1]).toBe('декабрь 2023–январь 2024~г.');
    expect(months[0]).toBe('январь–март 2024~г.');
  });

  it('under MLA too, and no mark is left in the output', () => {
    const out = list(loadStyle(path.join(FIXTURES, 'csl-styles', 'modern-language-association.csl')), 'ru', ['month', 'day']);
    expect(out.join('\n')).toContain('май 2015~г.');
    expect(out.join('\n')).not.toMatch(/[\u2062-\u2064]/);
  });

  it('ordinals keep their Russian ending ("2-е изд.")', () => {
    expect(list(DATES, 'ru', ['ed2'])[0].split(' | ').pop()).toBe('2-е изд.');
  });
});
