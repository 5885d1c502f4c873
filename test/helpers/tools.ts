/** System tools the tests call. In CI a missing tool fails the test; locally it skips it. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function hasTool(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/** Returns false (skip) when the tool is missing outside CI; throws in CI. */
export function needTool(cmd: string): boolean {
  if (hasTool(cmd)) return true;
  if (process.env.CI === 'true') throw new Error(`${cmd} is required in CI but not installed (apt-get install the package that provides it)`);
  return false;
}

export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

export interface EpubCheckResult {
  fatal: number;
  errors: number;
  warnings: number;
  messages: string[];
}

export function epubcheck(file: string): EpubCheckResult {
  // EPUBCheck also prints a verdict line on stdout, so the JSON report goes to a file.
  const report = path.join(mkdtempSync(path.join(tmpdir(), 'epubcheck-')), 'report.json');
  spawnSync('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', '/usr/share/java/epubcheck.jar', '--json', report, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const json = JSON.parse(readFileSync(report, 'utf8')) as { messages: { severity: string; message: string; locations?: { path: string; line: number }[] }[] };
  const count = (s: string) => json.messages.filter((m) => m.severity === s).length;
  return {
    fatal: count('FATAL'),
    errors: count('ERROR'),
    warnings: count('WARNING'),
    messages: json.messages.filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE').map((m) => `${m.severity} ${m.message} ${m.locations?.[0]?.path ?? ''}:${m.locations?.[0]?.line ?? ''}`),
  };
}
