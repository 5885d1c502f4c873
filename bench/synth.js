/**
 * Synthetic issues for the benchmark, made deterministically from the bundled sample
 * manuscripts: no Math.random, a seeded PRNG (mulberry32), so a given size always gives
 * the same files byte for byte.
 *
 * Article i (0-based) copies sample article i % 2 (the sample's order in issue.yaml, so
 * the volume alternates en / kk), keeps its front matter and its bibliography file, gives
 * it a distinct slug and a title suffix, and shuffles its body blocks (paragraphs and lists,
 * the blank-line separated blocks of the Markdown). Every citation of a synthetic article
 * comes from its own sample article's text, so it only names keys of the bibliography it
 * is shipped with; makeVolume checks that and throws if not.
 */
import { mkdir, mkdtemp, readFile, writeFile, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const SAMPLE_MANUSCRIPTS = path.join(REPO, 'manuscripts');
export const DEFAULT_SEED = 0x6a617a; // any fixed number; "baspa" in spirit

/** mulberry32: a tiny, well-known 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with the given PRNG; returns a new array. */
export function shuffle(items, rand) {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Pandoc-style citation keys in a Markdown body: `[@key]`, `[@key, p. 3]`, `@key`. */
export function citedKeys(markdown) {
  const keys = new Set();
  for (const m of markdown.matchAll(/(?<![\w.@])@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*[A-Za-z0-9_])/g)) keys.add(m[1]);
  return keys;
}

/** Entry keys of a BibTeX file (not @string / @comment / @preamble). */
export function bibtexKeys(bib) {
  const keys = new Set();
  for (const m of bib.matchAll(/^\s*@(\w+)\s*\{\s*([^,\s]+)\s*,/gm)) {
    if (!['string', 'comment', 'preamble'].includes(m[1].toLowerCase())) keys.add(m[2]);
  }
  return keys;
}

function splitFrontMatter(text, file) {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!m) throw new Error(`${file}: no YAML front matter`);
  return { front: YAML.parse(m[1]), body: text.slice(m[0].length) };
}

/** The bundled sample articles, in issue.yaml order, with their body blocks. */
export async function readSample(manuscripts = SAMPLE_MANUSCRIPTS) {
  const issueText = await readFile(path.join(manuscripts, 'issue.yaml'), 'utf8');
  const issue = YAML.parse(issueText);
  const articles = [];
  for (const slug of issue.articles) {
    const dir = path.join(manuscripts, slug);
    const mdFile = path.join(dir, 'article.md');
    const { front, body } = splitFrontMatter((await readFile(mdFile, 'utf8')).replace(/\r\n?/g, '\n'), mdFile);
    const bibName = typeof front.bibliography === 'string' ? front.bibliography : 'references.bib';
    const bib = await readFile(path.join(dir, bibName), 'utf8');
    const blocks = body.split(/\n{2,}/).map((b) => b.trim()).filter(Boolean);
    articles.push({ slug, front, bibName, bib, blocks, keys: bibtexKeys(bib) });
  }
  return { issue, articles };
}

const SUFFIX = { en: (n) => ` (bench No. ${n})`, kk: (n) => ` (бенч № ${n})`, ru: (n) => ` (бенч № ${n})` };

/**
 * Writes a project with `n` synthetic articles into `root` (root/manuscripts/...).
 * Returns a small summary (slugs, languages, citation counts) for the report.
 */
export async function makeVolume(n, root, { seed = DEFAULT_SEED, sample } = {}) {
  const { issue, articles: src } = sample ?? (await readSample());
  const rand = mulberry32(seed ^ Math.imul(n, 0x9e3779b1));
  const manuscripts = path.join(root, 'manuscripts');
  await mkdir(manuscripts, { recursive: true });
  const width = String(n).length;
  const slugs = [];
  const langs = { en: 0, kk: 0, ru: 0 };
  let citations = 0;
  for (let i = 0; i < n; i++) {
    const a = src[i % src.length];
    const no = String(i + 1).padStart(width, '0');
    const slug = `a${no}-${a.slug}`;
    const lang = a.front.lang ?? 'en';
    const suffix = (SUFFIX[lang] ?? SUFFIX.en)(i + 1);
    const front = { ...a.front, title: a.front.title + suffix };
    if (a.front.short_title) front.short_title = a.front.short_title + suffix;
    const body = shuffle(a.blocks, rand).join('\n\n') + '\n';
    const cited = citedKeys(body);
    for (const k of cited) {
      if (!a.keys.has(k)) throw new Error(`synthetic article ${slug} cites @${k}, which is not in its ${a.bibName}`);
    }
    citations += [...body.matchAll(/\[@/g)].length;
    const dir = path.join(manuscripts, slug);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'article.md'), `---\n${YAML.stringify(front, { lineWidth: 0 })}---\n\n${body}`);
    await writeFile(path.join(dir, a.bibName), a.bib);
    slugs.push(slug);
    langs[lang] = (langs[lang] ?? 0) + 1;
  }
  const issueOut = { ...issue, number: n, articles: slugs };
  await writeFile(
    path.join(manuscripts, 'issue.yaml'),
    `# Synthetic benchmark issue: ${n} articles made from the bundled sample (seed ${seed}).\n${YAML.stringify(issueOut, { lineWidth: 0 })}`,
  );
  return { articles: n, slugs: slugs.length, langs, citations, seed };
}

/** A fresh temp folder (caller removes it). */
export function tempDir(prefix = 'baspa-bench-') {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Copies the bundled sample issue (manuscripts/ only) into `root`. */
export async function copySample(root) {
  await cp(SAMPLE_MANUSCRIPTS, path.join(root, 'manuscripts'), { recursive: true });
}
