/**
 * End to end on the bundled issue: build into a temp folder, then read the PDF and the
 * EPUB back as a reader's tools would and check every manuscript word, the Kazakh
 * letters, the navigation, EPUBCheck and byte-for-byte reproducibility.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/pipeline/build.js';
import { epubcheck, needTool, pdfText } from '../helpers/tools.js';
import { inOrderShare, joinHyphenated, manuscriptWords, normWords } from '../helpers/words.js';

const ROOT = path.resolve(__dirname, '../..');
const EPOCH = 1_764_115_200; // 2025-11-26
const articles = ['kazakhstan-afghanistan', 'mangilik-el'].map((slug) => path.join(ROOT, 'manuscripts', slug, 'article.md'));

let out: string;
let result: BuildResult;
let pdf: string;
let epub: string;

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'baspa-e2e-'));
  result = await build({ root: ROOT, out, formats: ['pdf', 'epub'], sourceDateEpoch: EPOCH });
  pdf = result.outputs.find((f) => f.endsWith('.pdf'))!;
  epub = result.outputs.find((f) => f.endsWith('.epub'))!;
});

describe('the bundled issue', () => {
  it('builds without errors', () => {
    expect(result.reporter.errors).toEqual([]);
    expect(readdirSync(out).sort()).toEqual([path.basename(epub), path.basename(pdf)].sort());
  });

  it('puts every word of both manuscripts, in order, into the PDF', () => {
    if (!needTool('pdftotext')) return;
    const words = normWords(joinHyphenated(pdfText(pdf)));
    for (const md of articles) {
      const { share, missing } = inOrderShare(manuscriptWords(md), words);
      expect(missing.slice(0, 10), md).toEqual([]);
      expect(share).toBe(1);
    }
  });

  it('embeds subset fonts and gives the Kazakh letters back exactly', () => {
    if (!needTool('pdffonts')) return;
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const row of fonts) {
      expect(row).toMatch(/\+/); // subset tag
      expect(row).toMatch(/yes\s+yes\s+yes/); // embedded, subset, ToUnicode
    }
    const text = pdfText(pdf);
    expect(text).not.toContain('\ufffd');
    // Every Kazakh-specific letter the manuscript uses comes back as itself.
    const kazakh = [...new Set(readFileSync(articles[1], 'utf8'))].filter((c) => 'ӘәҒғҚқҢңӨөҰұҮүҺһІі'.includes(c));
    expect(kazakh.length).toBeGreaterThan(10);
    for (const ch of kazakh) expect(text, ch).toContain(ch);
    expect(text).toContain('Мәңгілік');
  });

  it('puts every word into the EPUB, with both articles in the navigation', async () => {
    const zip = await JSZip.loadAsync(readFileSync(epub));
    const names = Object.keys(zip.files);
    const xhtml = await Promise.all(names.filter((n) => n.endsWith('.xhtml')).sort().map((n) => zip.file(n)!.async('string')));
    const nav = xhtml.find((x) => /epub:type="toc"/.test(x))!;
    expect(nav).toContain('Development of Kazakhstani relations with Afghanistan');
    expect(nav).toContain('идеясының');
    const body = xhtml.filter((x) => x !== nav).map((x) => x.replace(/<[^>]+>/g, ' ')).join(' ');
    const words = normWords(body.replace(/&[a-z]+;/g, ' '));
    for (const md of articles) {
      const { missing } = inOrderShare(manuscriptWords(md), words);
      expect(missing.slice(0, 10), md).toEqual([]);
    }
    const kk = xhtml.find((x) => x.includes('Мәңгілік'))!;
    expect(kk).toMatch(/<html[^>]*\slang="kk"/);
    expect(kk).toMatch(/<html[^>]*\sxml:lang="kk"/);
  });

  it('passes EPUBCheck with no errors and no warnings', () => {
    if (!needTool('java') || !needTool('epubcheck')) return;
    const r = epubcheck(epub);
    expect(r.messages).toEqual([]);
    expect(r.fatal + r.errors + r.warnings).toBe(0);
  });

  it('gives byte-identical outputs when built again elsewhere with the same SOURCE_DATE_EPOCH', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'baspa-copy-'));
    cpSync(path.join(ROOT, 'manuscripts'), path.join(copy, 'manuscripts'), { recursive: true });
    const again = await build({ root: copy, out: path.join(copy, 'dist'), formats: ['pdf', 'epub'], sourceDateEpoch: EPOCH });
    expect(again.reporter.errors).toEqual([]);
    for (const f of again.outputs) {
      const twin = path.join(out, path.basename(f));
      expect(readFileSync(f).equals(readFileSync(twin)), path.basename(f)).toBe(true);
    }
  });
});
