#!/usr/bin/env node
// Entry point: the CLI bundle (lib/bundle/, built by npm run compile: one file per thread
// instead of hundreds of modules to resolve) or, without it, the compiled modules in lib/.
// BASPA_NO_BUNDLE=1 forces the latter. Internal errors exit 3 with one line; the stack only
// with --verbose or DEBUG.
import { existsSync } from 'node:fs';

const bundle = new URL('../lib/bundle/main.js', import.meta.url);
const entry = !process.env.BASPA_NO_BUNDLE && existsSync(bundle) ? bundle.href : '../lib/cli/main.js';
import(entry)
  .then(({ main }) => main(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e) => {
    const verbose = process.argv.includes('--verbose') || !!process.env.DEBUG;
    process.stderr.write(`baspa: internal error: ${e && e.message ? String(e.message).split('\n')[0] : String(e)}\n`);
    if (verbose && e && e.stack) process.stderr.write(`${e.stack}\n`);
    process.exitCode = 3;
  });
