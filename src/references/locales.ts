/**
 * Our CSL locale files (kk-KZ, ru-RU; en-US comes with citation-js): loading them,
 * registering them with citation-js, and reading single terms (the reference-list
 * heading, "and", "et al.") for text we build outside citeproc.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../document/model.js';
import { csl } from './plugins.js';
import { withoutLocaleMarks } from './locale-output.js';

/** The repository's templates folder, from src/references or lib/references alike. */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates', import.meta.url));

const LOCALE_TAGS: Record<Lang, string> = { en: 'en-US', kk: 'kk-KZ', ru: 'ru-RU' };

export function localeTag(lang: Lang): string {
  return LOCALE_TAGS[lang];
}

export interface LocaleSet {
  /** Locale XML by tag, ours and citation-js's en-US. */
  xml: Map<string, string>;
  /** Changes when any of our locale files changes; part of the engine cache key. */
  fingerprint: string;
}

const loaded = new Map<string, LocaleSet>();

/**
 * Reads `<templatesDir>/csl/locales/locales-*.xml` (once per folder) and registers them
 * with citation-js so citeproc finds them by tag.
 */
export function loadLocales(templatesDir: string = DEFAULT_TEMPLATES_DIR): LocaleSet {
  let set = loaded.get(templatesDir);
  if (!set) {
    const dir = join(templatesDir, 'csl', 'locales');
    const xml = new Map<string, string>();
    const hash = createHash('sha256');
    if (existsSync(dir)) {
      for (const name of readdirSync(dir).sort()) {
        const m = /^locales-([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\.xml$/.exec(name);
        if (!m) continue;
        const text = readFileSync(join(dir, name), 'utf8');
        xml.set(m[1], text);
        hash.update(name).update('\0').update(text).update('\0');
      }
    }
    set = { xml, fingerprint: hash.digest('hex').slice(0, 12) };
    loaded.set(templatesDir, set);
  }
  // Always (re-)register: another templates folder may have put its own kk-KZ there.
  const register = csl().locales;
  for (const [tag, text] of set.xml) register.add(tag, text);
  return set;
}

/** Locale XML for a tag: ours first, then citation-js's (en-US and a few others). */
export function localeXml(set: LocaleSet, tag: string): string | undefined {
  return set.xml.get(tag) ?? csl().locales.get(tag);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? whole;
  });
}

/**
 * One term from a locale file: `form` long (default), short, verb, verb-short, symbol;
 * `plural` picks `<multiple>` when the term has both forms. Undefined when absent.
 */
export function localeTerm(xml: string, name: string, form = 'long', plural = false): string | undefined {
  const text = xml.replace(/<!--[\s\S]*?-->/g, '');
  const re = /<term\b([^>]*?)(?:\/>|>([\s\S]*?)<\/term>)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const attrs = m[1];
    if (attr(attrs, 'name') !== name) continue;
    if ((attr(attrs, 'form') ?? 'long') !== form) continue;
    if (attr(attrs, 'gender-form')) continue;
    const body = m[2] ?? '';
    const single = /<single>([\s\S]*?)<\/single>/.exec(body);
    const multiple = /<multiple>([\s\S]*?)<\/multiple>/.exec(body);
    if (single || multiple) return withoutLocaleMarks(decodeXml(((plural ? multiple : single) ?? single ?? multiple)![1]));
    return withoutLocaleMarks(decodeXml(body));
  }
  return undefined;
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(attrs);
  return m ? m[1] : undefined;
}

/**
 * The reference-list heading in `lang`: our locales define a `bibliography` term (a Baspa
 * extension: CSL has no heading term and citeproc ignores unknown terms); otherwise the
 * plural of CSL's `reference`, capitalised ("References").
 */
export function referencesHeading(set: LocaleSet, lang: Lang): string {
  const xml = localeXml(set, localeTag(lang)) ?? localeXml(set, 'en-US') ?? '';
  const heading = localeTerm(xml, 'bibliography');
  if (heading) return heading;
  const refs = localeTerm(xml, 'reference', 'long', true) ?? 'references';
  return refs.charAt(0).toLocaleUpperCase(lang) + refs.slice(1);
}
