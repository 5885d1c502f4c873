/**
 * The `baspa` command: parse arguments, run the pipeline, print messages as
 * `file:line:column: severity: text [rule]`, exit 0/1/2/3. Heavy modules load only when a
 * build starts, so `--help` answers at once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HELP, parseArgs, UsageError, type CliArgs } from './args.js';
import { formatDiagnostic, type Diagnostic } from '../messages/diagnostic.js';

/** Errors in the journal's design (templates, styles) are configuration; issue.yaml and manuscripts are content. */
const isConfigError = (d: Diagnostic) => /^(template-|csl-)/.test(d.rule) || /[/\\]template\.yaml$/.test(d.file);

export async function main(argv: string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`baspa: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (args.command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (args.command === 'version') {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`baspa ${pkg.version}\n`);
    return 0;
  }
  const root = path.resolve(args.dir);
  if (args.command === 'init') {
    const { initProject } = await import('./init.js');
    try {
      for (const f of await initProject(root)) process.stdout.write(`${path.relative(process.cwd(), f) || f}\n`);
    } catch (e) {
      process.stderr.write(`baspa: ${(e as Error).message}\n`);
      return 2;
    }
    return 0;
  }
  const { build, sourceDateEpochFromEnv } = await import('../pipeline/build.js');
  const progress = progressLine(args);
  const options = {
    root,
    out: path.resolve(args.out ?? path.join(root, 'dist')),
    formats: args.formats,
    strict: args.strict,
    checkOnly: args.command === 'check',
    sourceDateEpoch: sourceDateEpochFromEnv(),
    template: args.template,
    onStage: (stage: string, ms: number, detail?: string) => {
      if (args.verbose) process.stderr.write(`baspa: ${stage} ${ms.toFixed(0)} ms${detail ? ` (${detail})` : ''}\n`);
      else progress(`${stage} done${detail ? ` (${detail})` : ''}`);
    },
  };
  if (args.command === 'watch') {
    const { watchProject } = await import('./watch.js');
    watchProject(options, build, (result, ms) => {
      progress('');
      print(result.reporter.diagnostics, args);
      const errors = result.reporter.errors.length;
      process.stderr.write(errors ? `baspa: ${errors} error(s); previous outputs kept\n` : `baspa: rebuilt ${result.outputs.length} file(s) in ${ms.toFixed(0)} ms\n`);
    }, (e) => {
      progress('');
      const why = (e as Error)?.message?.split('\n')[0] ?? String(e);
      process.stderr.write(`baspa: internal error: ${why}; previous outputs kept, waiting for the next change\n`);
      if (args.verbose || process.env.DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    });
    return new Promise<number>(() => {
      /* runs until interrupted */
    });
  }
  const result = await build(options);
  progress('');
  const diags = result.reporter.diagnostics;
  print(diags, args);
  const errors = diags.filter((d) => d.severity === 'error');
  const failed = errors.length > 0 || (args.strict && diags.length > 0);
  if (failed) {
    if (!args.quiet && args.reporter === 'text') process.stderr.write(`baspa: ${errors.length} error(s), ${diags.length - errors.length} warning(s); nothing written\n`);
    // Only warnings (with --strict) are the manuscripts' too: 1, as errors in them are.
    return errors.length > 0 && errors.every(isConfigError) ? 2 : 1;
  }
  if (!args.quiet && args.reporter === 'text') {
    for (const f of result.outputs) process.stdout.write(`${path.relative(process.cwd(), f) || f}\n`);
  }
  return 0;
}

/** One self-overwriting status line on a terminal; nothing in CI, pipes or --quiet. */
function progressLine(args: CliArgs): (text: string) => void {
  const live = process.stderr.isTTY && process.env.CI !== 'true' && !args.quiet && !args.verbose && args.reporter === 'text';
  if (!live) return () => undefined;
  return (text) => process.stderr.write(`\r\x1b[2K${text ? `baspa: ${text}` : ''}`);
}

function print(diags: Diagnostic[], args: CliArgs): void {
  const colour = process.stderr.isTTY && !process.env.NO_COLOR && args.reporter === 'text';
  for (const d of diags) {
    if (args.quiet && d.severity !== 'error') continue;
    const file = path.relative(process.cwd(), d.file) || d.file;
    if (args.reporter === 'json') {
      process.stderr.write(`${JSON.stringify({ ...d, file })}\n`);
      continue;
    }
    const line = formatDiagnostic({ ...d, file });
    process.stderr.write(colour ? `${line.replace(/: (error|warning): /, (_m, sev: string) => `: \x1b[${sev === 'error' ? 31 : 33}m${sev}\x1b[0m: `)}\n` : `${line}\n`);
  }
}
