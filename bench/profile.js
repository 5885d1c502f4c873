#!/usr/bin/env node
/**
 * Reads V8 .cpuprofile files (node --cpu-prof) and prints where the time goes:
 * self time by function, by file and by package/folder, and inclusive time by function.
 * Not part of `npm run bench`; for item 4 of the tracker, by hand:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/one.js 50
 *   node bench/profile.js /tmp/prof/*.cpuprofile [--top 15] [--json out.json]
 *
 * A .cpuprofile is { nodes: [{ id, callFrame: { functionName, url, lineNumber, ... },
 * children }], startTime, endTime, samples: [nodeId…], timeDeltas: [µs…] }. Sample i is
 * charged the time until the next sample (as DevTools does); the last one until endTime.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO } from './synth.js';

const argv = process.argv.slice(2);
const topIdx = argv.indexOf('--top');
const top = topIdx >= 0 ? Number(argv[topIdx + 1]) : 15;
const jsonIdx = argv.indexOf('--json');
const jsonOut = jsonIdx >= 0 ? argv[jsonIdx + 1] : null;
// Option values are not files (an absent option's index is -1: nothing to skip).
const files = argv.filter((a, i) => !a.startsWith('--') && (topIdx < 0 || i !== topIdx + 1) && (jsonIdx < 0 || i !== jsonIdx + 1));
if (!files.length) {
  process.stderr.write('usage: node bench/profile.js <file.cpuprofile>… [--top N] [--json out.json]\n');
  process.exit(2);
}

const SPECIAL = new Set(['(program)', '(garbage collector)', '(idle)', '(root)']);

/** A short, stable name for a script URL: lib/…, node_modules/pkg/…, node:… */
function shortFile(url) {
  if (!url) return '(native / V8)';
  let p = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  if (p.startsWith(REPO + path.sep)) p = path.relative(REPO, p);
  return p;
}

/** The package (node_modules/<pkg>) or the folder of lib/ a file belongs to. */
function group(file) {
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 'node_modules/'.length).split('/');
    return `npm:${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (file.startsWith('lib/')) return file.split('/').slice(0, 2).join('/');
  if (file.startsWith('node:')) return 'node: (core)';
  return file;
}

const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
const byFunction = new Map();
const byFile = new Map();
const byGroup = new Map();
const inclusive = new Map();
let total = 0;

for (const f of files) {
  const prof = JSON.parse(await readFile(f, 'utf8'));
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const fnKey = (n) => {
    const cf = n.callFrame;
    const name = cf.functionName || (cf.url ? '(anonymous)' : '');
    if (!cf.url && SPECIAL.has(name)) return name;
    return `${name || '(anonymous)'}  ${shortFile(cf.url)}:${cf.lineNumber + 1}`;
  };
  const { samples, timeDeltas } = prof;
  // timestamps[i] = startTime + sum(timeDeltas[0..i])
  let t = prof.startTime;
  const stamps = timeDeltas.map((d) => (t += d));
  for (let i = 0; i < samples.length; i++) {
    const dt = (i + 1 < samples.length ? stamps[i + 1] : prof.endTime) - stamps[i];
    if (dt <= 0) continue;
    const ms = dt / 1000;
    const n = nodes.get(samples[i]);
    total += ms;
    const key = fnKey(n);
    add(byFunction, key, ms);
    const file = SPECIAL.has(key) ? key : shortFile(n.callFrame.url);
    add(byFile, file, ms);
    add(byGroup, SPECIAL.has(key) ? key : group(file), ms);
    const seen = new Set();
    for (let id = n.id; id !== undefined; id = parent.get(id)) {
      const k = fnKey(nodes.get(id));
      if (!seen.has(k)) {
        seen.add(k);
        add(inclusive, k, ms);
      }
    }
  }
}

const ranked = (m) => [...m].sort((a, b) => b[1] - a[1]).map(([name, ms]) => ({ name, ms, share: ms / total }));
const print = (title, rows) => {
  process.stdout.write(`\n${title}\n`);
  for (const r of rows.slice(0, top)) process.stdout.write(`  ${(r.share * 100).toFixed(1).padStart(5)}%  ${(r.ms / 1000).toFixed(2).padStart(7)} s  ${r.name}\n`);
};
const out = {
  files,
  totalMs: total,
  selfByFunction: ranked(byFunction),
  selfByFile: ranked(byFile),
  selfByGroup: ranked(byGroup),
  inclusiveByFunction: ranked(inclusive).filter((r) => r.name !== '(root)'),
};
process.stdout.write(`${files.length} profile(s), ${(total / 1000).toFixed(2)} s sampled\n`);
print('Self time by function', out.selfByFunction);
print('Self time by file', out.selfByFile);
print('Self time by package / lib folder', out.selfByGroup);
print('Inclusive time by function', out.inclusiveByFunction);
if (jsonOut) await writeFile(jsonOut, JSON.stringify({ ...out, selfByFunction: out.selfByFunction.slice(0, 200), inclusiveByFunction: out.inclusiveByFunction.slice(0, 200) }, null, 2));
