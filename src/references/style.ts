/**
 * CSL styles: finding one by name or path, reading what it asks of us, and registering
 * it with citation-js under a name that changes whenever the style or our locales do
 * (citation-js caches one citeproc engine per style name and locale).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { csl } from './plugins.js';
import { DEFAULT_TEMPLATES_DIR } from './locales.js';
import type { EntryTerms } from './types.js';

/** A style that cannot be used; the caller reports it at the place that named the style. */
export class StyleError extends Error {
  readonly rule: 'style-not-found' | 'style-invalid';
  constructor(message: string, rule: 'style-not-found' | 'style-invalid') {
    super(message);
    this.name = 'StyleError';
    this.rule = rule;
  }
}

/**
 * The XML of the style `nameOrPath` names:
 * - a citation-js built-in ('apa', 'vancouver', 'harvard1');
 * - a path to a .csl file (relative paths resolve against `baseDir`, e.g. issue.yaml's folder);
 * - a bare name such as 'baspa-gost', looked up as `<templatesDir>/csl/<name>.csl`, then
 *   in the templates Baspa ships.
 */
export function loadStyle(nameOrPath: string, templatesDir: string = DEFAULT_TEMPLATES_DIR, baseDir: string = process.cwd()): string {
  const name = nameOrPath.trim();
  const looksLikePath = /[\\/]/.test(name) || /\.csl$/i.test(name) || /\.xml$/i.test(name);
  let candidates: string[];
  if (looksLikePath) candidates = [isAbsolute(name) ? name : resolve(baseDir, name)];
  else {
    // The journal's templates first, then the ones Baspa ships, then citation-js's.
    candidates = [...new Set([templatesDir, DEFAULT_TEMPLATES_DIR].map((dir) => join(dir, 'csl', `${name}.csl`)))];
    if (!candidates.some((c) => existsSync(c))) {
      const builtin = csl().styles.get(name);
      if (builtin) return builtin;
    }
  }
  const file = candidates.find((c) => existsSync(c));
  if (!file) {
    // The register also holds the styles we registered under hashed names.
    const builtins = csl()
      .styles.list()
      .filter((n) => !/^baspa-[0-9a-f]{16}$/.test(n))
      .join(', ');
    throw new StyleError(
      `no CSL style ‘${name}’: looked for ${candidates.join(', ')} (built-in styles: ${builtins})`,
      'style-not-found',
    );
  }
  const xml = readFileSync(file, 'utf8');
  checkStyle(xml, file);
  return xml;
}

/** Fails early on what citeproc would choke on later, with a message a person can act on. */
function checkStyle(xml: string, where: string): void {
  if (!/<style\b[^>]*xmlns="http:\/\/purl\.org\/net\/xbiblio\/csl"/.test(xml)) {
    throw new StyleError(`${where} is not a CSL style (no <style xmlns="http://purl.org/net/xbiblio/csl">)`, 'style-invalid');
  }
  const parent = /<link\b[^>]*rel="independent-parent"[^>]*>/.exec(xml);
  if (parent && !/<citation\b/.test(xml)) {
    const href = /href="([^"]*)"/.exec(parent[0])?.[1] ?? '';
    throw new StyleError(
      `${where} is a dependent style: it only points at ${href}; download that parent style and name it instead`,
      'style-invalid',
    );
  }
  if (!/<citation\b/.test(xml)) throw new StyleError(`${where} has no <citation> element`, 'style-invalid');
}

/** What a style asks of Baspa beyond CSL, through `<?baspa terms="…" names="…"?>`. */
export interface StyleOptions {
  /** Whose language picks the terms inside reference-list entries (default 'article'). */
  entryTerms: EntryTerms;
  /** 'gost': the references stage arranges names by GOST 7.0.5 (see gost.ts). */
  names?: 'gost';
  /** A numeric style prints a label (the citation number) before each entry. */
  numeric: boolean;
}

export function styleOptions(xml: string): StyleOptions {
  const pi = /<\?baspa\b([\s\S]*?)\?>/.exec(xml)?.[1] ?? '';
  const get = (k: string): string | undefined => new RegExp(`\\b${k}="([^"]*)"`).exec(pi)?.[1];
  const terms = get('terms');
  const names = get('names');
  return {
    entryTerms: terms === 'entry-language' || terms === 'entry' ? 'entry' : 'article',
    ...(names === 'gost' ? { names: 'gost' as const } : {}),
    numeric: /<category\b[^>]*citation-format="numeric"/.test(xml) || /<text\b[^>]*variable="citation-number"/.test(xml),
  };
}

const registered = new Map<string, string>();

/**
 * Registers `xml` with citation-js and returns its name there. The name hashes the style
 * and the locale fingerprint, so a changed style or locale gets a fresh engine.
 */
export function registerStyle(xml: string, localeFingerprint: string): string {
  const key = `${localeFingerprint}\0${xml}`;
  let name = registered.get(key);
  if (!name) {
    name = `baspa-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
    csl().styles.add(name, xml);
    registered.set(key, name);
  }
  return name;
}
