/**
 * CSL styles: finding one by name or path, reading what it asks of us, and registering
 * it with citation-js under a name that changes whenever the style or our locales do
 * (citation-js caches one citeproc engine per style name and locale).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { SourcePos } from '../document/model.js';
import { csl } from './plugins.js';
import { DEFAULT_TEMPLATES_DIR } from './locales.js';
import type { EntryTerms } from './types.js';

/** A style that cannot be used; the caller reports it at `pos` when known, else where the style was named. */
export class StyleError extends Error {
  readonly rule: 'style-not-found' | 'style-invalid' | 'style-parent-missing';
  /** The place in the style file at fault (an undefined macro's use, a dependent style's parent link). */
  readonly pos?: SourcePos;
  constructor(message: string, rule: StyleError['rule'], pos?: SourcePos) {
    super(message);
    this.name = 'StyleError';
    this.rule = rule;
    if (pos) this.pos = pos;
  }
}

/**
 * The XML of the style `nameOrPath` names, ready for citeproc:
 * - a citation-js built-in ('apa', 'vancouver', 'harvard1');
 * - a path to a .csl file (relative paths resolve against `baseDir`, e.g. issue.yaml's folder);
 * - a bare name such as 'baspa-gost', looked up as `<templatesDir>/csl/<name>.csl`, then
 *   in the templates Baspa ships.
 * A dependent style (an `<info>` naming an independent parent, no layout of its own, as most
 * of the official repository's 8,000 journal styles are) comes back as its parent, with the
 * dependent's `default-locale`; the parent is looked for beside it, in the templates and
 * among the built-ins.
 */
export function loadStyle(nameOrPath: string, templatesDir: string = DEFAULT_TEMPLATES_DIR, baseDir: string = process.cwd()): string {
  const name = nameOrPath.trim();
  const looksLikePath = /[\\/]/.test(name) || /\.csl$/i.test(name) || /\.xml$/i.test(name);
  let candidates: string[];
  if (looksLikePath) candidates = [isAbsolute(name) ? name : resolve(baseDir, name)];
  else {
    // The journal's templates first, then the ones Baspa ships, then citation-js's.
    candidates = styleFiles(name, [templatesDir, DEFAULT_TEMPLATES_DIR].map((d) => join(d, 'csl')));
    if (!candidates.some((c) => existsSync(c))) {
      const builtin = csl().styles.get(name);
      if (builtin) return builtin;
    }
  }
  const file = candidates.find((c) => existsSync(c));
  if (!file) {
    // The register also holds the styles we registered under hashed names.
    throw new StyleError(`no CSL style ‘${name}’: looked for ${candidates.join(', ')} (built-in styles: ${builtinNames().join(', ')})`, 'style-not-found');
  }
  return resolveStyle(readFileSync(file, 'utf8'), file, templatesDir);
}

function styleFiles(name: string, dirs: string[]): string[] {
  return [...new Set(dirs.map((dir) => join(dir, `${name}.csl`)))];
}

function builtinNames(): string[] {
  return csl()
    .styles.list()
    .filter((n) => !/^baspa-[0-9a-f]{16}$/.test(n));
}

/** An independent style as it is; a dependent one as its parent with the dependent's locale. */
function resolveStyle(xml: string, file: string, templatesDir: string): string {
  if (!/<style\b[^>]*xmlns="http:\/\/purl\.org\/net\/xbiblio\/csl"/.test(xml)) {
    throw new StyleError(`${file} is not a CSL style (no <style xmlns="http://purl.org/net/xbiblio/csl">)`, 'style-invalid', { file, line: 1, column: 1 });
  }
  const link = /<link\b[^>]*rel="independent-parent"[^>]*>/.exec(xml);
  if (link && !/<citation\b/.test(xml)) return dependentParent(xml, file, link, templatesDir);
  checkStyle(xml, file);
  return xml;
}

/** The parent of a dependent style, found by the last part of its URI (styles are named so in the repository). */
function dependentParent(xml: string, file: string, link: RegExpExecArray, templatesDir: string): string {
  const href = /href="([^"]*)"/.exec(link[0])?.[1] ?? '';
  const parentName = href.replace(/\/+$/, '').split('/').pop() ?? '';
  const at = posAt(xml, link.index, file);
  const dirs = [dirname(file), join(templatesDir, 'csl'), join(DEFAULT_TEMPLATES_DIR, 'csl')];
  const candidates = parentName && /^[\w.-]+$/.test(parentName) ? styleFiles(parentName, dirs) : [];
  const parentFile = candidates.find((c) => c !== file && existsSync(c));
  let parent: string | undefined;
  if (parentFile) {
    parent = readFileSync(parentFile, 'utf8');
    if (/<link\b[^>]*rel="independent-parent"/.test(parent) && !/<citation\b/.test(parent)) {
      throw new StyleError(`${parentFile}, the parent of the dependent style ${file}, is itself a dependent style`, 'style-invalid', at);
    }
    parent = resolveStyle(parent, parentFile, templatesDir);
  } else {
    // citation-js's own styles, by their <id> (its 'vancouver' is nlm-citation-sequence) or name.
    for (const n of builtinNames()) {
      const x = csl().styles.get(n);
      if (x && (n === parentName || new RegExp(`<id>\\s*${escapeRegExp(href)}\\s*</id>`).test(x))) {
        parent = x;
        break;
      }
    }
  }
  if (!parent) {
    throw new StyleError(
      `${basename(file)} is a dependent style of ${href || '(no href)'}: add its parent ‘${parentName || '?'}.csl’ (from https://github.com/citation-style-language/styles) to templates/csl/ or beside it`,
      'style-parent-missing',
      at,
    );
  }
  // The dependent's locale wins over its parent's (CSL 1.0.2, "Dependent styles").
  const locale = /<style\b[^>]*\sdefault-locale="([^"]*)"/.exec(xml)?.[1];
  if (locale) {
    parent = parent.replace(/<style\b[^>]*>/, (tag) =>
      /\sdefault-locale="/.test(tag) ? tag.replace(/\sdefault-locale="[^"]*"/, ` default-locale="${locale}"`) : tag.replace(/^<style\b/, `<style default-locale="${locale}"`),
    );
  }
  return parent;
}

/** Fails early on what citeproc would choke on later, or would pass over in silence, with a message a person can act on. */
function checkStyle(xml: string, file: string): void {
  if (!/<citation\b/.test(xml)) throw new StyleError(`${file} has no <citation> element`, 'style-invalid', { file, line: 1, column: 1 });
  // citeproc-js prints nothing for a macro the style never defines: every citation empty, no error.
  const bare = xml.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
  const defined = new Set<string>();
  for (const m of bare.matchAll(/<macro\b[^>]*\sname="([^"]*)"/g)) defined.add(m[1]);
  const undefinedUses: { name: string; index: number }[] = [];
  for (const m of bare.matchAll(/<(?:text|key)\b[^>]*\smacro="([^"]*)"/g)) {
    if (!defined.has(m[1])) undefinedUses.push({ name: m[1], index: m.index + m[0].indexOf('macro=') });
  }
  if (undefinedUses.length > 0) {
    const names = [...new Set(undefinedUses.map((u) => `‘${u.name}’`))];
    throw new StyleError(
      `the style uses ${names.length === 1 ? 'a macro it never defines' : 'macros it never defines'}: ${names.join(', ')} (no <macro name="${undefinedUses[0].name}">)`,
      'style-invalid',
      posAt(xml, undefinedUses[0].index, file),
    );
  }
}

function posAt(text: string, index: number, file: string): SourcePos {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { file, line, column: index - before.lastIndexOf('\n') };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
