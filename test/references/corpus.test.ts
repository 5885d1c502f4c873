/**
 * A real public bibliography end to end: biblatex's own biblatex-examples.bib (see the
 * README beside it), every entry cited from one article, built to PDF and EPUB. No entry is
 * dropped, the @set entries print their members, and no raw TeX reaches either output. A
 * second file adds a URL with `\_` beside the file's SICI DOI, for EPUBCheck.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/pipeline/build.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { formatReferences, inlineText, loadStyle, readBibliographies } from '../../src/references/index.js';
import { epubcheck, needTool, pdfText } from '../helpers/tools.js';
import { FIXTURES } from './helpers.js';

const BIB = path.join(FIXTURES, 'biblatex-examples', 'biblatex-examples.bib');
const text = readFileSync(BIB, 'utf8');
const keys = [...text.matchAll(/^@(\w+)\{([^,\s]+),/gm)].filter((m) => m[1].toLowerCase() !== 'string').map((m) => m[2]);
const RAW_TEX = /\\[A-Za-z]+|[{}$]|\\/;

describe('biblatex-examples.bib: reading and formatting', () => {
  const reporter = new Reporter();
  const entries = readBibliographies([{ path: 'biblatex-examples.bib', text }], reporter);

  it('reads all 92 entries without an error', () => {
    expect(keys).toHaveLength(92);
    expect(reporter.errors).toEqual([]);
    expect([...entries.keys()].sort()).toEqual([...keys].sort());
  });

  it('formats every entry with no raw TeX, and prints the sets’ members', () => {
    const r = new Reporter();
    const clusters = keys.map((key, i) => ({ id: `c${i}`, mode: 'parenthetical' as const, items: [{ key, pos: { file: 'a.md', line: 1, column: 1 } }] }));
    const result = formatReferences({ style: loadStyle('baspa-gost'), lang: 'en', entries, clusters, idPrefix: 'r-' }, r);
    expect(r.errors).toEqual([]);
    // The two sets print as their six members; every other entry once.
    expect(result.entries).toHaveLength(90);
    const listed = new Set(result.entries.map((e) => e.key));
    for (const member of ['herrmann', 'aksin', 'yoon', 'glashow', 'weinberg', 'salam']) expect(listed.has(member)).toBe(true);
    for (const e of result.entries) expect(inlineText(e.children), e.key).not.toMatch(RAW_TEX);
    for (const e of result.entries) expect(inlineText(e.children), e.key).not.toMatch(/phdthesis|mathesis|techreport|\bothers\b/);
  });
});

describe('biblatex-examples.bib: built to PDF and EPUB', () => {
  let result: BuildResult;
  let pdf: string;
  let epub: string;

  beforeAll(async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'baspa-corpus-'));
    const dir = path.join(root, 'manuscripts', 'examples');
    mkdirSync(dir, { recursive: true });
    cpSync(BIB, path.join(dir, 'references.bib'));
    writeFileSync(
      path.join(dir, 'links.bib'),
      '@online{underscores,\n  author = {Doe, Jane},\n  title = {A page with underscores},\n  url = {https://example.org/some\\_path/file\\_name.pdf},\n  year = 2020,\n}\n',
    );
    writeFileSync(
      path.join(dir, 'article.md'),
      `---\ntitle: "Every entry of biblatex-examples"\nlang: en\nauthors:\n  - name: "Test Author"\nbibliography: [references.bib, links.bib]\n---\n\nAll of them [${[...keys, 'underscores'].map((k) => `@${k}`).join('; ')}].\n`,
    );
    writeFileSync(path.join(root, 'manuscripts', 'issue.yaml'), 'journal: {title: Test}\nvolume: 1\nnumber: 1\nyear: 2026\narticles: [examples]\n');
    result = await build({ root, out: path.join(root, 'dist'), formats: ['pdf', 'epub'], sourceDateEpoch: 1_764_115_200 });
    pdf = result.outputs.find((f) => f.endsWith('.pdf'))!;
    epub = result.outputs.find((f) => f.endsWith('.epub'))!;
  }, 180_000);

  it('builds without errors', () => {
    expect(result.reporter.errors).toEqual([]);
    expect(pdf).toBeTruthy();
    expect(epub).toBeTruthy();
  });

  it('leaves no raw TeX in the PDF text of the list', () => {
    if (!needTool('pdftotext')) return;
    // Two columns: pdftotext's reading order mixes them, so the whole text is checked.
    const refs = pdfText(pdf);
    expect(refs).toContain('References');
    // SICI DOIs hold < and > but no TeX; braces, dollars and backslashes never appear.
    expect(refs.match(/\\[A-Za-z]+|[{}$\\]/g)).toBeNull();
    const joined = refs.replace(/\s+/g, '');
    expect(joined).toContain('https://example.org/some_path/file_name.pdf');
    // The SICI DOI breaks across lines, where pdftotext may interleave the other column.
    expect(joined).toContain('DOI:10.1002/(SICI)1096-987X(19');
  });

  it('leaves no raw TeX in the EPUB text of the list, and EPUBCheck finds nothing', async () => {
    const zip = await JSZip.loadAsync(readFileSync(epub));
    const pages = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => f.endsWith('.xhtml'))
        .map((f) => zip.file(f)!.async('string')),
    );
    const body = pages.join('\n').replace(/<[^>]+>/g, ' ').replace(/&lt;|&gt;|&amp;|&#\d+;/g, ' ');
    const refs = body.slice(body.indexOf('References'));
    expect(refs).toContain('Sigfridsson');
    expect(refs.match(/\\[A-Za-z]+|[{}$\\]/g)).toBeNull();
    expect(pages.join('\n')).not.toContain('%5C_');
    if (!needTool('java')) return;
    const check = epubcheck(epub);
    expect(check.messages).toEqual([]);
    expect([check.fatal, check.errors, check.warnings]).toEqual([0, 0, 0]);
  }, 120_000);
});
