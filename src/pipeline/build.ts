/**
 * The pipeline: load → parse → resolve → (layout → paint) and (epub). Every stage reports
 * through one Reporter; outputs are written only when no stage reported an error (and,
 * with --strict, no warning), each atomically.
 */
import slugify from 'slugify';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkTemplateLanguages, loadTemplate } from '../config/template.js';
import type { Issue, Lang, SourcePos } from '../document/model.js';
import { resolveIssue } from '../document/resolve/issue.js';
import { loadHighlighter, wantsHighlighter } from '../document/resolve/highlight.js';
import { loadIssue } from '../manuscript/load.js';
import { parseArticle, type ParsedArticle } from '../manuscript/parse.js';
import { BuildError, Reporter } from '../messages/diagnostic.js';
import { loadStyle, setReferencesCacheDir, StyleError } from '../references/index.js';
import { OutputError, writeSet } from './write.js';
import { StageCache } from './cache.js';

const parseCache = new StageCache<ParsedArticle | null>();
import { FontBook } from '../layout/fonts.js';
import { findMissingGlyphs } from '../layout/glyphs.js';
import { findWideFormulas } from '../layout/math-fit.js';
import { describeStrays, findMixedScriptWords } from '../typography/lookalikes.js';

export type Format = 'pdf' | 'epub';
export type Stage = 'load' | 'parse' | 'resolve' | 'layout' | 'paint' | 'epub' | 'write';

export interface BuildOptions {
  /** The project folder holding manuscripts/ and templates/. */
  root: string;
  out: string;
  formats: Format[];
  strict?: boolean;
  /** Only check: stop after resolve (and layout's glyph checks are skipped). */
  checkOnly?: boolean;
  sourceDateEpoch?: number;
  /** Overrides issue.yaml's template (for trying a design). */
  template?: string;
  /** Called as each stage finishes, for progress and timings. */
  onStage?: (stage: Stage, ms: number, detail?: string) => void;
}

export interface BuildResult {
  reporter: Reporter;
  outputs: string[];
  pages: number;
  timings: Partial<Record<Stage, number>>;
  issue?: Issue;
}

/** Where the bundled templates live when a project has none of its own. */
export const BUNDLED_TEMPLATES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../templates');

export function sourceDateEpochFromEnv(): number | undefined {
  const v = process.env.SOURCE_DATE_EPOCH;
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

export async function prepareIssue(opts: BuildOptions, reporter: Reporter, timings: BuildResult['timings']) {
  const stage = <T>(name: Stage, start: number, value: T, detail?: string): T => {
    const ms = performance.now() - start;
    timings[name] = (timings[name] ?? 0) + ms;
    opts.onStage?.(name, ms, detail);
    return value;
  };
  let t0 = performance.now();
  const loaded = await loadIssue(opts.root, reporter);
  if (!loaded) throw new BuildError(reporter.diagnostics);
  stage('load', t0, null, `${loaded.articles.length} articles`);

  t0 = performance.now();
  const parsed: ParsedArticle[] = [];
  for (const a of loaded.articles) {
    const text = String(a.manuscript.value);
    // Re-parse only what changed (watch mode rebuilds in the same process).
    const lang = (loaded.config.value.languages[0] ?? 'en') as 'en' | 'kk' | 'ru';
    const p = parseCache.run([a.manuscript.path, text, lang], reporter, (r) => parseArticle(a, r, lang));
    if (p) parsed.push({ ...p, loaded: a });
  }
  stage('parse', t0, null);
  reporter.throwIfErrors();

  t0 = performance.now();
  const templatesDir = path.join(opts.root, 'templates');
  const templateName = opts.template ?? loaded.config.value.template;
  const template = await loadTemplate(await exists(templatesDir) ? templatesDir : BUNDLED_TEMPLATES, templateName, reporter, loaded.config.at(['template']));
  if (!template || !checkTemplateLanguages(template, loaded.config.value.languages as Lang[], reporter)) throw new BuildError(reporter.diagnostics);
  // A volume's articles are laid out on every core; the workers start now, loading fonts
  // while this thread resolves.
  if (opts.formats.includes('pdf') && !opts.checkOnly) (await import('./layout-pool.js')).LayoutPool.for(template, loaded.articles.length, epubThreads(opts));
  const cslName = loaded.config.value.csl;
  let style: string;
  try {
    // The template's own style goes through loadStyle too: dependent styles, undefined macros.
    style = loadStyle(cslName ?? template.cslPath, (await exists(templatesDir)) ? templatesDir : BUNDLED_TEMPLATES, path.dirname(loaded.issueFile));
  } catch (e) {
    const named = cslName ? loaded.config.at(['csl']) : { file: path.join(template.dir, 'template.yaml') };
    const err = e instanceof StyleError ? e : undefined;
    if (err?.rule === 'style-invalid' || err?.rule === 'style-parent-missing') {
      reporter.error(`CSL style ${cslName ?? template.cslPath}: ${err.message.split('\n')[0]}`, err.rule === 'style-invalid' ? 'csl-invalid' : 'csl-parent-missing', err.pos ?? named);
    } else {
      reporter.error(`CSL style not found: ${cslName ?? template.cslPath} (${(e as Error).message.split('\n')[0]})`, 'csl-missing', named);
    }
    throw new BuildError(reporter.diagnostics);
  }
  // Formatted reference lists are kept between builds in the project (README, "Caches").
  setReferencesCacheDir(path.join(opts.root, '.baspa-cache'));
  // Code fences that name a language are highlighted: lowlight is loaded only for them.
  const highlighter = parsed.some((p) => wantsHighlighter(String(p.loaded.manuscript.value))) ? await loadHighlighter() : undefined;
  const issue = resolveIssue({
    highlighter,
    config: loaded.config,
    issueFile: loaded.issueFile,
    parsed,
    template,
    style,
    issueBibliographies: loaded.bibliographies,
    reporter,
    sourceDateEpoch: opts.sourceDateEpoch,
  });
  stage('resolve', t0, null);
  // The texts as read, so that a message can point at a character, not only at its run.
  const sources = new Map<string, string>();
  for (const a of loaded.articles) {
    sources.set(a.manuscript.path, String(a.manuscript.value));
    for (const b of a.bibliographies) sources.set(b.path, b.text);
  }
  for (const b of loaded.bibliographies) sources.set(b.path, b.text);
  return { issue, template, stage, sources };
}

/** Threads the EPUB keeps busy beside layout: its worker, when the build makes one. */
function epubThreads(opts: BuildOptions): number {
  return opts.formats.includes('epub') ? 1 : 0;
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const reporter = new Reporter();
  const timings: BuildResult['timings'] = {};
  const result: BuildResult = { reporter, outputs: [], pages: 0, timings };
  if (opts.formats.includes('epub') && !opts.checkOnly) {
    // The EPUB worker loads its modules on the other core while this thread parses.
    void import('./epub-thread.js').then(({ startEpubWorker }) => startEpubWorker());
  }
  try {
    const { issue, template, stage, sources } = await prepareIssue(opts, reporter, timings);
    result.issue = issue;
    const fonts = FontBook.shared(template.fonts, template.spacing);
    checkGlyphs(issue, fonts, reporter, sources);
    checkLookalikes(issue, reporter, sources);
    for (const w of findWideFormulas(issue, template, fonts)) {
      reporter.warn(`The formula is wider than the column: set at ${Math.round(w.scale * 100)}% (break it into lines with aligned or multline)`, 'math-too-wide', w.pos);
    }
    reporter.throwIfErrors();
    if (opts.checkOnly) return result;
    if (opts.strict && reporter.warnings.length) return result;

    const date = new Date((opts.sourceDateEpoch ?? Date.parse(`${issue.date}T00:00:00Z`) / 1000) * 1000);
    const name = outputName(issue);
    const files: [string, Uint8Array][] = [];
    let epub: Promise<{ bytes: Uint8Array; ms: number }> | undefined;
    if (opts.formats.includes('epub')) {
      const { renderEpubInBackground } = await import('./epub-thread.js');
      const css = await readFile(template.epubCssPath, 'utf8');
      epub = renderEpubInBackground(issue, {
        css,
        cssFile: template.epubCssPath,
        fonts: [
          { family: 'Baspa Serif', style: 'normal', weight: 400, path: template.fonts.regular },
          { family: 'Baspa Serif', style: 'italic', weight: 400, path: template.fonts.italic },
          { family: 'Baspa Serif', style: 'normal', weight: 700, path: template.fonts.bold },
          { family: 'Baspa Serif', style: 'italic', weight: 700, path: template.fonts.boldItalic },
        ],
        code: {
          fonts: [
            { family: 'Baspa Mono', style: 'normal', weight: 400, path: template.fonts.mono },
            { family: 'Baspa Mono', style: 'italic', weight: 400, path: template.fonts.monoItalic },
            { family: 'Baspa Mono', style: 'normal', weight: 700, path: template.fonts.monoBold },
            { family: 'Baspa Mono', style: 'italic', weight: 700, path: template.fonts.monoBoldItalic },
          ],
          palette: template.code.palette,
        },
        modified: date,
      });
      // A failure is collected below; an unobserved rejection must not end the process first.
      epub.catch(() => undefined);
    }
    if (opts.formats.includes('pdf')) {
      const { layoutIssue } = await import('../layout/index.js');
      const { LayoutPool } = await import('./layout-pool.js');
      const { paintPdf } = await import('../render/pdf/paint.js');
      let t0 = performance.now();
      const pool = LayoutPool.for(template, issue.articles.length, epubThreads(opts));
      const laidOut = pool ? await pool.layout(issue, fonts) : undefined;
      const layout = stage('layout', t0, layoutIssue(issue, template, fonts, laidOut));
      result.pages = layout.pages.length;
      t0 = performance.now();
      // pdfkit opens its own copies of the fonts for each document (fontkit glyph objects
      // shared across documents once carried one document's code points into the next
      // one's ToUnicode map); the glyph runs it draws are layout's, read-only.
      const pdf = await paintPdf(issue, layout, { fonts, date });
      stage('paint', t0, null, `${layout.pages.length} pages`);
      files.push([path.join(opts.out, `${name}.pdf`), pdf]);
    }
    if (epub) {
      const { bytes, ms } = await epub;
      // The time the worker spent on the book (beside layout and paint, on the other core),
      // not the wait for this thread to come and collect it.
      timings.epub = (timings.epub ?? 0) + ms;
      opts.onStage?.('epub', ms);
      files.push([path.join(opts.out, `${name}.epub`), bytes]);
    }
    // Only now, with every output made in memory, is anything written.
    const t0 = performance.now();
    try {
      await writeSet(files);
    } catch (e) {
      if (!(e instanceof OutputError)) throw e;
      reporter.error(e.message, 'output-write', { file: e.file, line: 1, column: 1 });
      return result;
    }
    for (const [file] of files) result.outputs.push(file);
    stage('write', t0, null);
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    // A renderer's own messages (the EPUB's, from its thread) join the build's.
    for (const d of e.diagnostics) if (!reporter.diagnostics.includes(d)) reporter.diagnostics.push(d);
  }
  return result;
}

/**
 * `baspa-sample-journal-1-1-2026`: readable, stable, safe as a file name. A title in
 * Cyrillic is transliterated ("Хабаршы" → `habarshy-3-1-2026`), not dropped.
 */
export function outputName(issue: Issue): string {
  const slug = slugify(issue.journal.shortTitle ?? issue.journal.title, { lower: true, strict: true }) || 'issue';
  return `${slug}-${issue.volume}-${issue.number}-${issue.year}`.replace(/[^a-z0-9.-]+/gi, '-');
}

/**
 * Characters no face of the template can draw are an error at their source position: the
 * first such character of a run of text, found in the file from where the run starts.
 */
function checkGlyphs(issue: Issue, fonts: FontBook, reporter: Reporter, sources: Map<string, string>): void {
  const lineStarts = new Map<string, number[]>();
  for (const m of findMissingGlyphs(issue, fonts)) {
    const names = m.chars.slice(0, 5).map((c) => `‘${c}’ U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    const what = `The template's fonts have no glyph for ${names.join(', ')}${m.chars.length > 5 ? ' …' : ''}`;
    let at = charPos(m.pos, m.chars, sources, lineStarts);
    if (m.entry === undefined) {
      reporter.error(what, 'glyph-missing', at);
      continue;
    }
    // In a reference: name the entry and the field (the one holding the character, or the
    // one whose TeX became it, "$\epsilon$" → ϵ), so the author knows what to change.
    const field = bibField(sources.get(m.pos.file), m.pos, at, lineStarts.get(m.pos.file));
    if (field?.pos) at = field.pos;
    else if (!field) at = m.pos;
    reporter.error(`${what}, in entry ‘${m.entry}’${field ? ` (${field.name})` : ''}`, 'glyph-missing', at);
  }
}

/** Words mixing Latin and Cyrillic letters are a warning at their first place (never changed). */
function checkLookalikes(issue: Issue, reporter: Reporter, sources: Map<string, string>): void {
  const lineStarts = new Map<string, number[]>();
  for (const w of findMixedScriptWords(issue)) {
    const more = w.count > 1 ? ` (${w.count} times in the article)` : '';
    reporter.warn(`‘${w.word}’ mixes Latin and Cyrillic letters: ${describeStrays(w)}${more}`, 'text-mixed-script', charPos(w.pos, [w.word], sources, lineStarts));
  }
}

function charPos(pos: SourcePos, chars: string[], sources: Map<string, string>, cache: Map<string, number[]>): SourcePos {
  const text = sources.get(pos.file);
  if (text === undefined) return pos;
  let starts = cache.get(pos.file);
  if (!starts) {
    starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    cache.set(pos.file, starts);
  }
  const from = (starts[pos.line - 1] ?? 0) + pos.column - 1;
  let at = -1;
  for (const c of chars) {
    const i = text.indexOf(c, from);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) return pos;
  // Binary search for the line holding `at`.
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return { file: pos.file, line: lo + 1, column: at - starts[lo] + 1 };
}

/**
 * The BibTeX field at `at` (where the character was found in the file), or, when the
 * character is not in the file as such, the one field of the entry starting at `entry`
 * that holds TeX (a `$` or a backslash), the likely source of it. Undefined when unsure.
 */
function bibField(text: string | undefined, entry: SourcePos, at: SourcePos, starts: number[] | undefined): { name: string; pos?: SourcePos } | undefined {
  if (text === undefined || !starts) return undefined;
  const offset = (p: SourcePos) => (starts[p.line - 1] ?? 0) + p.column - 1;
  const from = offset(entry);
  const next = text.slice(from + 1).search(/\n\s*@/);
  const block = text.slice(from, next < 0 ? text.length : from + 1 + next + 1);
  const fields = [...block.matchAll(/(?:^|[,{\s])([A-Za-z][\w-]*)\s*=\s*/g)].map((f) => ({ name: f[1].toLowerCase(), start: from + f.index! + f[0].length - f[0].trimStart().length }));
  if (fields.length === 0) return undefined;
  const posOf = (o: number): SourcePos => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= o) line++;
    return { file: entry.file, line: line + 1, column: o - starts[line] + 1 };
  };
  const o = offset(at);
  if (o !== from && o < from + block.length) {
    const f = [...fields].reverse().find((x) => x.start <= o);
    return f ? { name: f.name } : undefined;
  }
  // Not in this entry's text as such (a later entry's was found, or none).
  const tex = fields.filter((f, i) => /[$\\]/.test(text.slice(f.start, i + 1 < fields.length ? fields[i + 1].start : from + block.length)));
  return tex.length === 1 ? { name: tex[0].name, pos: posOf(tex[0].start) } : undefined;
}

async function exists(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
