/** Command-line arguments: a small hand parser, so `baspa --help` loads nothing else. */
export interface CliArgs {
  command: 'build' | 'check' | 'watch' | 'init' | 'help' | 'version';
  dir: string;
  out?: string;
  formats: ('pdf' | 'epub')[];
  strict: boolean;
  reporter: 'text' | 'json';
  quiet: boolean;
  verbose: boolean;
  template?: string;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { command: 'help', dir: '.', formats: ['pdf', 'epub'], strict: false, reporter: 'text', quiet: false, verbose: false };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (name: string) => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') return { ...args, command: 'help' };
    else if (a === '--version' || a === '-v') return { ...args, command: 'version' };
    else if (a === '--strict') args.strict = true;
    else if (a === '--quiet' || a === '-q') args.quiet = true;
    else if (a === '--verbose') args.verbose = true;
    else if (a === '--out' || a.startsWith('--out=') || a === '-o') args.out = value('--out');
    else if (a === '--template' || a.startsWith('--template=')) args.template = value('--template');
    else if (a === '--format' || a.startsWith('--format=')) {
      const v = value('--format');
      const list = v.split(',').map((s) => s.trim());
      for (const f of list) if (f !== 'pdf' && f !== 'epub') throw new UsageError(`Unknown format ‘${f}’ (pdf or epub)`);
      args.formats = list as CliArgs['formats'];
    } else if (a === '--reporter' || a.startsWith('--reporter=')) {
      const v = value('--reporter');
      if (v !== 'text' && v !== 'json') throw new UsageError(`Unknown reporter ‘${v}’ (text or json)`);
      args.reporter = v;
    } else if (a.startsWith('-')) throw new UsageError(`Unknown option ‘${a}’ (see baspa --help)`);
    else rest.push(a);
  }
  const [command, dir, ...extra] = rest;
  if (command === undefined) return args;
  if (command !== 'build' && command !== 'check' && command !== 'watch' && command !== 'init' && command !== 'help') {
    throw new UsageError(`Unknown command ‘${command}’ (build, check, watch, init)`);
  }
  if (command === 'init' && dir === undefined) throw new UsageError('init needs a folder: baspa init <dir>');
  if (extra.length) throw new UsageError(`Unexpected argument ‘${extra[0]}’`);
  return { ...args, command, dir: dir ?? '.' };
}

export const HELP = `baspa — Markdown journal manuscripts to a print PDF and an EPUB 3 issue

Usage:
  baspa build [dir] [--out dist] [--format pdf|epub] [--strict] [--template NAME]
  baspa check [dir] [--strict]           validate everything, render nothing
  baspa watch [dir] [--out dist]         rebuild on every change under manuscripts/ and templates/
  baspa init <dir>                       a new issue with one sample article
  baspa --help | --version

  dir                 the project folder holding manuscripts/ (and templates/); default .
  --out DIR           where outputs go; default <dir>/dist
  --format pdf,epub   which outputs to build; default both
  --template NAME     use templates/NAME instead of issue.yaml's template
  --strict            treat warnings as errors
  --reporter json     print messages as JSON lines
  --quiet             print errors only (progress is shown only on a terminal, never with CI=true)
  --verbose           print per-stage timings; stack traces on internal errors
  NO_COLOR            set it to print messages without colour

Exit codes: 0 ok, 1 errors in the manuscripts or issue.yaml, 2 usage or template errors, 3 internal error.
`;
