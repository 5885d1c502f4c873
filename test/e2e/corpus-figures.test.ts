/**
 * Real papers (../shared/corpus/joss, JOSS papers as published): every word of every
 * figure caption is printed in the PDF and written in the EPUB, and the citations in the
 * captions bring their entries into the reference list. Skipped when the corpus is not
 * beside the repository (it is not part of it).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync, cpSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import { needTool, pdfText } from '../helpers/tools.js';
import { normWords } from '../helpers/words.js';

const REPO = path.resolve(__dirname, '../..');
const CORPUS = [path.resolve(REPO, '../shared/corpus/joss'), path.resolve(REPO, '../../shared/corpus/joss')].find((d) => existsSync(d));

/** The alt texts of the paper's images, as the source writes them. */
function captions(md: string): string[] {
  const out: string[] = [];
  for (let i = md.indexOf('!['); i >= 0; i = md.indexOf('![', i + 2)) {
    let depth = 0;
    let j = i + 2;
    for (; j < md.length; j++) {
      if (md[j] === '\\') j++;
      else if (md[j] === '[') depth++;
      else if (md[j] === ']' && depth-- === 0) break;
    }
    out.push(md.slice(i + 2, j));
  }
  return out;
}

/** Caption words a reader must find: TeX labels, citations and math left out (other parts of the build set those). */
function captionWords(md: string): string[] {
  const text = captions(md)
    .join(' ')
    .replace(/\\label\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*@[^\]]*\]/g, ' ')
    // Formulas, paired left to right, are the math part's to print, and so is a word glued
    // to one ("$H(\mathrm{curl})$-conforming" copies out as one token).
    .replace(/\$[^$]+\$/g, '\u0001')
    .replace(/\S*\u0001\S*/g, ' ');
  return normWords(text);
}

/**
 * A copy of the paper as an issue. Its JOSS front matter is replaced by a minimal one of
 * the same title when today's schema refuses it (the front-matter work of issue 13 makes
 * it load as published).
 */
async function paperIssue(name: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), `baspa-corpus-${name}-`));
  cpSync(path.join(CORPUS!, name), path.join(dir, 'manuscripts', name), { recursive: true });
  writeFileSync(path.join(dir, 'manuscripts/issue.yaml'), `journal: {title: Test}\nvolume: 1\nnumber: 1\nyear: 2026\narticles: [${name}]\n`);
  const check = await build({ root: dir, out: path.join(dir, 'dist'), formats: [], checkOnly: true });
  if (check.reporter.errors.some((e) => e.rule.startsWith('front-matter') || e.rule.startsWith('config') || e.rule === 'article-manuscript-count' || e.rule === 'yaml-schema')) {
    const md = readdirSync(path.join(dir, 'manuscripts', name)).find((f) => f.endsWith('.md'))!;
    const file = path.join(dir, 'manuscripts', name, md);
    const src = readFileSync(file, 'utf8');
    const end = src.indexOf('\n---', 4);
    const title = /^title:\s*(.*)$/m.exec(src.slice(0, end))![1].trim().replace(/^["']|["']$/g, '');
    const bib = /^bibliography:\s*(.*)$/m.exec(src.slice(0, end))?.[1].trim();
    writeFileSync(file, `---\ntitle: ${JSON.stringify(title)}\nlang: en\nauthors: [Corpus Author]\n${bib ? `bibliography: ${bib}\n` : ''}---${src.slice(end + 4)}`);
  }
  return dir;
}

describe.skipIf(!CORPUS)('figure captions of real papers', () => {
  for (const name of ['fastpli', 'scikit-fem']) {
    it(`prints every caption word of ${name} in the PDF and the EPUB`, async () => {
      if (!needTool('pdftotext')) return;
      const dir = await paperIssue(name);
      const r = await build({ root: dir, out: path.join(dir, 'dist'), formats: ['pdf', 'epub'], sourceDateEpoch: 0 });
      expect(r.reporter.errors).toEqual([]);
      // A caption's citations are cited: no entry they name is reported as unused.
      const md = readFileSync(path.join(CORPUS!, name, 'paper.md'), 'utf8');
      const captionKeys = [...captions(md).join(' ').matchAll(/@([\w:-]+)/g)].map((m) => m[1]);
      for (const key of captionKeys) expect(r.reporter.warnings.map((w) => w.message).join('\n')).not.toContain(`‘${key}’ is never cited`);
      const words = captionWords(md);
      expect(words.length).toBeGreaterThan(20);
      // Raw `\label{…}` (set apart by the raw-TeX part of the build) must not hide the word before it.
      const untex = (t: string) => t.replace(/\\label\{[^}]*\}/g, ' ');
      const pdf = new Set(normWords(untex(pdfText(r.outputs[0]).replace(/-\n/g, ''))));
      expect(words.filter((w) => !pdf.has(w))).toEqual([]);
      const zip = await JSZip.loadAsync(readFileSync(r.outputs[1]));
      const xhtml = (await Promise.all(Object.keys(zip.files).filter((f) => f.endsWith('.xhtml')).map((f) => zip.file(f)!.async('string')))).join(' ');
      const figcaptions = [...xhtml.matchAll(/<figcaption>([\s\S]*?)<\/figcaption>/g)].map((m) => m[1]).join(' ');
      const epub = new Set(normWords(untex(figcaptions.replace(/<[^>]+>/g, '').replace(/&[a-z]+;/g, ' '))));
      expect(words.filter((w) => !epub.has(w))).toEqual([]);
      expect([...xhtml.matchAll(/<figure /g)].length).toBe(captions(md).length);
    }, 180_000);
  }
});
