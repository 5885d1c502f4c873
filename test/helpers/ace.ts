/**
 * Ace by DAISY (`@daisy/ace-cli`, a dev dependency) on Debian's Chromium.
 *
 * Puppeteer never downloads a browser here (.puppeteerrc.cjs sets skipDownload), so Ace is
 * pointed at /usr/bin/chromium through PUPPETEER_EXECUTABLE_PATH, set explicitly: the rc
 * file is only found from the repository root. No sandbox flags are needed for root in CI:
 * @daisy/ace-axe-runner-puppeteer always launches with --no-sandbox --disable-setuid-sandbox.
 * Ace serves the book to the browser itself and needs loopback only.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ACE_CLI = path.join(ROOT, 'node_modules', '.bin', 'ace-cli');
export const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';

/** Why Ace cannot run here, or undefined when it can. */
export function aceMissing(): string | undefined {
  if (!existsSync(ACE_CLI)) return `Ace by DAISY not found (${ACE_CLI}; npm ci installs @daisy/ace-cli)`;
  if (!existsSync(CHROMIUM)) return `Chromium not found (${CHROMIUM}; Debian: apt-get install chromium, or set PUPPETEER_EXECUTABLE_PATH)`;
  return undefined;
}

export interface AceViolation {
  document: string;
  rule: string;
  impact: string;
  description: string;
  html: string;
}

export interface AceResult {
  /** Ace's exit code; with -E, 2 means the book failed. */
  code: number;
  outcome: string;
  violations: AceViolation[];
}

interface EarlAssertion {
  'earl:test'?: { 'dct:title'?: string; 'earl:impact'?: string };
  'earl:result'?: { 'earl:outcome'?: string; 'dct:description'?: string; html?: string };
  'earl:testSubject'?: { url?: string };
  assertions?: EarlAssertion[];
}

/** Every failed assertion, wherever Ace nests it (per document, then per rule). */
function failures(list: readonly EarlAssertion[], document: string): AceViolation[] {
  return list.flatMap((a) => {
    const doc = a['earl:testSubject']?.url ?? document;
    if (a.assertions) return failures(a.assertions, doc);
    if (a['earl:result']?.['earl:outcome'] !== 'fail') return [];
    return [
      {
        document: doc,
        rule: a['earl:test']?.['dct:title'] ?? '?',
        impact: a['earl:test']?.['earl:impact'] ?? '?',
        description: a['earl:result']?.['dct:description'] ?? '',
        html: a['earl:result']?.html ?? '',
      },
    ];
  });
}

export function formatViolation(v: AceViolation): string {
  return `${v.document}: ${v.rule} (${v.impact}) ${v.description}${v.html ? `\n    ${v.html}` : ''}`;
}

/** Runs `ace-cli -E` on an EPUB and reads its JSON report back. */
export async function runAce(epub: string, timeoutMs = 60_000): Promise<AceResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'baspa-ace-'));
  try {
    const out = path.join(dir, 'report');
    const run = await new Promise<{ code: number; stderr: string; stdout: string }>((resolve) => {
      execFile(
        ACE_CLI,
        ['-E', '--silent', '--force', '--outdir', out, '--tempdir', path.join(dir, 'tmp'), epub],
        {
          cwd: ROOT,
          env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: CHROMIUM, PUPPETEER_SKIP_DOWNLOAD: 'true' },
          timeout: timeoutMs,
          maxBuffer: 16 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
    const reportFile = path.join(out, 'report.json');
    if (!existsSync(reportFile)) {
      throw new Error(`Ace wrote no report (exit ${run.code}):\n${run.stderr}${run.stdout}`.trimEnd());
    }
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      'earl:result'?: { 'earl:outcome'?: string };
      assertions?: EarlAssertion[];
    };
    return {
      code: run.code,
      outcome: report['earl:result']?.['earl:outcome'] ?? '?',
      violations: failures(report.assertions ?? [], '?'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
