/**
 * The `baspa` command: parse arguments, run the pipeline, print messages as
 * `file:line:column: severity: text [rule]`, exit 0/1/2/3. Heavy modules load only when a
 * build starts, so `--help` answers at once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HELP, parseArgs, UsageError, type CliArgs } from './args.js';
import { formatDiagnostic, type Diagnostic } from '../messages/diagnostic.js';

const CONFIG_RULES = /^(yaml-|config-|template-|issue-|csl-)/;

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
  const { build, sourceDateEpochFromEnv } = await import('../pipeline/build.js');
  const result = await build({
    root,
    out: path.resolve(args.out ?? path.join(root, 'dist')),
    formats: args.formats,
    strict: args.strict,
    checkOnly: args.command === 'check',
    sourceDateEpoch: sourceDateEpochFromEnv(),
    template: args.template,
    onStage: args.verbose ? (stage, ms, detail) => process.stderr.write(`baspa: ${stage} ${ms.toFixed(0)} ms${detail ? ` (${detail})` : ''}\n`) : undefined,
  });
  const diags = result.reporter.diagnostics;
  print(diags, args);
  const errors = diags.filter((d) => d.severity === 'error');
  const failed = errors.length > 0 || (args.strict && diags.length > 0);
  if (failed) {
    if (!args.quiet && args.reporter === 'text') process.stderr.write(`baspa: ${errors.length} error(s), ${diags.length - errors.length} warning(s); nothing written\n`);
    return errors.some((d) => CONFIG_RULES.test(d.rule)) && errors.every((d) => CONFIG_RULES.test(d.rule)) ? 2 : 1;
  }
  if (!args.quiet && args.reporter === 'text') {
    for (const f of result.outputs) process.stdout.write(`${path.relative(process.cwd(), f) || f}\n`);
  }
  return 0;
}

function print(diags: Diagnostic[], args: CliArgs): void {
  for (const d of diags) {
    if (args.quiet && d.severity !== 'error') continue;
    const file = path.relative(process.cwd(), d.file) || d.file;
    process.stderr.write(args.reporter === 'json' ? `${JSON.stringify({ ...d, file })}\n` : `${formatDiagnostic({ ...d, file })}\n`);
  }
}
