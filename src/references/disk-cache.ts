/**
 * Formatted reference lists kept on disk between builds (the project's `.baspa-cache/`,
 * see the README): citeproc-js takes 1.5–3 ms per entry, most of a cold build of a long
 * list, and a rebuild that changed no reference need not pay it again.
 *
 * What is kept is one formatReferences call: its result and the messages it reported,
 * keyed by a hash of everything the call reads (the style's XML, the locales' XML, every
 * entry's CSL-JSON and source position, the citations in order, the request's options)
 * and of Baspa itself (its version, the code of the references stage, citeproc's and
 * citation-js's versions). A whole list, not single entries: numbering, disambiguation,
 * year suffixes and MLA's "———" make one entry depend on the others, and a hit must give
 * what a cold build gives, byte for byte. A file that does not read back as a result is
 * ignored (and rewritten); writes go through a temporary file and a rename.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import type { Diagnostic } from '../messages/diagnostic.js';
import type { FormatResult } from './types.js';

/** Files kept; the least recently written go first. */
const LIMIT = 400;

let cacheDir: string | undefined;

/**
 * Where formatted lists are kept (`<project>/.baspa-cache`); undefined turns the cache
 * off. `BASPA_CACHE=off` in the environment turns it off whatever is set here.
 */
export function setReferencesCacheDir(dir: string | undefined): void {
  cacheDir = dir;
}

export function referencesCacheDir(): string | undefined {
  return process.env.BASPA_CACHE === 'off' ? undefined : cacheDir;
}

export interface Cached {
  result: FormatResult;
  diagnostics: Diagnostic[];
}

let codeHash: string | undefined;

/** Baspa's version and the code that formats: a changed formatter never reads an old list. */
function baspaFingerprint(): string {
  if (codeHash) return codeHash;
  const h = createHash('sha256');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const require = createRequire(import.meta.url);
  for (const pkg of [path.join(here, '../../package.json'), require.resolve('citeproc/package.json'), require.resolve('@citation-js/core/package.json'), require.resolve('@citation-js/plugin-csl/package.json')]) {
    try {
      h.update(String((JSON.parse(readFileSync(pkg, 'utf8')) as { version?: unknown }).version)).update('\0');
    } catch {
      h.update('?\0');
    }
  }
  const code = [...readdirSync(here).filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts')).sort().map((f) => path.join(here, f)), path.join(here, '../document/inlines' + path.extname(fileURLToPath(import.meta.url)))];
  for (const f of code) {
    try {
      h.update(path.basename(f)).update('\0').update(readFileSync(f)).update('\0');
    } catch {
      h.update('?\0');
    }
  }
  codeHash = h.digest('hex');
  return codeHash;
}

/** The key of a request: its parts as `formatReferences` reads them, in a fixed order. */
export function cacheKey(parts: readonly string[]): string {
  const h = createHash('sha256').update(baspaFingerprint()).update('\0');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

function file(dir: string, key: string): string {
  return path.join(dir, 'references', `${key.slice(0, 40)}.json`);
}

export function readCached(dir: string, key: string): Cached | undefined {
  let text: string;
  try {
    text = readFileSync(file(dir, key), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const v = JSON.parse(text) as { key?: unknown; result?: Partial<FormatResult>; diagnostics?: unknown };
    const r = v.result;
    if (v.key !== key || !r || !Array.isArray(r.clusters) || !Array.isArray(r.entries) || typeof r.heading !== 'string' || !Array.isArray(v.diagnostics)) return undefined;
    if (!(v.diagnostics as unknown[]).every(isDiagnostic)) return undefined;
    return { result: r as FormatResult, diagnostics: v.diagnostics as Diagnostic[] };
  } catch {
    return undefined;
  }
}

function isDiagnostic(d: unknown): d is Diagnostic {
  if (typeof d !== 'object' || d === null) return false;
  const x = d as Record<string, unknown>;
  return (x.severity === 'error' || x.severity === 'warning') && typeof x.message === 'string' && typeof x.rule === 'string' && typeof x.file === 'string' && typeof x.line === 'number' && typeof x.column === 'number';
}

/** Best effort: a cache that cannot be written (read-only project) costs nothing but speed. */
export function writeCached(dir: string, key: string, value: Cached): void {
  const target = file(dir, key);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    // The folder ignores itself in git, as pytest's and ruff's caches do.
    const ignore = path.join(dir, '.gitignore');
    if (!existsSync(ignore)) writeFileSync(ignore, '# Baspa\'s cache of formatted reference lists: safe to delete.\n*\n');
    // Layout workers and test threads share a pid: the temporary name is the writer's own.
    const tmp = `${target}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, JSON.stringify({ key, ...value }));
    renameSync(tmp, target);
    prune(path.dirname(target));
  } catch {
    // ignored: see above
  }
}

function prune(folder: string): void {
  const names = readdirSync(folder).filter((n) => n.endsWith('.json'));
  if (names.length <= LIMIT) return;
  const aged = names.map((n) => ({ n, t: statSync(path.join(folder, n)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { n } of aged.slice(0, names.length - LIMIT)) unlinkSync(path.join(folder, n));
}
