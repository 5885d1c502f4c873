/**
 * Property tests: random manuscripts made of the Markdown Baspa supports (headings,
 * paragraphs with emphasis, lists, quotes, tables, footnotes, citations to a fixed
 * bibliography, English and Kazakh words, very long words) go through the pipeline.
 *
 * - 300 runs through load, parse, resolve and layout: nothing throws, nothing is an error,
 *   every text item lies on its page and every line within its column, every word is placed.
 * - 30 of them also painted: the PDF passes `qpdf --check` and `pdftotext` gives every word.
 * - 3 of them as EPUBs: EPUBCheck reports no error.
 *
 * Runs are reproducible: the seed is fixed (FC_SEED=… explores others; a failure prints the
 * seed and the shrunk manuscript).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FontBook } from '../../src/layout/fonts.js';
import { layoutIssue } from '../../src/layout/index.js';
import { columnWidth, columnX, textFrame } from '../../src/layout/pages/geometry.js';
import type { TextItem } from '../../src/layout/types.js';
import { scanMarkdown } from '../../src/manuscript/limits.js';
import { parseMarkdown } from '../../src/manuscript/parse.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { build, prepareIssue } from '../../src/pipeline/build.js';
import { epubcheck, needTool, pdfText } from '../helpers/tools.js';
import { normWords } from '../helpers/words.js';

const SEED = Number(process.env.FC_SEED ?? 20261127);
const REPO = path.resolve(__dirname, '../..');
const WORK = mkdtempSync(path.join(tmpdir(), 'baspa-props-'));
// FC_KEEP=1 keeps the projects of failing runs for a look (their folder is in the message).
afterAll(() => (process.env.FC_KEEP ? undefined : rmSync(WORK, { recursive: true, force: true })));

// ---------------------------------------------------------------------------
// Words and a fixed bibliography

const EN = ['cooperation', 'between', 'Kazakhstan', 'and', 'Afghanistan', 'trade', 'education', 'security', 'development', 'humanitarian', 'strategy', 'policy', 'region', 'agreement', 'economic', 'relations', 'commission', 'the', 'of', 'journal', 'printing', 'manuscript', 'language', 'steppe'];
/** Real Kazakh words, hyphenation points removed (the hyphenation fixture's word list). */
const KK = readFileSync(path.join(REPO, 'test/fixtures/kazakh-words/syllables.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => l.split(/\s+/)[0].replace(/-/g, ''))
  .filter((w) => /^\p{L}+$/u.test(w));
const KEYS = ['doe2001', 'roe2010', 'sadykov2015', 'abai1909'];
const BIB = `@book{doe2001,
  author = {Doe, Jane},
  title = {A Book about Printing},
  publisher = {Steppe Press},
  address = {Almaty},
  year = {2001},
  langid = {english}
}
@article{roe2010,
  author = {Roe, Richard and Moe, Mary},
  title = {Journals in Central Asia},
  journal = {Journal of Printing},
  volume = {12},
  number = {3},
  pages = {45--67},
  year = {2010},
  langid = {english}
}
@book{sadykov2015,
  author = {Садықов, Талғат},
  title = {Мәңгілік ел идеясы},
  publisher = {Қазақ университеті},
  address = {Алматы},
  year = {2015},
  langid = {kazakh}
}
@book{abai1909,
  author = {Құнанбайұлы, Абай},
  title = {Қара сөздер},
  publisher = {Баспа},
  address = {Санкт-Петербург},
  year = {1909},
  langid = {kazakh}
}
`;

// ---------------------------------------------------------------------------
// Manuscripts: a small model, printed as Markdown, with the words a reader must find.

type Inline =
  | { t: 'word'; w: string }
  | { t: 'long'; w: string }
  | { t: 'em' | 'strong'; ws: string[] }
  | { t: 'cite'; key: string; form: 'paren' | 'locator' | 'narrative' }
  | { t: 'note'; ws: string[] };
type Block =
  | { t: 'heading'; depth: number; ws: string[] }
  | { t: 'para'; xs: Inline[] }
  | { t: 'list'; ordered: boolean; items: { xs: Inline[]; sub: Inline[][] }[] }
  | { t: 'quote'; paras: Inline[][] }
  | { t: 'table'; rows: string[][] };
interface Manuscript {
  lang: 'en' | 'kk';
  title: string[];
  body: Block[];
}

const wordOf = (lang: 'en' | 'kk') => (lang === 'en' ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...EN) }, { weight: 1, arbitrary: fc.constantFrom(...KK) }) : fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KK) }, { weight: 1, arbitrary: fc.constantFrom(...EN) }));
/** Words of 30 to 300 letters: a Latin letter run with no break point, or agglutinated Kazakh. */
const latinRun = fc.integer({ min: 30, max: 300 }).chain((n) => fc.constantFrom('x', 'q', 'z').map((c) => `A${c.repeat(n - 1)}`));
const kazakhRun = fc.array(fc.constantFrom(...KK), { minLength: 4, maxLength: 30 }).map((ws) => ws.join('').slice(0, 300));
const LONG = /\p{L}{30,}/u;

/**
 * `strict` adds what layout does not handle yet (the skipped test at the end): long
 * Kazakh words, and long words in table cells.
 */
function manuscript(strict = false): fc.Arbitrary<Manuscript> {
  const longWord = strict ? fc.oneof(latinRun, kazakhRun) : latinRun;
  return fc.constantFrom<'en' | 'kk'>('en', 'kk').chain((lang) => {
    const word = wordOf(lang);
    const words = (min: number, max: number) => fc.array(word, { minLength: min, maxLength: max });
    // Cells of one to three words short enough for any cell: in a narrower cell a word set in
    // another language than the article's is broken without a hyphen (see the strict test).
    // Six columns of them are wider than a column, and span the columns.
    const shortWord = strict ? word : word.filter((w) => w.length <= 7);
    const cellWord = fc.array(shortWord, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' '));
    const inline: fc.Arbitrary<Inline> = fc.oneof(
      { weight: 30, arbitrary: word.map((w) => ({ t: 'word' as const, w })) },
      { weight: 1, arbitrary: longWord.map((w) => ({ t: 'long' as const, w })) },
      { weight: 3, arbitrary: fc.record({ t: fc.constantFrom('em' as const, 'strong' as const), ws: words(1, 4) }) },
      { weight: 2, arbitrary: fc.record({ t: fc.constant('cite' as const), key: fc.constantFrom(...KEYS), form: fc.constantFrom('paren' as const, 'locator' as const, 'narrative' as const) }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('note' as const), ws: words(1, 12) }) },
    );
    const inlines = (min: number, max: number) => fc.array(inline, { minLength: min, maxLength: max }).filter((xs) => xs.some((x) => x.t === 'word' || x.t === 'long'));
    const block: fc.Arbitrary<Block> = fc.oneof(
      { weight: 2, arbitrary: fc.record({ t: fc.constant('heading' as const), depth: fc.integer({ min: 1, max: 3 }), ws: words(1, 6) }) },
      { weight: 8, arbitrary: fc.record({ t: fc.constant('para' as const), xs: inlines(1, 80) }) },
      {
        weight: 2,
        arbitrary: fc.record({
          t: fc.constant('list' as const),
          ordered: fc.boolean(),
          items: fc.array(fc.record({ xs: inlines(1, 15), sub: fc.array(inlines(1, 8), { maxLength: 2 }) }), { minLength: 1, maxLength: 5 }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('quote' as const), paras: fc.array(inlines(1, 30), { minLength: 1, maxLength: 2 }) }) },
      {
        weight: 1,
        arbitrary: fc.integer({ min: 2, max: 6 }).chain((cols) =>
          fc.record({ t: fc.constant('table' as const), rows: fc.array(fc.array(cellWord, { minLength: cols, maxLength: cols }), { minLength: 2, maxLength: 5 }) }),
        ),
      },
    );
    return fc.record({ lang: fc.constant(lang), title: words(1, 10), body: fc.array(block, { minLength: 1, maxLength: 8 }) });
  });
}

/** The Markdown of a manuscript, and the words it must put on the page. */
function print(m: Manuscript): { md: string; words: string[]; long: string[] } {
  const words: string[] = [...m.title];
  const long: string[] = [];
  const notes: string[] = [];
  const inline = (xs: Inline[]): string =>
    xs
      .map((x) => {
        switch (x.t) {
          case 'word':
            words.push(x.w);
            return x.w;
          case 'long':
            long.push(x.w);
            return x.w;
          case 'em':
          case 'strong':
            words.push(...x.ws);
            return x.t === 'em' ? `*${x.ws.join(' ')}*` : `**${x.ws.join(' ')}**`;
          case 'cite':
            return x.form === 'paren' ? `[@${x.key}]` : x.form === 'locator' ? `[@${x.key}, p. 12]` : `@${x.key}`;
          case 'note':
            words.push(...x.ws);
            notes.push(x.ws.join(' '));
            return `[^n${notes.length}]`;
        }
      })
      .join(' ');
  const blocks = m.body.map((b) => {
    switch (b.t) {
      case 'heading':
        words.push(...b.ws);
        return `${'#'.repeat(b.depth + 1)} ${b.ws.join(' ')}`;
      case 'para':
        return inline(b.xs);
      case 'list':
        return b.items
          .map((item, i) => {
            const marker = b.ordered ? `${i + 1}. ` : '- ';
            const pad = ' '.repeat(marker.length);
            return [marker + inline(item.xs), ...item.sub.map((xs) => `${pad}- ${inline(xs)}`)].join('\n');
          })
          .join('\n');
      case 'quote':
        return b.paras.map((xs) => `> ${inline(xs)}`).join('\n>\n');
      case 'table':
        b.rows.forEach((r) => words.push(...r));
        return [`| ${b.rows[0].join(' | ')} |`, `|${b.rows[0].map(() => '---|').join('')}`, ...b.rows.slice(1).map((r) => `| ${r.join(' | ')} |`)].join('\n');
    }
  });
  const fm = `---\ntitle: "${m.title.join(' ')}"\nlang: ${m.lang}\nauthors:\n  - "Test Author"\n---\n\n`;
  const md = `${fm}${blocks.join('\n\n')}\n${notes.map((n, i) => `\n[^n${i + 1}]: ${n}\n`).join('')}`;
  return { md, words: normWords(words.join(' ')), long: long.map((w) => normWords(w)[0]) };
}

let runs = 0;
function project(m: Manuscript): { root: string; words: string[]; long: string[] } {
  const root = path.join(WORK, `run-${++runs}`);
  const { md, words, long } = print(m);
  mkdirSync(path.join(root, 'manuscripts/a'), { recursive: true });
  writeFileSync(path.join(root, 'manuscripts/issue.yaml'), 'journal:\n  title: "Property Journal"\nvolume: 1\nnumber: 1\nyear: 2026\nlanguages: [en, kk]\narticles: [a]\n');
  writeFileSync(path.join(root, 'manuscripts/a/article.md'), md);
  writeFileSync(path.join(root, 'manuscripts/a/references.bib'), BIB);
  return { root, words, long };
}

/**
 * Words from `expected` that `text` lacks (as a multiset), and long words not found whole.
 * A word broken at a line's end with a hyphen may go on anywhere later (the next line, the
 * next column at the same height, the next line of a table cell after the other cells), so
 * it counts when pieces ending in a hyphen and a last piece spell it.
 */
function missingWords(expected: string[], long: string[], text: string): string[] {
  const have = new Map<string, number>();
  const prefixes = new Set<string>();
  for (const raw of text.split(/\s+/)) {
    const [w] = normWords(raw);
    if (!w) continue;
    if (/\p{L}-$/u.test(raw)) prefixes.add(w);
    else have.set(w, (have.get(w) ?? 0) + 1);
  }
  const spelled = (w: string, depth = 0): boolean => {
    if ((have.get(w) ?? 0) > 0 && depth > 0) return true;
    for (let k = 1; k < w.length && depth < 8; k++) if (prefixes.has(w.slice(0, k)) && spelled(w.slice(k), depth + 1)) return true;
    return false;
  };
  const missing: string[] = [];
  for (const w of expected) {
    const n = have.get(w) ?? 0;
    if (n > 0) have.set(w, n - 1);
    else if (!spelled(w)) missing.push(w);
  }
  // A long word may be broken anywhere, with or without a hyphen, and other text (notes at
  // a column's foot) may come between its pieces: pieces in order must spell it.
  const tokens = normWords(text);
  for (const w of long) {
    let reach = new Set([0]);
    for (const t of tokens) {
      const next = new Set(reach);
      for (const o of reach) if (w.startsWith(t, o)) next.add(o + t.length);
      reach = next;
    }
    if (!reach.has(w.length)) missing.push(w.length > 40 ? `${w.slice(0, 40)}…` : w);
  }
  return missing;
}

type MdNode = { type: string; children?: MdNode[] };

const errorsOf = (r: Reporter) => r.errors.map((d) => `${path.basename(d.file)}:${d.line}:${d.column}: ${d.message} [${d.rule}]`);

/** Load, parse, resolve and lay out random manuscripts; check the positioned pages. */
async function layoutProperty(strict: boolean, runs: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(manuscript(strict), async (m) => {
      const { root, words, long } = project(m);
      const reporter = new Reporter();
      const { issue, template } = await prepareIssue({ root, out: path.join(root, 'dist'), formats: [] }, reporter, {});
      expect(errorsOf(reporter)).toEqual([]);
      const layout = layoutIssue(issue, template, FontBook.shared(template.fonts, template.spacing));
      const w = columnWidth(template);
      const placed: TextItem[] = [];
      for (const p of layout.pages) {
        for (const i of p.items) {
          if (i.kind !== 'text') continue;
          expect(i.x, i.text).toBeGreaterThanOrEqual(-0.01);
          expect(i.x + i.width, `${root} p.${p.folio}: ${i.text}`).toBeLessThanOrEqual(p.width + 0.01);
          expect(i.y, i.text).toBeGreaterThanOrEqual(0);
          expect(i.y, i.text).toBeLessThanOrEqual(p.height);
          if (!i.artifact) placed.push(i);
        }
        for (const l of p.lines) {
          // A line holding a piece of a long word may pass the column (see the skipped tests).
          if (l.column < 0 || (!strict && LONG.test(l.text))) continue;
          // Hanging punctuation reaches past the column by exactly its protrusion, no more.
          expect(l.x + l.width - (l.protrusion ?? 0), `${root} p.${p.folio}: ${l.text}`).toBeLessThanOrEqual(columnX(template, textFrame(template, p.folio), l.column) + w + 0.01);
        }
      }
      // Pieces of one word set side by side (a style change, a superscript) are joined.
      let text = '';
      let prev: TextItem | undefined;
      for (const i of placed) {
        const touching = prev && Math.abs(prev.y - i.y) < 5 && Math.abs(prev.x + prev.width - i.x) < 0.05;
        text += (touching ? '' : ' ') + i.text;
        prev = i;
      }
      expect(missingWords(words, long, text).join(' '), root).toBe('');
      if (!process.env.FC_KEEP) rmSync(root, { recursive: true, force: true });
    }),
    { numRuns: runs, seed: SEED },
  );
}

/**
 * Paint random manuscripts, all in this process (so the fonts' shaping and subset caches
 * are shared from one PDF to the next); qpdf checks each PDF and pdftotext must give every word.
 */
async function pdfProperty(strict: boolean, runs: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(manuscript(strict), async (m) => {
      const { root, words, long } = project(m);
      const result = await build({ root, out: path.join(root, 'dist'), formats: ['pdf'], sourceDateEpoch: 0 });
      expect(errorsOf(result.reporter)).toEqual([]);
      const pdf = result.outputs[0];
      const check = spawnSync('qpdf', ['--check', pdf], { encoding: 'utf8' });
      expect(check.status, check.stdout + check.stderr).toBe(0);
      // -layout keeps a line's pieces together; the default reading order can join a
      // hyphenated word's first half to the next column's text and drop the hyphen.
      const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      expect(missingWords(words, long, text).join(' '), root).toBe('');
      if (!process.env.FC_KEEP) rmSync(root, { recursive: true, force: true });
    }),
    { numRuns: runs, seed: SEED + 1 },
  );
}

// ---------------------------------------------------------------------------

describe('random manuscripts through the pipeline (fast-check)', () => {
  it('lay out without an exception or an error, inside the page and the column, every word placed (300 runs)', () => layoutProperty(false, 300));

  it('paint PDFs that qpdf accepts and that hold every word (30 runs)', async () => {
    if (!needTool('qpdf') || !needTool('pdftotext')) return;
    await pdfProperty(false, 30);
  });

  it('package EPUBs that pass EPUBCheck (3 runs)', async () => {
    if (!needTool('java') || !needTool('epubcheck')) return;
    await fc.assert(
      fc.asyncProperty(manuscript(), async (m) => {
        const { root } = project(m);
        const result = await build({ root, out: path.join(root, 'dist'), formats: ['epub'], sourceDateEpoch: 0 });
        expect(errorsOf(result.reporter)).toEqual([]);
        const r = epubcheck(result.outputs[0]);
        expect(r.messages).toEqual([]);
        expect(r.fatal + r.errors).toBe(0);
        if (!process.env.FC_KEEP) rmSync(root, { recursive: true, force: true });
      }),
      { numRuns: 3, seed: SEED + 2 },
    );
  });
});

/** Nested lists, quotes and fenced code printed the way authors indent them. */
type Nest = { t: 'p' } | { t: 'fence' } | { t: 'list'; ordered: boolean; items: Nest[][] } | { t: 'quote'; body: Nest[] };
const nest: fc.Memo<Nest> = fc.memo((n) =>
  n <= 1
    ? fc.constantFrom<Nest>({ t: 'p' }, { t: 'fence' })
    : fc.oneof(
        fc.constantFrom<Nest>({ t: 'p' }, { t: 'fence' }),
        fc.record({ t: fc.constant('list' as const), ordered: fc.boolean(), items: fc.array(fc.array(nest(n - 1), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }) }),
        fc.record({ t: fc.constant('quote' as const), body: fc.array(nest(n - 1), { minLength: 1, maxLength: 2 }) }),
      ),
);
function printNest(bs: Nest[], prefix: string): string[] {
  const out: string[] = [];
  bs.forEach((b, k) => {
    if (k > 0) out.push(prefix.trimEnd());
    if (b.t === 'p') out.push(`${prefix}Some *text* here`, `${prefix}and more text.`);
    else if (b.t === 'fence') out.push(`${prefix}\`\`\``, `${prefix}- not a list`, `${prefix}  > nor a quote`, `${prefix}\`\`\``);
    else if (b.t === 'quote') out.push(...printNest(b.body, `${prefix}> `));
    else
      b.items.forEach((item, i) => {
        const marker = b.ordered ? `${i + 1}. ` : '- ';
        const inner = printNest(item, prefix + ' '.repeat(marker.length));
        inner[0] = prefix + marker + inner[0].slice(prefix.length + marker.length);
        out.push(...inner);
      });
  });
  return out;
}

describe('the input limits scanner', () => {
  it('counts the depth and number of lists and quotes exactly as remark parses them (300 runs)', () => {
    fc.assert(
      fc.property(fc.array(nest(6), { minLength: 1, maxLength: 3 }), (bs) => {
        const md = `${printNest(bs, '').join('\n')}\n`;
        let depth = 0;
        let count = 0;
        const stack: [MdNode, number][] = [[parseMarkdown(md), 0]];
        while (stack.length) {
          const [node, d] = stack.pop()!;
          const container = node.type === 'blockquote' || node.type === 'listItem';
          if (container) count++;
          depth = Math.max(depth, d + (container ? 1 : 0));
          for (const c of node.children ?? []) stack.push([c, d + (container ? 1 : 0)]);
        }
        const scan = scanMarkdown(md);
        expect({ depth: scan.maxDepth, count: scan.containers }, md).toEqual({ depth, count });
      }),
      { numRuns: 300, seed: SEED + 3 },
    );
  });
});

describe('layout and painter edge cases', () => {
  it('a run-on string that opens an indented paragraph stays inside the column', async () => {
    const reporter = new Reporter();
    const { root } = project({ lang: 'en', title: ['steppe'], body: [{ t: 'para', xs: [{ t: 'word', w: 'trade' }] }, { t: 'para', xs: [{ t: 'long', w: `A${'x'.repeat(119)}` }] }] });
    const { issue, template } = await prepareIssue({ root, out: '', formats: [] }, reporter, {});
    const layout = layoutIssue(issue, template, FontBook.shared(template.fonts, template.spacing));
    for (const p of layout.pages) for (const l of p.lines) if (l.column >= 0) expect(l.x + l.width, l.text).toBeLessThanOrEqual(columnX(template, textFrame(template, p.folio), l.column) + columnWidth(template) + 0.01);
  });

  it('a second PDF built in the same process keeps its text (‘і’ U+0456 in the first, Latin ‘i’ in the second)', async () => {
    if (!needTool('pdftotext')) return;
    const first = project({ lang: 'kk', title: ['білім'], body: [{ t: 'para', xs: [{ t: 'word', w: 'кітап' }] }] });
    await build({ root: first.root, out: path.join(first.root, 'dist'), formats: ['pdf'], sourceDateEpoch: 0 });
    const second = project({ lang: 'en', title: ['cooperation'], body: [{ t: 'para', xs: [{ t: 'word', w: 'cooperation' }] }] });
    const r = await build({ root: second.root, out: path.join(second.root, 'dist'), formats: ['pdf'], sourceDateEpoch: 0 });
    expect(normWords(pdfText(r.outputs[0]))).toContain('cooperation');
  });

  it('sets a footnote called from inside another footnote at the same foot, after it', async () => {
    const { root } = project({ lang: 'en', title: ['steppe'], body: [{ t: 'para', xs: [{ t: 'word', w: 'trade' }] }] });
    writeFileSync(path.join(root, 'manuscripts/a/article.md'), '---\ntitle: "Notes"\nlang: en\n---\n\nText.[^a]\n\n[^a]: First note, calling another.[^b]\n\n[^b]: Second note.\n');
    const reporter = new Reporter();
    const { issue, template } = await prepareIssue({ root, out: '', formats: [] }, reporter, {});
    expect(issue.articles[0].notes.map((n) => n.label)).toEqual(['1', '2']);
    const layout = layoutIssue(issue, template, FontBook.shared(template.fonts, template.spacing));
    const text = layout.pages.flatMap((p) => p.items.filter((i): i is TextItem => i.kind === 'text').map((i) => i.text)).join(' ');
    expect(text).toContain('Second');
    const pageOf = (name: string) => layout.pages.findIndex((p) => p.items.some((i) => i.kind === 'anchor' && i.name === name));
    const [outer, inner] = issue.articles[0].notes;
    expect(pageOf(inner.id)).toBe(pageOf(outer.id));
  });
});

/**
 * What layout does not do yet: a word of 30 to 300 letters in a narrow table cell or
 * column can pass its edge by a fraction of a point. The property as it should hold;
 * FC_STRICT=1 runs it.
 */
describe.skipIf(!process.env.FC_STRICT)('known layout gap (FC_STRICT=1)', () => {
  it('long Kazakh words, and long words in table cells: every line inside its column, every word placed whole', () => layoutProperty(true, 300));
});
