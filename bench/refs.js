#!/usr/bin/env node
/**
 * The references workload: benchmarkReferences(n) from lib/references/index.js (reads a
 * generated n-entry BibTeX file and formats every entry, each cited once, with a CSL style).
 *
 *   node bench/refs.js [n=1000] [--style baspa-gost|PATH] [--cache DIR]
 *     One measurement in this process; prints one line of JSON on stdout (bench/run.js
 *     reads it). --cache formats through the on-disk cache in DIR (warm when DIR holds
 *     this list already); without it, no cache is read or written.
 *
 *   node bench/refs.js [n=1000] [--style …] --pandoc [--runs 3]
 *     Side by side, each in a fresh process, `runs` times, the median kept: Baspa cold (no
 *     cache), Baspa warm (a cache filled by a run before), and `pandoc --citeproc` on the
 *     same entries, citations and style (the BibTeX file and a Markdown file citing every
 *     entry as benchmarkReferences does, written to a temporary folder). Times are the
 *     process's CPU (user + system) and wall clock, from start to exit, so Baspa's include
 *     loading Node and its modules as pandoc's include its start. Prints a table, then
 *     one line of JSON.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { REPO } from './synth.js';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const pandocMode = args.includes('--pandoc');
if (pandocMode) args.splice(args.indexOf('--pandoc'), 1);
const style = flag('--style') ?? 'baspa-gost';
const cache = flag('--cache');
const runs = Number(flag('--runs') ?? 3);
const n = Number(args[0] ?? 1000);
if (!Number.isInteger(n) || n < 1 || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: node bench/refs.js [entries] [--style NAME|PATH] [--cache DIR] [--pandoc [--runs N]]\n');
  process.exit(2);
}

if (!pandocMode) {
  const tImport = performance.now();
  const { benchmarkReferences } = await import(path.join(REPO, 'lib/references/index.js'));
  const importMs = performance.now() - tImport;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = benchmarkReferences(n, style, 'en', undefined, cache);
  const c = process.cpuUsage(c0);
  const wallMs = performance.now() - t0;
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    JSON.stringify({
      entriesRequested: n,
      style,
      cache: cache ?? null,
      ...r,
      // readMs + formatMs as measured by benchmarkReferences; wallMs adds loading the style.
      totalMs: r.readMs + r.formatMs,
      cpuMs: (c.user + c.system) / 1000,
      wallMs,
      importMs,
      maxRssBytes,
      maxRssMB: maxRssBytes / 1048576,
    }) + '\n',
  );
  process.exit(0);
}

// ------------------------------------------------------------------ side by side
const which = spawnSync('sh', ['-c', 'command -v pandoc'], { encoding: 'utf8' });
const pandoc = which.status === 0 ? which.stdout.trim() : '';
if (!pandoc) {
  process.stderr.write('bench/refs.js --pandoc: pandoc is not installed\n');
  process.exit(2);
}
const pandocVersion = spawnSync(pandoc, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
const { syntheticBibtex, syntheticClusters, loadStyle } = await import(path.join(REPO, 'lib/references/index.js'));
const work = mkdtempSync(path.join(os.tmpdir(), 'baspa-refs-bench-'));
const stylePath = path.join(work, 'style.csl');
writeFileSync(stylePath, loadStyle(style)); // the same XML Baspa formats with (a dependent style resolved)
writeFileSync(path.join(work, 'bench.bib'), syntheticBibtex(n));
// The same citations benchmarkReferences makes, in Pandoc's syntax.
const paragraphs = syntheticClusters(n).map((c) => `Text [${c.items.map((i) => `@${i.key}${i.locator ? `, p. ${i.locator}` : ''}`).join('; ')}].`);
writeFileSync(path.join(work, 'bench.md'), `---\nbibliography: bench.bib\nlang: en-US\n---\n\n${paragraphs.join('\n\n')}\n`);

const TICK = 100; // clock ticks per second on Linux (getconf CLK_TCK)
/** CPU (ms) of this process's reaped children so far, from /proc/self/stat (cutime + cstime). */
function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICK;
  } catch {
    return NaN;
  }
}

function measure(cmd, argv, opts = {}) {
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  const wallMs = performance.now() - t0;
  const cpuMs = childrenCpuMs() - cpu0;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { wallMs, cpuMs, stdout: r.stdout };
}

const self = fileURLToPath(import.meta.url);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const cacheDir = path.join(work, 'cache');
const baspa = (withCache) => measure(process.execPath, [self, String(n), '--style', stylePath, ...(withCache ? ['--cache', cacheDir] : [])]);
const samples = { cold: [], warm: [], pandoc: [] };
// Fill the cache once (not counted), then alternate so load on the machine hits each alike.
baspa(true);
for (let i = 0; i < runs; i++) {
  samples.cold.push(baspa(false));
  samples.warm.push(baspa(true));
  samples.pandoc.push(measure(pandoc, ['--citeproc', '--csl', stylePath, 'bench.md', '-t', 'html', '-o', path.join(work, 'out.html')], { cwd: work }));
}
rmSync(work, { recursive: true, force: true });

const summary = Object.fromEntries(
  Object.entries(samples).map(([k, xs]) => [k, { cpuMs: median(xs.map((x) => x.cpuMs)), wallMs: median(xs.map((x) => x.wallMs)) }]),
);
const inner = JSON.parse(samples.cold[0].stdout.trim().split('\n').pop());
const row = (name, s) => `${name.padEnd(22)} ${(s.cpuMs / 1000).toFixed(2).padStart(7)} s  ${(s.wallMs / 1000).toFixed(2).padStart(7)} s`;
process.stdout.write(
  [
    `${n} entries, ${inner.clusters} citations, style ${style}; median of ${runs} runs each; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
    `${''.padEnd(22)} ${'CPU'.padStart(9)}  ${'wall'.padStart(9)}`,
    row('baspa, cold', summary.cold),
    row('baspa, warm cache', summary.warm),
    row(pandocVersion.replace(/^pandoc /, 'pandoc ') + ' --citeproc', summary.pandoc),
    `baspa cold / pandoc: CPU ${(summary.cold.cpuMs / summary.pandoc.cpuMs).toFixed(2)}, wall ${(summary.cold.wallMs / summary.pandoc.wallMs).toFixed(2)}; warm / pandoc: CPU ${(summary.warm.cpuMs / summary.pandoc.cpuMs).toFixed(2)}, wall ${(summary.warm.wallMs / summary.pandoc.wallMs).toFixed(2)}`,
    '',
  ].join('\n'),
);
process.stdout.write(JSON.stringify({ entries: n, style, runs, pandoc: pandocVersion, ...summary }) + '\n');
