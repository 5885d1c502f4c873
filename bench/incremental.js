#!/usr/bin/env node
/**
 * Watch-mode rebuild time: in one process (as `baspa watch` runs), build the sample issue,
 * then change one paragraph of one article and build again, several times; prints JSON with
 * the cold build and each rebuild (both outputs written), and their median.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SOURCE_DATE_EPOCH } from './constants.js';
import { copySample, REPO, tempDir } from './synth.js';

const { build } = await import(path.join(REPO, 'lib/pipeline/build.js'));
const root = await tempDir('baspa-incremental-');
await copySample(root);
const file = path.join(root, 'manuscripts/kazakhstan-afghanistan/article.md');
const original = await readFile(file, 'utf8');
const opts = { root, out: path.join(root, 'dist'), formats: ['pdf', 'epub'], sourceDateEpoch: SOURCE_DATE_EPOCH };

let t0 = performance.now();
const cold = await build(opts);
const coldMs = performance.now() - t0;
if (cold.reporter.errors.length) throw new Error('the sample issue did not build');
const rebuilds = [];
for (let i = 1; i <= 5; i++) {
  // An editor's change: one more sentence at the end of the first paragraph.
  await writeFile(file, original.replace('international events', `international events. Edit number ${i}.`));
  t0 = performance.now();
  const r = await build(opts);
  rebuilds.push({ ms: Math.round(performance.now() - t0), timings: Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [k, Math.round(v)])) });
  if (r.reporter.errors.length) throw new Error('a rebuild failed');
}
const sorted = rebuilds.map((r) => r.ms).sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({ coldMs: Math.round(coldMs), rebuilds, medianMs: sorted[Math.floor(sorted.length / 2)] })}\n`);
