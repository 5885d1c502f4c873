#!/usr/bin/env node
/**
 * One benchmark case in its own process, so its peak RSS is its own:
 *
 *   node bench/one.js sample      the bundled sample issue (copied to a temp project)
 *   node bench/one.js <N>         a synthetic volume of N articles (bench/synth.js)
 *   node bench/one.js <N> --keep  ... and keep the temp project (its path is in the JSON)
 *
 * Builds in-process with build({ root, out, formats: ['pdf', 'epub'], sourceDateEpoch })
 * from ../lib (run `npm run compile` first) and prints one line of JSON on stdout:
 * stage timings, total wall time of the build() call, pages, pages/s and
 * process.resourceUsage().maxRSS read right after the build. Checks that are not part of
 * the measurement (diagnostics, output sizes, whether the contents page holds every row)
 * run only after maxRSS has been read. Progress goes to stderr.
 */
import { rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SOURCE_DATE_EPOCH } from './constants.js';
import { copySample, makeVolume, REPO, tempDir } from './synth.js';
const STAGES = ['load', 'parse', 'resolve', 'layout', 'paint', 'epub', 'write'];

const arg = process.argv[2];
const keep = process.argv.includes('--keep') || !!process.env.BASPA_BENCH_KEEP;
if (!arg || (arg !== 'sample' && !/^[1-9]\d*$/.test(arg))) {
  process.stderr.write('usage: node bench/one.js sample|<articles> [--keep]\n');
  process.exit(2);
}
const log = (s) => process.stderr.write(`[one ${arg}] ${s}\n`);

const tImport = performance.now();
const { build } = await import(path.join(REPO, 'lib/pipeline/build.js'));
const importMs = performance.now() - tImport;

const root = await tempDir(`baspa-bench-${arg}-`);
const out = path.join(root, 'dist');
const tGen = performance.now();
const generated = arg === 'sample' ? (await copySample(root), { articles: 2, source: 'manuscripts/' }) : await makeVolume(Number(arg), root);
const genMs = performance.now() - tGen;
log(`project in ${root} (${genMs.toFixed(0)} ms to write); building…`);

const timings = {};
let result;
let error;
const loadBefore = os.loadavg()[0];
const cpu0 = process.cpuUsage();
const t0 = performance.now();
try {
  result = await build({
    root,
    out,
    formats: ['pdf', 'epub'],
    sourceDateEpoch: SOURCE_DATE_EPOCH,
    onStage: (stage, ms, detail) => {
      timings[stage] = (timings[stage] ?? 0) + ms;
      log(`${stage.padEnd(7)} ${ms.toFixed(0).padStart(7)} ms${detail ? `  ${detail}` : ''}`);
    },
  });
} catch (e) {
  error = e;
}
const totalMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
// Peak RSS of this process so far (kilobytes on every platform Node supports).
const maxRssBytes = process.resourceUsage().maxRSS * 1024;

// ---- Everything below is outside the measurement. ----
const report = {
  case: arg === 'sample' ? 'sample' : `${arg} articles`,
  size: arg === 'sample' ? 'sample' : Number(arg),
  articles: generated.articles,
  ok: !error && !!result && result.outputs.length === 2,
  pages: result?.pages ?? 0,
  totalMs,
  stagesMs: Object.fromEntries(STAGES.map((s) => [s, timings[s] ?? null])),
  // Time in build() outside the timed stages: glyph check, FontBook, lazy imports of layout/paint/epub.
  // The EPUB is made on the other core beside layout and paint: only the longer of the two counts.
  otherMs: totalMs - ['load', 'parse', 'resolve', 'write'].reduce((sum, s) => sum + (timings[s] ?? 0), 0) - Math.max((timings.layout ?? 0) + (timings.paint ?? 0), timings.epub ?? 0),
  // CPU time of this process during build() (user + system, all threads): less sensitive
  // than wall time to other load on the machine (loadavg is recorded for that reason).
  cpuMs: (cpu.user + cpu.system) / 1000,
  loadavg1: { before: loadBefore, after: os.loadavg()[0] },
  pagesPerSecond: result?.pages ? result.pages / (totalMs / 1000) : 0,
  maxRssBytes,
  maxRssMB: maxRssBytes / 1048576,
  importMs,
  generateMs: genMs,
  generated,
  node: process.version,
};

if (error) {
  report.error = { message: String(error?.message ?? error).split('\n')[0], stack: String(error?.stack ?? '') };
}
if (result) {
  const diags = result.reporter.diagnostics;
  const byRule = {};
  for (const d of diags) {
    const key = `${d.severity}:${d.rule}`;
    byRule[key] = (byRule[key] ?? 0) + 1;
  }
  report.diagnostics = {
    errors: result.reporter.errors.length,
    warnings: result.reporter.warnings.length,
    byRule,
    first: diags.slice(0, 5).map((d) => `${path.relative(root, d.file)}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.rule}]`),
  };
  report.outputs = {};
  for (const f of result.outputs) report.outputs[path.basename(f)] = (await stat(f)).size;
  if (result.issue) {
    try {
      report.contents = await checkContents(root, result.issue);
    } catch (e) {
      report.contents = { error: String(e?.message ?? e) };
    }
  }
}
if (keep) report.project = root;
else await rm(root, { recursive: true, force: true });

process.stdout.write(JSON.stringify(report) + '\n');
process.exitCode = report.ok ? 0 : 1;

/**
 * Lays out the contents alone (with the library's own contentsPages, as layoutIssue does)
 * and counts the rows whose box leaves the text frame of their page.
 */
async function checkContents(projectRoot, issue) {
  const lib = (p) => path.join(REPO, 'lib', p);
  const { loadTemplate } = await import(lib('config/template.js'));
  const { BUNDLED_TEMPLATES } = await import(lib('pipeline/build.js'));
  const { Reporter } = await import(lib('messages/diagnostic.js'));
  const { FontBook } = await import(lib('layout/fonts.js'));
  const { Structure } = await import(lib('layout/structure.js'));
  const { contentsPages } = await import(lib('layout/pages/front.js'));
  const { textFrame } = await import(lib('layout/pages/geometry.js'));
  const reporter = new Reporter();
  // The bench projects have no templates/ of their own and keep issue.yaml's template.
  const { default: YAML } = await import('yaml');
  const { readFile } = await import('node:fs/promises');
  const name = YAML.parse(await readFile(path.join(projectRoot, 'manuscripts/issue.yaml'), 'utf8')).template ?? 'journal';
  const template = await loadTemplate(BUNDLED_TEMPLATES, name, reporter, { file: path.join(projectRoot, 'manuscripts/issue.yaml'), line: 1, column: 1 });
  if (!template) return { error: 'template did not load' };
  const fonts = FontBook.shared(template.fonts, template.spacing);
  const structure = new Structure();
  const docRoot = structure.add('Document', null, { lang: issue.langs[0], title: issue.journal.title });
  const rows = issue.articles.map((a) => ({ slug: a.slug, first: 999 }));
  const pages = contentsPages(issue, rows, template, fonts, structure, docRoot, 2);
  let rowsSeen = 0;
  let pastFrame = 0;
  for (const page of pages) {
    const frame = textFrame(template, page.folio);
    const links = page.items.filter((i) => i.kind === 'link');
    rowsSeen += links.length;
    pastFrame += links.filter((l) => l.y + l.height > frame.y + frame.height + template.styles.contents.leading).length;
  }
  return { rows: rowsSeen, pages: pages.length, fitting: rowsSeen - pastFrame, pastTextFrame: pastFrame };
}
