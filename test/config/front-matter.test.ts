/**
 * Front matter as authors publish it: Baspa's, Pandoc's, JOSS's and Quarto's shapes all load
 * into the one shape the resolver reads, and a one-line issue.yaml is enough.
 */
import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/manuscript/parse.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { loadIssue } from '../../src/manuscript/load.js';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus/joss');

function parse(yaml: string, defaultLang: 'en' | 'kk' | 'ru' = 'en') {
  const reporter = new Reporter();
  const file = '/x/a/paper.md';
  const parsed = parseArticle({ slug: 'a', dir: '/x/a', manuscript: new VFile({ path: file, value: `---\n${yaml}\n---\n\nText.\n` }), bibliographies: [] }, reporter, defaultLang);
  return { fm: parsed?.frontMatter.value, parsed, messages: reporter.diagnostics.map((d) => `${d.severity} ${d.rule} ${d.message}`) };
}

describe('front matter shapes', () => {
  it('loads JOSS front matter: affiliation "1, 2", affiliations with name and index, tags, date, no lang', () => {
    const { fm, messages } = parse(`title: "fastPLI"
tags:
  - Python
  - microscopy
authors:
  - name: Felix Matuschke
    orcid: 0000-0001-6435-5351
    affiliation: 1
  - name: Katrin Amunts
    affiliation: 1, 2
    equal-contrib: true
    corresponding: true
affiliations:
  - name: Forschungszentrum Jülich
    index: 1
  - name: University of Düsseldorf
    index: 2
date: 18. December 2020
bibliography: paper.bib`);
    expect(messages.filter((m) => m.startsWith('error'))).toEqual([]);
    expect(messages.filter((m) => m.includes('config-unknown-key'))).toEqual([]);
    expect(fm?.lang).toBe('en');
    expect(fm?.keywords).toEqual(['Python', 'microscopy']);
    expect(fm?.affiliations).toEqual(['Forschungszentrum Jülich', 'University of Düsseldorf']);
    expect(fm?.authors.map((a) => a.affiliation)).toEqual([[1], [1, 2]]);
    expect(fm?.authors[1]).toMatchObject({ corresponding: true, equalContrib: true });
    expect(fm?.date).toBe('18. December 2020');
  });

  it('takes the issue’s first language when the manuscript names none', () => {
    expect(parse('title: T', 'kk').fm?.lang).toBe('kk');
    expect(parse('title: T\nlang: ru-RU', 'kk').fm?.lang).toBe('ru');
    expect(parse('title: T\nlang: en-US').fm?.lang).toBe('en');
  });

  it('loads Pandoc’s author list and a keyword string', () => {
    const { fm, messages } = parse('title: T\nauthor: [Ann Lee, Bo Chen]\nkeywords: "finite elements, Python"');
    expect(messages).toEqual([]);
    expect(fm?.authors.map((a) => a.name)).toEqual(['Ann Lee', 'Bo Chen']);
    expect(fm?.keywords).toEqual(['finite elements', 'Python']);
    expect(parse('title: T\nauthor: Ann Lee').fm?.authors.map((a) => a.name)).toEqual(['Ann Lee']);
  });

  it('loads Quarto’s name parts and affiliations by id', () => {
    const { fm, messages } = parse(`title: T
author:
  - name:
      given: Max P.
      family: Katz
    affiliations:
      - ref: sbu
  - name: Ann Lee
    affiliation: University of Nowhere
affiliations:
  - id: sbu
    name: Stony Brook University
    city: Stony Brook
    country: USA`);
    expect(messages.filter((m) => m.startsWith('error'))).toEqual([]);
    expect(fm?.authors[0]).toMatchObject({ name: 'Max P. Katz', family: 'Katz', given: 'Max P.', affiliation: [1] });
    // An affiliation given by name joins the list once.
    expect(fm?.affiliations).toEqual(['Stony Brook University, Stony Brook, USA', 'University of Nowhere']);
    expect(fm?.authors[1].affiliation).toEqual([2]);
  });

  it('reads given-names and surname (JOSS’s explicit parts)', () => {
    const { fm } = parse('title: T\nauthors:\n  - given-names: Ludwig\n    non-dropping-particle: van\n    surname: Beethoven');
    expect(fm?.authors[0]).toMatchObject({ name: 'Ludwig van Beethoven', family: 'van Beethoven', given: 'Ludwig' });
  });

  it('says where an affiliation index points at nothing', () => {
    const { messages } = parse('title: T\nauthors:\n  - name: A\n    affiliation: "1, 3"\naffiliations:\n  - name: One\n    index: 1');
    expect(messages).toContain('error front-matter-affiliation Author ‘A’ refers to affiliation 3, but only 1 are listed');
  });

  it('still warns about a key no tool knows', () => {
    expect(parse('title: T\nautors: [A]').messages.some((m) => m.includes('config-unknown-key'))).toBe(true);
  });
});

describe('a one-line issue.yaml', () => {
  for (const yaml of ['journal: Journal of Open Source Software', 'articles: [melodie]']) {
    it(`loads with only ‘${yaml}’: every article folder, this year, volume 1, number 1`, async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'baspa-oneline-'));
      mkdirSync(path.join(root, 'manuscripts'));
      cpSync(path.join(CORPUS, 'melodie'), path.join(root, 'manuscripts/melodie'), { recursive: true });
      writeFileSync(path.join(root, 'manuscripts/issue.yaml'), `${yaml}\n`);
      const reporter = new Reporter();
      const loaded = await loadIssue(root, reporter);
      expect(reporter.diagnostics).toEqual([]);
      expect(loaded?.config.value.articles).toEqual(['melodie']);
      expect(loaded?.config.value.volume).toBe(1);
      expect(loaded?.config.value.journal.title).toBe(yaml.startsWith('journal') ? 'Journal of Open Source Software' : path.basename(root));
      expect(loaded?.config.value.year).toBeGreaterThanOrEqual(2026);
      expect(loaded?.articles[0].manuscript.path.endsWith('paper.md')).toBe(true);
    });
  }
});

describe('YAML as pandoc reads it', () => {
  it('reads a quoted title whose second line is not indented, as the Microphysics JOSS paper has it', () => {
    const { fm, messages } = parse("title: 'AMReX-Astrophysics Microphysics: routines for simulation codes\nbased on the AMReX library'\n\ntags:\n- nuclear");
    expect(fm?.title).toBe('AMReX-Astrophysics Microphysics: routines for simulation codes based on the AMReX library');
    expect(fm?.keywords).toEqual(['nuclear']);
    expect(messages).toEqual(['warning yaml-indent A quoted value goes on over lines that are not indented; indent them (read as if they were)']);
  });

  it('still refuses a quote that never closes', () => {
    expect(parse("title: 'never closed\ntags:\n- a").messages.some((m) => m.startsWith('error yaml-syntax'))).toBe(true);
  });
});
