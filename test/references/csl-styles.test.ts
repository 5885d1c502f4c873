/**
 * Styles from the official CSL repository (fixtures/references/csl-styles, see its README):
 * dependent styles resolve to their parent, a citation the style prints as nothing is a
 * warning (never "[NO_PRINTED_FORM]"), undefined macros are an error at the style's line,
 * and terms follow each entry's language under a third-party style too.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { build } from '../../src/pipeline/build.js';
import { formatReferences, loadStyle, readBibliographies, StyleError } from '../../src/references/index.js';
import { pdfText, needTool } from '../helpers/tools.js';
import { cite, FIXTURES, load, text } from './helpers.js';

const STYLES = path.join(FIXTURES, 'csl-styles');
const style = (name: string) => path.join(STYLES, name);

function format(xml: string, clusters = [cite('c1', 'muller-2020', 'kakishuly-2002')], entryTerms?: 'entry' | 'article') {
  const reporter = new Reporter();
  const result = formatReferences(
    { style: xml, lang: 'en', entries: load(['refs.bib']), clusters, idPrefix: 'z-', warnUnused: false, ...(entryTerms ? { entryTerms } : {}) },
    reporter,
  );
  return { result, reporter };
}

describe('dependent styles', () => {
  it('vancouver-nlm resolves to its parent nlm-citation-sequence beside it and formats', () => {
    const xml = loadStyle(style('vancouver-nlm.csl'));
    expect(xml).toContain('<id>http://www.zotero.org/styles/nlm-citation-sequence</id>');
    const { result } = format(xml);
    expect(text(result.clusters[0].children)).toBe('(1,2)');
    expect(text(result.entries[0].children)).toMatch(/^Müller\u00a0H, Renée\u00a0A\. A DNA study of nested braces\. Journal of Tests\. 2020;3\(2\):10–5/);
  });

  it('resolves to a bundled parent (citation-js’s vancouver is nlm-citation-sequence) when none is beside it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baspa-dep-'));
    copyFileSync(style('vancouver-nlm.csl'), path.join(dir, 'vancouver-nlm.csl'));
    expect(loadStyle(path.join(dir, 'vancouver-nlm.csl'))).toBe(loadStyle('vancouver'));
  });

  it('finds the parent in the project’s templates/csl and keeps the dependent’s default-locale', () => {
    const tpl = mkdtempSync(path.join(tmpdir(), 'baspa-tpl-'));
    mkdirSync(path.join(tpl, 'csl'));
    writeFileSync(path.join(tpl, 'csl', 'nature.csl'), readFileSync(style('nlm-citation-sequence.csl'), 'utf8'));
    const other = mkdtempSync(path.join(tmpdir(), 'baspa-dep-'));
    copyFileSync(style('nature-communications.csl'), path.join(other, 'nature-communications.csl'));
    const xml = loadStyle(path.join(other, 'nature-communications.csl'), tpl);
    expect(xml).toMatch(/<style\b[^>]*default-locale="en-GB"/);
    expect(xml).toContain('<citation');
  });

  it('names the parent file to add when it is nowhere, at the parent link’s line', () => {
    let err: unknown;
    try {
      loadStyle(style('nature-communications.csl'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StyleError);
    expect(err).toMatchObject({ rule: 'style-parent-missing', pos: { file: style('nature-communications.csl'), line: 8 } });
    expect((err as Error).message).toMatch(/dependent style of http:\/\/www\.zotero\.org\/styles\/nature: add its parent ‘nature\.csl’/);
  });
});

describe('citations a style prints as nothing', () => {
  it('MLA with [-@key]: a warning at the citation, nothing printed, never [NO_PRINTED_FORM] (as pandoc)', () => {
    const xml = loadStyle(style('modern-language-association.csl'));
    const { result, reporter } = format(xml, [cite('c3', { key: 'muller-2020', suppressAuthor: true })]);
    expect(result.clusters[0].children).toEqual([]);
    expect(JSON.stringify(result)).not.toContain('NO_PRINTED_FORM');
    const w = reporter.diagnostics.filter((d) => d.rule === 'citation-empty');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', file: 'article.md', line: 3 });
    // With a locator there is something to print: "(12)", as pandoc prints.
    const withLocator = format(xml, [cite('c1', { key: 'muller-2020', suppressAuthor: true, locator: '12' })]);
    expect(text(withLocator.result.clusters[0].children)).toBe('(12)');
    expect(withLocator.reporter.diagnostics.filter((d) => d.rule === 'citation-empty')).toEqual([]);
  });

  it('MLA narrative @key prints the author alone, with no dangling space', () => {
    const xml = loadStyle(style('modern-language-association.csl'));
    const { result, reporter } = format(xml, [{ ...cite('c1', 'muller-2020'), mode: 'narrative' }]);
    expect(text(result.clusters[0].children)).toBe('Müller and Renée');
    expect(reporter.diagnostics.filter((d) => d.rule === 'citation-empty')).toEqual([]);
  });
});

describe('undefined macros', () => {
  it('are an error at the line of the <text macro> that uses one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baspa-macro-'));
    const src = readFileSync(style('ieee.csl'), 'utf8');
    const broken = src.replace('<text macro="author" suffix=", "/>', '<text macro="authors" suffix=", "/>');
    expect(broken).not.toBe(src);
    const file = path.join(dir, 'ieee-broken.csl');
    writeFileSync(file, broken);
    const line = broken.slice(0, broken.indexOf('macro="authors"')).split('\n').length;
    expect(() => loadStyle(file)).toThrow(/never defines: ‘authors’/);
    try {
      loadStyle(file);
    } catch (e) {
      expect(e).toMatchObject({ rule: 'style-invalid', pos: { file, line } });
    }
  });
});

describe('terms in each entry’s language under a third-party style', () => {
  it('the official GOST style prints a Kazakh book’s pages as "б." when terms follow the entry', () => {
    const xml = loadStyle(style('gost-r-7-0-5-2008-numeric.csl'));
    const clusters = [cite('c1', 'muller-2020', 'kakishuly-2002', 'sadykov-2019')];
    const article = format(xml, clusters).result.entries.map((e) => text(e.children));
    expect(article[1]).toMatch(/235 p\.$/);
    const own = format(xml, clusters, 'entry').result.entries.map((e) => text(e.children));
    expect(own[0]).toMatch(/Vol\. 3, № 2\. P\. 10–15\.$/);
    expect(own[1]).toMatch(/235 б\.$/);
    expect(own[2]).toMatch(/Б\. 45–52\.$/);
  });

  it('IEEE (localized dates: an engine per locale) does the same', () => {
    const xml = loadStyle(style('ieee.csl'));
    const own = format(xml, [cite('c1', 'muller-2020', 'sadykov-2019')], 'entry').result.entries.map((e) => text(e.children));
    expect(own[0]).toContain('pp. 10–15');
    expect(own[1]).toContain('бб. 45–52');
  });
});

/** A one-article issue citing `cites` from `bib`, with `csl` in issue.yaml when given. */
function issue(bib: string, cites: string, extra: Record<string, string> = {}, csl?: string, yaml = ''): string {
  const root = mkdtempSync(path.join(tmpdir(), 'baspa-csl-'));
  mkdirSync(path.join(root, 'manuscripts', 'a'), { recursive: true });
  writeFileSync(
    path.join(root, 'manuscripts', 'issue.yaml'),
    `journal: {title: Test}\nvolume: 1\nnumber: 1\nyear: 2026\nlanguages: [ru, en]\n${csl ? `csl: ${csl}\n` : ''}${yaml}articles: [a]\n`,
  );
  writeFileSync(path.join(root, 'manuscripts', 'a', 'article.md'), `---\ntitle: Тест\nlang: ru\nauthors:\n  - name: Иванов И. И.\nbibliography: references.bib\n---\n\nТекст ${cites}.\n`);
  writeFileSync(path.join(root, 'manuscripts', 'a', 'references.bib'), bib);
  for (const [name, body] of Object.entries(extra)) writeFileSync(path.join(root, 'manuscripts', name), body);
  return root;
}

describe('in a build', () => {
  it('a Russian title with " : " (citeproc puts U+202F there) builds, and the PDF prints it', { timeout: 240_000 }, async () => {
    const root = issue('@book{r1, author = {Иванов, Иван}, title = {Заглавие : учебное пособие}, address = {Москва}, publisher = {Наука}, year = {2015}, langid = {russian}}\n', '[@r1]');
    const out = path.join(root, 'dist');
    const result = await build({ root, out, formats: ['pdf', 'epub'], sourceDateEpoch: 1_764_115_200 });
    expect(result.reporter.errors).toEqual([]);
    const pdf = result.outputs.find((f) => f.endsWith('.pdf'))!;
    const epub = result.outputs.find((f) => f.endsWith('.epub'))!;
    // The EPUB keeps the character (a reader's font has it, or the browser makes it a space).
    const zip = await JSZip.loadAsync(readFileSync(epub));
    const xhtml = (await Promise.all(Object.keys(zip.files).filter((n) => n.endsWith('.xhtml')).map((n) => zip.file(n)!.async('string')))).join('');
    expect(xhtml).toContain('Заглавие\u202f: учебное пособие');
    // A second build reads the formatted list from .baspa-cache and writes the same bytes.
    expect(readdirSync(path.join(root, '.baspa-cache', 'references'))).toHaveLength(1);
    const again = await build({ root, out: path.join(root, 'dist2'), formats: ['pdf', 'epub'], sourceDateEpoch: 1_764_115_200 });
    expect(again.reporter.diagnostics).toEqual(result.reporter.diagnostics);
    for (const f of result.outputs) expect(readFileSync(path.join(root, 'dist2', path.basename(f))).equals(readFileSync(f)), f).toBe(true);
    if (!needTool('pdftotext')) return;
    expect(pdfText(pdf).replace(/\s+/g, ' ')).toContain('Заглавие : учебное пособие');
  });

  it('a style with an undefined macro exits 2 with the style’s file and line', async () => {
    const src = readFileSync(style('ieee.csl'), 'utf8').replace('<text macro="author" suffix=", "/>', '<text macro="authors" suffix=", "/>');
    const root = issue('@book{r1, title = {T}, year = {2015}}\n', '[@r1]', { 'broken.csl': src }, 'broken.csl');
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (errors.push(String(s)), true)) as typeof process.stderr.write;
    let code: number;
    try {
      code = await main(['check', root]);
    } finally {
      process.stderr.write = write;
    }
    expect(code).toBe(2);
    const line = src.slice(0, src.indexOf('macro="authors"')).split('\n').length;
    expect(errors.join('')).toMatch(new RegExp(`broken\\.csl:${line}:\\d+: error: .*never defines: ‘authors’.*\\[csl-invalid\\]`));
  });

  it('a dependent style whose parent is missing exits 2 naming the parent file', async () => {
    const root = issue('@book{r1, title = {T}, year = {2015}}\n', '[@r1]', { 'nc.csl': readFileSync(style('nature-communications.csl'), 'utf8') }, 'nc.csl');
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (errors.push(String(s)), true)) as typeof process.stderr.write;
    let code: number;
    try {
      code = await main(['check', root]);
    } finally {
      process.stderr.write = write;
    }
    expect(code).toBe(2);
    expect(errors.join('')).toMatch(/nc\.csl:8:\d+: error: .*add its parent ‘nature\.csl’.*\[csl-parent-missing\]/);
  });

  it('issue.yaml reference_terms: entry gives a third-party style terms in each entry’s language', { timeout: 120_000 }, async () => {
    const bib = '@book{k1, author = {Кәкішұлы, Т.}, title = {Қазақ әдебиеті}, address = {Алматы}, publisher = {Ғылым}, year = {2002}, pagetotal = {235}, langid = {kazakh}}\n';
    const extra = { 'gost.csl': readFileSync(style('gost-r-7-0-5-2008-numeric.csl'), 'utf8') };
    const texts = async (yaml: string) => {
      const root = issue(bib, '[@k1]', extra, 'gost.csl', yaml);
      const r = await build({ root, out: path.join(root, 'dist'), formats: ['pdf'], checkOnly: true });
      expect(r.reporter.errors).toEqual([]);
      return JSON.stringify(r.issue!.articles[0].bibliography.entries);
    };
    expect(await texts('')).toMatch(/235[ \u00a0]с\./);
    expect(await texts('reference_terms: entry\n')).toMatch(/235[ \u00a0]б\./);
  });

  it('a character no font has (ϵ U+03F5) in a reference is an error naming the entry and the field, at the character', async () => {
    const bib = '@article{e1,\n  author = {Smith, John},\n  title = {Bounds for nets},\n  journal = {Journal of ϵ-Theory}, year = {2015},\n}\n';
    const root = issue(bib, '[@e1]');
    const r = await build({ root, out: path.join(root, 'dist'), formats: ['pdf'], checkOnly: true });
    const e = r.reporter.errors.filter((d) => d.rule === 'glyph-missing');
    expect(e).toHaveLength(1);
    expect(e[0].message).toBe("The template's fonts have no glyph for ‘ϵ’ U+03F5, in entry ‘e1’ (journal)");
    expect(e[0]).toMatchObject({ line: 4, column: 25 });
  });
});

describe('a style’s default-locale', () => {
  it('is used for an article of that language when the journal has the locale (en-GB)', async () => {
    const { csl } = await import('../../src/references/plugins.js');
    const tpl = mkdtempSync(path.join(tmpdir(), 'baspa-gb-'));
    mkdirSync(path.join(tpl, 'csl', 'locales'), { recursive: true });
    const enUS = csl().locales.get('en-US')!;
    const gb = enUS.replace('xml:lang="en-US"', 'xml:lang="en-GB"').replace(/<term name="and">and<\/term>/, '<term name="and">and-GB</term>');
    expect(gb).toContain('and-GB');
    writeFileSync(path.join(tpl, 'csl', 'locales', 'locales-en-GB.xml'), gb);
    const base = readFileSync(path.join(STYLES, 'modern-language-association.csl'), 'utf8');
    const styleGB = base.replace(/<style\b([^>]*)default-locale="[^"]*"/, '<style$1').replace('<style ', '<style default-locale="en-GB" ');
    const run = (xml: string) =>
      text(
        formatReferences(
          { style: xml, lang: 'en', entries: load(['refs.bib']), clusters: [cite('c1', 'muller-2020')], idPrefix: 'g-', warnUnused: false, templatesDir: tpl },
          new Reporter(),
        ).entries[0].children,
      );
    expect(run(styleGB)).toMatch(/^Müller, Hans, and-GB Anne Renée\./);
    expect(run(base)).toMatch(/^Müller, Hans, and Anne Renée\./);
  });
});

describe('entries a style prints as nothing', () => {
  const BIB = '@misc{a1, title = {A}, note = {Note A}}\n@misc{a2, title = {B}}\n@misc{a3, title = {C}, note = {Note C}}\n';
  const styleWith = (numeric: boolean) => `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text">
  <info><title>E</title><id>urn:test:empty-${numeric}</id>${numeric ? '<category citation-format="numeric"/>' : ''}<updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="${numeric ? 'citation-number' : 'title'}"/></layout></citation>
  <bibliography><layout><text variable="note"/></layout></bibliography>
</style>`;
  it.each([false, true])('keep every other entry its own text, with a warning at the empty one (numeric: %s)', (numeric) => {
    const reporter = new Reporter();
    const entries = readBibliographies([{ path: 'e.bib', text: BIB }], reporter);
    const r = formatReferences({ style: styleWith(numeric), lang: 'en', entries, clusters: [cite('c1', 'a1', 'a2', 'a3')], idPrefix: 'e-', warnUnused: false }, reporter);
    // citeproc-js drops the empty one from its strings but not its ids: "Note C" went to a2.
    expect(r.entries.map((e) => [e.key, text(e.children)])).toEqual([['a1', 'Note A'], ['a2', ''], ['a3', 'Note C']]);
    expect(JSON.stringify(r)).not.toContain('CSL STYLE ERROR');
    const w = reporter.diagnostics.filter((d) => d.rule === 'bibliography-empty-entry');
    expect(w).toMatchObject([{ severity: 'warning', file: 'e.bib', line: 2 }]);
  });
});
