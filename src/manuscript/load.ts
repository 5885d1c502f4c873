/**
 * Load: read `issue.yaml` and every article folder into memory. Nothing is parsed here but
 * the issue file; text is checked to be UTF-8, the BOM dropped and line ends made LF.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { ARTICLE_SLUG, defaultYear, issueSchema, type IssueConfig } from '../config/issue.js';
import { readYaml, type Located } from '../config/yaml.js';
import type { Reporter } from '../messages/diagnostic.js';
import { MAX_FILE_BYTES, readInside } from './input.js';

export { MAX_FILE_BYTES };

export const BIBLIOGRAPHY_EXTENSIONS = ['.bib', '.ris', '.json', '.yaml', '.yml'];

export interface TextFile {
  path: string;
  text: string;
}

export interface LoadedArticle {
  slug: string;
  dir: string;
  manuscript: VFile;
  bibliographies: TextFile[];
}

export interface LoadedIssue {
  root: string;
  issueFile: string;
  config: Located<IssueConfig>;
  articles: LoadedArticle[];
  /** The issue-wide bibliography named in issue.yaml, if any. */
  bibliographies: TextFile[];
}

/**
 * Reads a text file as UTF-8 through the input boundary (input.ts): it must lie inside
 * `root`. Other encodings and NUL bytes are refused with a message.
 */
export async function readText(file: string, reporter: Reporter, root: string): Promise<string | null> {
  const read = readInside(file, root);
  if ('refused' in read) {
    reporter.error(read.refused.message, read.refused.rule, { file });
    return null;
  }
  const bytes = read.bytes;
  const wide = wideEncoding(bytes);
  if (wide) {
    reporter.error(`File is ${wide}, not UTF-8 (save it as UTF-8)`, 'input-encoding', { file, line: 1, column: 1 });
    return null;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    reporter.error('File is not valid UTF-8 (save it as UTF-8)', 'input-encoding', { file, ...at });
    return null;
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    reporter.error('File contains a NUL byte', 'input-nul', { file, ...lineColumn(text, nul) });
    return null;
  }
  // Editors on Windows save a BOM and CRLF; both are only encoding noise.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.replace(/\r\n?/g, '\n');
}

/**
 * UTF-16 and UTF-32, by their byte-order mark or, without one, by the zero bytes every
 * ASCII character brings: named, so that an editor knows what to change.
 */
export function wideEncoding(b: Uint8Array): string | null {
  if (b[0] === 0x00 && b[1] === 0x00 && b[2] === 0xfe && b[3] === 0xff) return 'UTF-32 (big-endian)';
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0x00 && b[3] === 0x00) return 'UTF-32 (little-endian)';
  if (b[0] === 0xfe && b[1] === 0xff) return 'UTF-16 (big-endian)';
  if (b[0] === 0xff && b[1] === 0xfe) return 'UTF-16 (little-endian)';
  const n = Math.min(b.length, 4096) & ~3;
  if (n < 8) return null;
  let even = 0;
  let odd = 0;
  let quad = 0;
  for (let i = 0; i < n; i += 4) {
    for (let k = 0; k < 4; k++) if (b[i + k] === 0) (k % 2 === 0 ? even++ : odd++);
    if (b[i + 1] === 0 && b[i + 2] === 0 && b[i + 3] === 0 && b[i] !== 0) quad++;
  }
  if (quad > n / 4 / 2) return 'UTF-32 (little-endian)';
  if (odd > n / 4 && even < n / 40) return 'UTF-16 (little-endian)';
  if (even > n / 4 && odd < n / 40) return 'UTF-16 (big-endian)';
  return null;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

function firstInvalidUtf8(bytes: Buffer): { line: number; column: number } {
  const at = firstInvalidByte(bytes);
  let prefix = new TextDecoder('utf-8').decode(bytes.subarray(0, Math.max(0, at)));
  if (prefix.charCodeAt(0) === 0xfeff) prefix = prefix.slice(1);
  return lineColumn(prefix + ' ', prefix.length);
}

/** Offset of the first byte that does not begin a well-formed UTF-8 sequence (RFC 3629), or -1. */
export function firstInvalidByte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0 || i + n >= b.length) return i;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (b[i + 1] < lo || b[i + 1] > hi) return i;
    for (let k = 2; k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}

async function isInside(root: string, target: string): Promise<boolean> {
  try {
    const real = await realpath(target);
    const realRoot = await realpath(root);
    // Strictly inside: a link back to manuscripts/ itself is a loop, not an article.
    return real.startsWith(realRoot + path.sep);
  } catch {
    return false;
  }
}

/** The folders of manuscripts/ that hold a Markdown file, by name: the default article order. */
async function articleFolders(manuscripts: string): Promise<string[]> {
  const found: string[] = [];
  for (const e of await readdir(manuscripts, { withFileTypes: true })) {
    if (!e.isDirectory() || !ARTICLE_SLUG.test(e.name)) continue;
    try {
      if ((await readdir(path.join(manuscripts, e.name))).some((f) => f.endsWith('.md'))) found.push(e.name);
    } catch {
      /* an unreadable folder is no article */
    }
  }
  return found.sort();
}

export async function loadIssue(root: string, reporter: Reporter): Promise<LoadedIssue | null> {
  const manuscripts = path.join(root, 'manuscripts');
  const issueFile = path.join(manuscripts, 'issue.yaml');
  const text = await readText(issueFile, reporter, manuscripts);
  if (text === null) return null;
  const raw = readYaml({ file: issueFile, text }, issueSchema, reporter);
  if (!raw) return null;
  const articleList = raw.value.articles ?? (await articleFolders(manuscripts));
  if (articleList.length === 0) {
    reporter.error('No articles: list them under ‘articles’, or put each in a folder of manuscripts/ with its Markdown file', 'issue-no-articles', raw.at([]));
    return null;
  }
  const config: Located<IssueConfig> = {
    value: { ...raw.value, journal: raw.value.journal ?? { title: path.basename(path.resolve(root)) }, year: raw.value.year ?? defaultYear(raw.value, process.env.SOURCE_DATE_EPOCH), articles: articleList },
    at: raw.at,
  };

  const articles: LoadedArticle[] = [];
  const seen = new Map<string, number>();
  for (const [i, slug] of config.value.articles.entries()) {
    const at = config.at(['articles', i]);
    if (seen.has(slug)) {
      reporter.error(`Article ‘${slug}’ is listed twice`, 'issue-duplicate-article', at);
      continue;
    }
    seen.set(slug, i);
    const dir = path.join(manuscripts, slug);
    let isDir = false;
    try {
      isDir = (await stat(dir)).isDirectory();
    } catch {
      /* reported below */
    }
    if (!isDir) {
      reporter.error(`Article folder not found: manuscripts/${slug}/`, 'issue-missing-article', at);
      continue;
    }
    // A symlink that leads out of manuscripts/ (or round in a loop) is not an article.
    if (!(await isInside(manuscripts, dir))) {
      reporter.error(`Article folder ‘${slug}’ lies outside manuscripts/ or is a link loop`, 'issue-article-outside', at);
      continue;
    }
    const entries = (await readdir(dir)).sort();
    // The article is the folder's one Markdown file, whatever its name (paper.md, index.md);
    // a README.md beside it, as in a paper's repository, is not the article.
    const all = entries.filter((f) => f.toLowerCase().endsWith('.md'));
    const mds = all.length > 1 ? all.filter((f) => !/^readme\.md$/i.test(f)) : all;
    if (mds.length !== 1) {
      reporter.error(
        mds.length === 0
          ? `No Markdown file in manuscripts/${slug}/`
          : `More than one Markdown file in manuscripts/${slug}/: ${mds.join(', ')}; keep only the article (${mds.find((f) => /^(paper|article|index)\.md$/i.test(f)) ?? mds[0]}?) and rename the others (e.g. to .txt)`,
        'article-manuscript-count',
        at,
      );
      continue;
    }
    const mdPath = path.join(dir, mds[0]);
    const mdText = await readText(mdPath, reporter, dir);
    if (mdText === null) continue;
    const bibliographies: TextFile[] = [];
    for (const f of entries) {
      if (!BIBLIOGRAPHY_EXTENSIONS.includes(path.extname(f).toLowerCase())) continue;
      const p = path.join(dir, f);
      // A folder that happens to end in .json is no bibliography; anything else goes through
      // the input boundary, which names a link loop, a link out of the folder or a device.
      try {
        if ((await stat(p)).isDirectory()) continue;
      } catch {
        /* reported by readText */
      }
      const t = await readText(p, reporter, dir);
      if (t !== null) bibliographies.push({ path: p, text: t });
    }
    articles.push({ slug, dir, manuscript: new VFile({ path: mdPath, value: mdText }), bibliographies });
  }

  const bibliographies: TextFile[] = [];
  if (config.value.bibliography) {
    const p = path.resolve(manuscripts, config.value.bibliography);
    if (!(await isInside(manuscripts, p))) {
      reporter.error(`Issue bibliography not found inside manuscripts/: ${config.value.bibliography}`, 'issue-bibliography', config.at(['bibliography']));
    } else {
      const t = await readText(p, reporter, manuscripts);
      if (t !== null) bibliographies.push({ path: p, text: t });
    }
  }
  return { root, issueFile, config, articles, bibliographies };
}
