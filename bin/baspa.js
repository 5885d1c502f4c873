#!/usr/bin/env node
// Entry point: the compiled CLI lives in lib/ (npm run compile). Internal errors exit 3
// with one line; the stack only with --verbose or DEBUG.
import('../lib/cli/main.js')
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
