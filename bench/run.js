#!/usr/bin/env node
/**
 * `npm run bench` (after `npm run -s compile`): Baspa's benchmark runner.
 *
 *   node bench/run.js [--sizes 10,50,200] [--no-sample] [--cli-runs 3] [--out bench/results.json]
 *   node bench/run.js --report [bench/results.json] [--write]   reprint a saved run
 *   node bench/run.js --vs [--runs 5]   Baspa against pandoc and Typst (bench/vs.js)
 *
 * 1. A cold `baspa build` of the sample issue from the shell (fresh node processes on a
 *    temp copy), target < 1.0 s.
 * 2. The sample issue and synthetic volumes of 10, 50 and 200 articles (bench/synth.js),
 *    each built in-process in its own child (bench/one.js) so that peak RSS is that case's
 *    own: per-stage wall time, pages, pages/s, peak RSS.
 * 3. pandoc (Markdown → EPUB with --citeproc) on the sample issue, where installed.
 * 4. benchmarkReferences(1000) from lib/references (bench/refs.js), target < 2 s.
 * 5. a watch-mode rebuild after one paragraph changes (bench/incremental.js), target < 300 ms.
 *
 * Prints a table and the targets, writes everything to bench/results.json (git-ignored).
 * Cases run one after another: the machine's cores are not shared between them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SOURCE_DATE_EPOCH } from './constants.js';
import { copySample, REPO, tempDir } from './synth.js';

const BENCH = path.join(REPO, 'bench');
const DEFAULT_RESULTS = path.join(BENCH, 'results.json');
const TIMEOUT_MS = Number(process.env.BASPA_BENCH_TIMEOUT_MS ?? 30 * 60 * 1000);
const GiB = 1024 ** 3;
const TARGETS = {
  cliColdS: 1.0,
  ratio200to10: 22,
  total200S: 30,
  rss200Bytes: GiB,
  references1000S: 2,
};

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : dflt;
};
const sizes = opt('--sizes', '10,50,200')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const withSample = !argv.includes('--no-sample');
const cliRuns = Math.max(1, Number(opt('--cli-runs', 3)) || 3);
const RESULTS = path.resolve(opt('--out', DEFAULT_RESULTS));

const say = (s = '') => process.stdout.write(`${s}\n`);
const note = (s) => process.stderr.write(`[bench] ${s}\n`);

/** Runs a command; resolves with its exit, output and wall time (never rejects). */
function run(cmd, args, { cwd = REPO, env = process.env, forwardStderr = false, timeoutMs = TIMEOUT_MS } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let child;
    try {
      child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      resolve({ code: null, signal: null, error: String(e.message), stdout: '', stderr: '', wallMs: 0 });
      return;
    }
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => {
      err.push(b);
      if (forwardStderr) process.stderr.write(b);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, error: String(e.message), stdout: '', stderr: '', wallMs: performance.now() - t0 });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        timedOut,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        wallMs: performance.now() - t0,
      });
    });
  });
}

function lastJsonLine(text) {
  const lines = text.trim().split('\n').reverse();
  for (const l of lines) {
    try {
      return JSON.parse(l);
    } catch {
      /* not JSON */
    }
  }
  return null;
}

const tail = (s, n = 12) => s.trim().split('\n').slice(-n).join('\n');
const median = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};

// ---------------------------------------------------------------- 1. cold CLI build
async function coldCli() {
  note(`cold CLI: ${cliRuns} × node bin/baspa.js build <tmp copy of the sample> --out <tmp>`);
  const root = await tempDir('baspa-bench-cli-');
  await copySample(root);
  const env = { ...process.env, SOURCE_DATE_EPOCH: String(SOURCE_DATE_EPOCH) };
  const runs = [];
  for (let i = 0; i < cliRuns; i++) {
    const out = path.join(root, `dist-${i}`);
    const r = await run(process.execPath, [path.join(REPO, 'bin/baspa.js'), 'build', root, '--out', out], { env });
    const files = await readdir(out).catch(() => []);
    runs.push({ wallMs: r.wallMs, code: r.code, outputs: files.length, ...(r.code !== 0 ? { stderr: tail(r.stderr) } : {}) });
    note(`  run ${i + 1}: ${(r.wallMs / 1000).toFixed(2)} s, exit ${r.code}, ${files.length} outputs`);
  }
  await rm(root, { recursive: true, force: true });
  const ok = runs.every((r) => r.code === 0 && r.outputs === 2);
  const walls = runs.map((r) => r.wallMs);
  return { command: 'node bin/baspa.js build <tmp copy> --out <tmp>', runs, firstMs: walls[0], medianMs: median(walls), minMs: Math.min(...walls), ok };
}

// ---------------------------------------------------------------- 2. in-process cases
async function oneCase(size) {
  const label = size === 'sample' ? 'sample' : `${size} articles`;
  note(`case ${label}: node bench/one.js ${size}`);
  const r = await run(process.execPath, [path.join(BENCH, 'one.js'), String(size)], { forwardStderr: true });
  const report = lastJsonLine(r.stdout);
  if (!report) {
    return {
      case: label,
      size,
      ok: false,
      crashed: true,
      exit: r.code,
      signal: r.signal,
      timedOut: r.timedOut,
      childWallMs: r.wallMs,
      stderr: tail(r.stderr, 30),
    };
  }
  return { ...report, exit: r.code, childWallMs: r.wallMs };
}

// ---------------------------------------------------------------- 3. pandoc
async function pandoc(cliResult) {
  const which = spawnSync('sh', ['-c', 'command -v pandoc'], { encoding: 'utf8' });
  const bin = which.status === 0 ? which.stdout.trim() : '';
  if (!bin) return { installed: false };
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  const root = await tempDir('baspa-bench-pandoc-');
  await copySample(root);
  const man = path.join(root, 'manuscripts');
  const slugs = (await readdir(man, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  // The sample's issue.yaml order.
  const { default: YAML } = await import('yaml');
  const { readFile } = await import('node:fs/promises');
  const order = YAML.parse(await readFile(path.join(man, 'issue.yaml'), 'utf8')).articles.filter((s) => slugs.includes(s));
  const inputs = order.map((s) => path.join(man, s, 'article.md'));
  const bibs = order.map((s) => path.join(man, s, 'references.bib'));
  const outFile = path.join(root, 'issue.epub');
  const args = [...inputs, '--from', 'markdown', '--to', 'epub3', '--citeproc', ...bibs.flatMap((b) => ['--bibliography', b]), '--metadata', 'title=Baspa Sample Journal', '-o', outFile];
  note(`pandoc: ${bin} <${inputs.length} articles> --citeproc -o issue.epub`);
  const env = { ...process.env, SOURCE_DATE_EPOCH: String(SOURCE_DATE_EPOCH) };
  const r = await run(bin, args, { cwd: root, env });
  // Baspa's EPUB alone, same way (a fresh process), for a like-for-like ratio.
  const e = await run(process.execPath, [path.join(REPO, 'bin/baspa.js'), 'build', root, '--out', path.join(root, 'dist'), '--format', 'epub'], { env });
  await rm(root, { recursive: true, force: true });
  return {
    installed: true,
    bin,
    version,
    ok: r.code === 0,
    wallMs: r.wallMs,
    ...(r.code !== 0 ? { stderr: tail(r.stderr) } : {}),
    baspaEpubOnlyMs: e.code === 0 ? e.wallMs : null,
    ratioBaspaEpubToPandoc: e.code === 0 && r.code === 0 ? e.wallMs / r.wallMs : null,
    ratioBaspaPdfEpubToPandoc: cliResult?.ok && r.code === 0 ? cliResult.medianMs / r.wallMs : null,
  };
}

// ---------------------------------------------------------------- 4. references
async function references() {
  note('references: node bench/refs.js 1000');
  const r = await run(process.execPath, [path.join(BENCH, 'refs.js'), '1000']);
  const report = lastJsonLine(r.stdout);
  return report ? { ok: true, ...report } : { ok: false, exit: r.code, stderr: tail(r.stderr) };
}

// ---------------------------------------------------------------- 5. watch-mode rebuild
async function incremental() {
  note('incremental: node bench/incremental.js (one paragraph changed, rebuilt in the same process)');
  const r = await run(process.execPath, [path.join(BENCH, 'incremental.js')]);
  const report = lastJsonLine(r.stdout);
  return report ? { ok: true, ...report } : { ok: false, exit: r.code, stderr: tail(r.stderr) };
}

// ---------------------------------------------------------------- report
const fmtMs = (ms) => (ms === null || ms === undefined ? '—' : ms >= 10000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms)}`);
const fmtS = (ms) => (ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);
const mib = (b) => (b ? `${Math.round(b / 1048576)} MiB` : '—');

function table(rows, headers, align) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c)));
  const w = headers.map((_, i) => Math.max(...cells.map((r) => [...r[i]].length)));
  const line = (r) => r.map((c, i) => (align[i] === 'l' ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(cells[0]), w.map((n) => '-'.repeat(n)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

const pass = (ok) => (ok === null || ok === undefined ? 'n/a ' : ok ? 'PASS' : 'FAIL');

/** Derived numbers and pass/fail, from the raw measurements (also used by --report). */
function evaluate({ cases, cli, references: refs, cliRuns, incremental: inc }) {
  const runs = cliRuns ?? cli.runs.length;
  const bySize = (n) => cases.find((c) => c.size === n);
  const c10 = bySize(10);
  const c200 = bySize(200);
  const ratio = c10?.ok && c200?.ok ? c200.totalMs / c10.totalMs : null;
  // The fixed cost of a build (fonts, CSL, the EPUB's fonts and cover…) dominates time(10),
  // so the ratio alone flatters; the marginal cost per page between 10 and 200 does not.
  const marginal =
    c10?.ok && c200?.ok && c200.pages > c10.pages
      ? {
          wallMsPerPage: (c200.totalMs - c10.totalMs) / (c200.pages - c10.pages),
          cpuMsPerPage: (c200.cpuMs - c10.cpuMs) / (c200.pages - c10.pages),
          wallMsPerArticle: (c200.totalMs - c10.totalMs) / (c200.articles - c10.articles),
        }
      : null;
  const targets = {
    cliCold: { target: `< ${TARGETS.cliColdS} s (median of ${runs} fresh processes)`, valueS: cli.ok ? cli.medianMs / 1000 : null, pass: cli.ok ? cli.medianMs / 1000 < TARGETS.cliColdS : false },
    ratio200to10: { target: `≤ ${TARGETS.ratio200to10}`, value: ratio, pass: ratio === null ? null : ratio <= TARGETS.ratio200to10 },
    total200: { target: `< ${TARGETS.total200S} s`, valueS: c200?.ok ? c200.totalMs / 1000 : null, pass: c200 ? (c200.ok ? c200.totalMs / 1000 < TARGETS.total200S : false) : null },
    rss200: { target: '< 1 GiB', valueMiB: c200?.maxRssBytes ? c200.maxRssBytes / 1048576 : null, pass: c200?.maxRssBytes ? c200.maxRssBytes < TARGETS.rss200Bytes : c200 ? false : null },
    rebuild: { target: '< 300 ms (median of 5 one-paragraph rebuilds)', valueMs: inc?.ok ? inc.medianMs : null, pass: inc ? (inc.ok ? inc.medianMs < 300 : false) : null },
    references1000: { target: `< ${TARGETS.references1000S} s`, valueS: refs.ok ? refs.totalMs / 1000 : null, pass: refs.ok ? refs.totalMs / 1000 < TARGETS.references1000S : false },
  };
  const problems = [];
  for (const c of cases) {
    if (c.crashed) problems.push(`${c.case}: child ${c.timedOut ? 'timed out' : `exited ${c.exit}${c.signal ? ` (${c.signal})` : ''}`} without a report:\n${c.stderr}`);
    else if (!c.ok) problems.push(`${c.case}: build failed${c.error ? `: ${c.error.message}` : ''}${c.diagnostics?.first?.length ? `\n    ${c.diagnostics.first.join('\n    ')}` : ''}`);
    else if (c.diagnostics?.warnings) problems.push(`${c.case}: ${c.diagnostics.warnings} warnings: ${JSON.stringify(c.diagnostics.byRule)}`);
    if (c.contents?.pastTextFrame) {
      const k = c.contents;
      problems.push(`${c.case}: the contents (${k.pages} pages) hold ${k.fitting} of ${k.rows} rows inside the text frame; ${k.pastTextFrame} run past the bottom margin`);
    }
    if (c.contents?.error) problems.push(`${c.case}: contents check failed: ${c.contents.error}`);
  }
  if (!cli.ok) problems.push(`cold CLI: ${JSON.stringify(cli.runs.filter((r) => r.code !== 0))}`);
  return { ratio200to10: ratio, marginal, targets, problems };
}

function printReport(results) {
  const { cases, cli, pandoc: pd, references: refs, targets, problems, marginal, ratio200to10: ratio } = results;
  say('');
  say(`Baspa benchmark — ${results.date} — node ${results.machine.node}, ${results.machine.cpus} CPUs`);
  say('In-process build({formats: [pdf, epub]}), one child process per case; stage columns in ms;');
  say('epub runs in a worker beside layout + paint (its column is the time the worker spent rendering the book);');
  say('"other" = time inside build() outside the stages (glyph check, fonts, lazy imports); total = wall time of build();');
  say('cpu = user+system CPU time of build(); pages/s = pages / total; peak RSS = the child\'s resourceUsage().maxRSS.');
  say(`load average (1 min): ${results.loadavg1.start.toFixed(2)} at start, ${results.loadavg1.end.toFixed(2)} at end — other work on the machine inflates wall times`);
  say('');
  const headers = ['case', 'articles', 'pages', 'load', 'parse', 'resolve', 'layout', 'paint', 'epub', 'write', 'other', 'total', 'cpu', 'pages/s', 'peak RSS', 'status'];
  const rows = cases.map((c) => {
    const s = c.stagesMs ?? {};
    let status = c.ok ? 'ok' : c.crashed ? (c.timedOut ? 'TIMEOUT' : `CRASH (exit ${c.exit}${c.signal ? ` ${c.signal}` : ''})`) : `FAILED (${c.diagnostics?.errors ?? '?'} errors)`;
    if (c.diagnostics?.warnings) status += `, ${c.diagnostics.warnings} warnings`;
    if (c.contents?.pastTextFrame) status += `, contents: ${c.contents.pastTextFrame}/${c.contents.rows} rows off the page`;
    return [
      c.case,
      c.articles ?? c.size,
      c.pages ?? '—',
      fmtMs(s.load),
      fmtMs(s.parse),
      fmtMs(s.resolve),
      fmtMs(s.layout),
      fmtMs(s.paint),
      fmtMs(s.epub),
      fmtMs(s.write),
      fmtMs(c.otherMs),
      c.totalMs !== undefined ? fmtS(c.totalMs) : '—',
      c.cpuMs !== undefined ? fmtS(c.cpuMs) : '—',
      c.pagesPerSecond ? c.pagesPerSecond.toFixed(2) : '—',
      mib(c.maxRssBytes),
      status,
    ];
  });
  say(table(rows, headers, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l']));
  say('');
  say(`Cold CLI, baspa build of the sample (pdf + epub), fresh process each: ${cli.runs.map((r) => fmtS(r.wallMs)).join(', ')}; median ${fmtS(cli.medianMs)}${cli.ok ? '' : '  (a run FAILED)'}`);
  if (pd.installed) {
    say(`pandoc ${pd.version}: Markdown → EPUB --citeproc on the sample: ${pd.ok ? fmtS(pd.wallMs) : 'FAILED'}`);
    if (pd.ratioBaspaEpubToPandoc !== null) say(`  ratio baspa (epub only, CLI) / pandoc = ${pd.ratioBaspaEpubToPandoc.toFixed(2)}`);
    if (pd.ratioBaspaPdfEpubToPandoc !== null) say(`  ratio baspa (pdf + epub, CLI median) / pandoc = ${pd.ratioBaspaPdfEpubToPandoc.toFixed(2)}`);
  } else {
    say('pandoc: not installed (command -v pandoc found nothing) — pandoc comparison skipped');
  }
  if (refs.ok) say(`benchmarkReferences(1000): read ${fmtS(refs.readMs)} + format ${fmtS(refs.formatMs)} = ${fmtS(refs.totalMs)} (${refs.entries} entries, ${refs.clusters} clusters, ${refs.diagnostics} diagnostics, peak RSS ${mib(refs.maxRssBytes)})`);
  else say(`benchmarkReferences(1000): FAILED (exit ${refs.exit})\n${refs.stderr}`);
  say('');
  say('Targets');
  say(`  ${pass(targets.cliCold.pass)}  cold baspa build of the sample ${targets.cliCold.target}: ${targets.cliCold.valueS === null ? '—' : `${targets.cliCold.valueS.toFixed(2)} s`}`);
  say(`  ${pass(targets.ratio200to10.pass)}  time(200) / time(10) ${targets.ratio200to10.target}: ${ratio === null ? '— (a case is missing or failed)' : ratio.toFixed(2)}`);
  if (marginal) say(`        (marginal cost 10 → 200 articles: ${(marginal.wallMsPerPage / 1000).toFixed(3)} s wall, ${(marginal.cpuMsPerPage / 1000).toFixed(3)} s CPU per page; ${(marginal.wallMsPerArticle / 1000).toFixed(2)} s wall per article)`);
  say(`  ${pass(targets.total200.pass)}  200 articles total ${targets.total200.target}: ${targets.total200.valueS === null ? '—' : `${targets.total200.valueS.toFixed(2)} s`}`);
  say(`  ${pass(targets.rss200.pass)}  200 articles peak RSS ${targets.rss200.target}: ${targets.rss200.valueMiB === null ? '—' : `${Math.round(targets.rss200.valueMiB)} MiB`}`);
  say(`  ${pass(targets.references1000.pass)}  benchmarkReferences(1000) ${targets.references1000.target}: ${targets.references1000.valueS === null ? '—' : `${targets.references1000.valueS.toFixed(2)} s`}`);

  say(`  ${pass(targets.rebuild?.pass)}  watch rebuild after one paragraph changes ${targets.rebuild?.target ?? ''}: ${targets.rebuild?.valueMs ?? '—'} ms`);

  if (problems.length) {
    say('');
    say('Problems');
    for (const p of problems) say(`  - ${p}`);
  }

}

async function main() {
  const reportIdx = argv.indexOf('--report');
  if (reportIdx >= 0) {
    // Reprint a saved run without measuring anything.
    const { readFile } = await import('node:fs/promises');
    const file = argv[reportIdx + 1] && !argv[reportIdx + 1].startsWith('--') ? path.resolve(argv[reportIdx + 1]) : RESULTS;
    const saved = JSON.parse(await readFile(file, 'utf8'));
    const results = { ...saved, ...evaluate(saved) };
    printReport(results);
    // --write: store the re-derived numbers (targets, marginal cost) back into the file.
    if (argv.includes('--write')) await writeFile(file, JSON.stringify(results, null, 2) + '\n');
    return;
  }
  const started = new Date();
  const load0 = os.loadavg()[0];
  const t0 = performance.now();
  note(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / GiB)} GiB RAM`);

  const cli = await coldCli();
  const cases = [];
  for (const size of [...(withSample ? ['sample'] : []), ...sizes]) cases.push(await oneCase(size));
  const pd = await pandoc(cli);
  const refs = await references();
  const inc = await incremental();

  const raw = {
    date: started.toISOString(),
    runnerWallMs: performance.now() - t0,
    loadavg1: { start: load0, end: os.loadavg()[0] },
    machine: { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemBytes: os.totalmem() },
    sourceDateEpoch: SOURCE_DATE_EPOCH,
    cliRuns,
    cases,
    cli,
    pandoc: pd,
    references: refs,
    incremental: inc,
  };
  const results = { ...raw, ...evaluate(raw) };
  printReport(results);
  await mkdir(path.dirname(RESULTS), { recursive: true });
  await writeFile(RESULTS, JSON.stringify(results, null, 2) + '\n');
  say('');
  say(`JSON: ${path.relative(process.cwd(), RESULTS) || RESULTS} (${RESULTS})`);
  say(`(runner wall time ${fmtS(results.runnerWallMs)})`);
  // Missed targets are results, not errors; a case that did not build is.
  if (cases.some((c) => !c.ok) || !cli.ok || !refs.ok) process.exitCode = 1;
}

// --vs: Baspa against pandoc and Typst instead (bench/vs.js reads the same argv).
if (argv.includes('--vs')) await import('./vs.js');
else await main();
