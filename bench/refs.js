#!/usr/bin/env node
/**
 * The references workload in its own process: benchmarkReferences(n) from
 * lib/references/index.js (reads a generated n-entry BibTeX file and formats every entry
 * with the journal's CSL style). Prints one line of JSON on stdout.
 *
 *   node bench/refs.js [n=1000]
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO } from './synth.js';

const n = Number(process.argv[2] ?? 1000);
if (!Number.isInteger(n) || n < 1) {
  process.stderr.write('usage: node bench/refs.js [entries]\n');
  process.exit(2);
}
const tImport = performance.now();
const { benchmarkReferences } = await import(path.join(REPO, 'lib/references/index.js'));
const importMs = performance.now() - tImport;
const t0 = performance.now();
const r = benchmarkReferences(n);
const wallMs = performance.now() - t0;
const maxRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(
  JSON.stringify({
    entriesRequested: n,
    ...r,
    // readMs + formatMs as measured by benchmarkReferences; wallMs adds loading the style.
    totalMs: r.readMs + r.formatMs,
    wallMs,
    importMs,
    maxRssBytes,
    maxRssMB: maxRssBytes / 1048576,
  }) + '\n',
);
