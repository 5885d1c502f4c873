#!/usr/bin/env node
/**
 * `npm run bench -- --vs`: Baspa against its anchors on the same sample issue, cold, from
 * the shell, node start included on both sides:
 *   - PDF: Typst (bench/anchors/typst.js: a node process running typst-ts-node-compiler)
 *     and pandoc --citeproc --pdf-engine=xelatex, where xelatex is installed;
 *   - EPUB: pandoc --citeproc;
 *   - both outputs: pandoc EPUB then pandoc PDF.
 * The anchors read bench/anchors/ (the sample converted once by bench/anchors/convert.js),
 * all with the four Literata files of the journal template and its GOST style.
 * Runs alternate (every command once per round, the order rotating), after one untimed
 * warm-up each; prints min/median/max and Baspa / anchor ratios of the medians, and writes
 * them under "vs" in bench/results.json.
 *
 *   node bench/vs.js [--runs 5] [--out bench/results.json] [--cache]
 * (--cache lets Baspa keep its reference cache between runs, as a second build would.)
 *   node bench/vs.js --bundle [--runs 5]   the CLI bundle against the unbundled lib/ CLI
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SOURCE_DATE_EPOCH } from './constants.js';
import { REPO } from './synth.js';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : dflt;
};
const RUNS = Math.max(1, Number(opt('--runs', 5)) || 5);
const RESULTS = path.resolve(opt('--out', path.join(REPO, 'bench/results.json')));
const ANCHORS = path.join(REPO, 'bench/anchors');
const say = (s = '') => process.stdout.write(`${s}\n`);

const require = createRequire(import.meta.url);
const FACES = ['400Regular/Literata_400Regular.ttf', '400Regular_Italic/Literata_400Regular_Italic.ttf', '700Bold/Literata_700Bold.ttf', '700Bold_Italic/Literata_700Bold_Italic.ttf'];
const fonts = FACES.map((f) => require.resolve(`@expo-google-fonts/literata/${f}`));
const CSL = path.join(REPO, 'templates/csl/baspa-gost.csl');
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

const out = mkdtempSync(path.join(os.tmpdir(), 'baspa-vs-'));
const env = { ...process.env, SOURCE_DATE_EPOCH: String(SOURCE_DATE_EPOCH), CI: 'true' };
const node = process.execPath;
const baspa = (format, extraEnv = {}) => ({
  cmd: [node, path.join(REPO, 'bin/baspa.js'), 'build', REPO, '--out', path.join(out, 'baspa'), '--quiet', ...(format ? ['--format', format] : [])],
  // Cold means cold: no formatted reference lists from an earlier run (.baspa-cache/).
  env: { ...env, ...(argv.includes('--cache') ? {} : { BASPA_CACHE: 'off' }), ...extraEnv },
});
const pandocEpub = [
  'pandoc', 'sample.md', '--citeproc', '--csl', CSL, '-o', path.join(out, 'pandoc.epub'),
  ...fonts.map((f) => `--epub-embed-font=${f}`),
];
const dir0 = path.dirname(fonts[0]);
const rel = (f) => path.relative(dir0, f);
const pandocPdf = [
  'pandoc', 'sample.md', '--citeproc', '--csl', CSL, '--pdf-engine=xelatex', '-o', path.join(out, 'pandoc.pdf'),
  '-V', 'papersize=a4', '-V', 'fontsize=10pt', '-V', 'classoption=twocolumn',
  '-V', 'geometry:inner=20mm,outer=16mm,top=20mm,bottom=22mm,columnsep=6mm',
  '-V', `mainfont=${path.basename(fonts[0])}`,
  '-V', `mainfontoptions=Path=${dir0}/,ItalicFont=${rel(fonts[1])},BoldFont=${rel(fonts[2])},BoldItalicFont=${rel(fonts[3])}`,
];
const quote = (a) => (/^[\w./=:,@-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

const commands = {};
const comparisons = [];
if (argv.includes('--bundle')) {
  if (!existsSync(path.join(REPO, 'lib/bundle/main.js'))) throw new Error('no lib/bundle/: run npm run compile first');
  for (const [label, format] of [['both', undefined], ['pdf', 'pdf'], ['epub', 'epub']]) {
    commands[`bundle ${label}`] = baspa(format);
    commands[`lib ${label}`] = baspa(format, { BASPA_NO_BUNDLE: '1' });
    comparisons.push({ work: `sample ${label}, cold CLI`, baspa: `bundle ${label}`, anchor: `lib ${label}` });
  }
} else {
  commands['baspa pdf'] = baspa('pdf');
  commands['baspa epub'] = baspa('epub');
  commands['baspa both'] = baspa(undefined);
  commands['typst pdf'] = { cmd: [node, path.join(ANCHORS, 'typst.js'), path.join(out, 'typst.pdf')], env };
  commands['pandoc epub'] = { cmd: pandocEpub, env, cwd: ANCHORS };
  comparisons.push({ work: 'sample PDF, cold CLI', baspa: 'baspa pdf', anchor: 'typst pdf' });
  if (has('xelatex')) {
    commands['pandoc pdf'] = { cmd: pandocPdf, env, cwd: ANCHORS };
    commands['pandoc both'] = { cmd: ['sh', '-c', `${pandocEpub.map(quote).join(' ')} && ${pandocPdf.map(quote).join(' ')}`], env, cwd: ANCHORS };
    comparisons.push({ work: 'sample PDF, cold CLI', baspa: 'baspa pdf', anchor: 'pandoc pdf' });
  } else say('xelatex not installed: no pandoc PDF');
  comparisons.push({ work: 'sample EPUB, cold CLI', baspa: 'baspa epub', anchor: 'pandoc epub' });
  if (commands['pandoc both']) comparisons.push({ work: 'both outputs, cold CLI', baspa: 'baspa both', anchor: 'pandoc both' });
}

// CPU seconds (user + sys, the process and the children it waited for, threads included)
// through GNU time where installed: on a loaded machine they vary less than wall time.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const cpuFile = path.join(out, 'cpu.txt');

function time({ cmd, env: e, cwd = REPO }, name) {
  const argv = GNU_TIME ? [GNU_TIME, '-f', '%U %S', '-o', cpuFile, ...cmd] : cmd;
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, env: e, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${name} failed (exit ${r.status}): ${String(r.stderr).slice(0, 500)}`);
  const cpu = GNU_TIME ? readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').reduce((a, x) => a + Number(x) * 1000, 0) : NaN;
  return { ms, cpu };
}

const names = Object.keys(commands);
const times = Object.fromEntries(names.map((n) => [n, []]));
const cpus = Object.fromEntries(names.map((n) => [n, []]));
for (const n of names) time(commands[n], n); // warm-up: the file cache, not the processes
for (let round = 0; round < RUNS; round++) {
  const order = names.map((_, i) => names[(i + round) % names.length]);
  for (const n of order) {
    const t = time(commands[n], n);
    times[n].push(t.ms);
    cpus[n].push(t.cpu);
  }
  process.stderr.write(`[vs] round ${round + 1}/${RUNS}\n`);
}
rmSync(out, { recursive: true, force: true });

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { min: s[0], median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, max: s[s.length - 1], runs: s.map((x) => Math.round(x)) };
};
const summary = Object.fromEntries(names.map((n) => [n, { ...stats(times[n]), cpu: GNU_TIME ? stats(cpus[n]) : undefined }]));
const ms = (x) => `${Math.round(x)}`;
say(`\n${RUNS} alternating runs each, ms (node start included), ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
say('| command | wall min | wall median | wall max | CPU median |');
say('|---|---|---|---|---|');
for (const n of names) say(`| ${n} | ${ms(summary[n].min)} | ${ms(summary[n].median)} | ${ms(summary[n].max)} | ${summary[n].cpu ? ms(summary[n].cpu.median) : '–'} |`);
say('');
say('| work | Baspa median | anchor | anchor median | Baspa / anchor, wall | Baspa / anchor, CPU |');
say('|---|---|---|---|---|---|');
const ratios = comparisons.map((c) => ({
  ...c,
  ratio: summary[c.baspa].median / summary[c.anchor].median,
  cpuRatio: GNU_TIME ? summary[c.baspa].cpu.median / summary[c.anchor].cpu.median : undefined,
}));
for (const r of ratios) say(`| ${r.work} | ${ms(summary[r.baspa].median)} | ${r.anchor} | ${ms(summary[r.anchor].median)} | ${r.ratio.toFixed(2)} | ${r.cpuRatio === undefined ? '–' : r.cpuRatio.toFixed(2)} |`);

let saved = {};
try {
  saved = JSON.parse(readFileSync(RESULTS, 'utf8'));
} catch {
  saved = {};
}
saved[argv.includes('--bundle') ? 'bundle' : 'vs'] = { date: new Date().toISOString(), runs: RUNS, node: process.version, loadavg: os.loadavg(), times: summary, ratios };
writeFileSync(RESULTS, `${JSON.stringify(saved, null, 2)}\n`);
say(`\nwritten to ${path.relative(process.cwd(), RESULTS) || RESULTS}`);
