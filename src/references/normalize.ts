/**
 * Clean-ups applied to every item whatever file it came from, so the formatter sees one
 * shape: languages as en/kk/ru, DOIs without resolver prefixes, CSL dates and names.
 */
import type { Lang } from '../document/model.js';
import type { CslItem } from './types.js';

/** Names and codes people put in langid/language/LA fields, lower-cased. */
const LANGUAGE_NAMES: Record<string, Lang> = {
  en: 'en', eng: 'en', english: 'en', american: 'en', british: 'en', usenglish: 'en', ukenglish: 'en',
  australian: 'en', canadian: 'en', newzealand: 'en',
  'ағылшын': 'en', 'ағылшынша': 'en', 'английский': 'en',
  kk: 'kk', kaz: 'kk', kazakh: 'kk', 'қазақ': 'kk', 'қазақша': 'kk', 'казахский': 'kk',
  ru: 'ru', rus: 'ru', russian: 'ru', 'орыс': 'ru', 'орысша': 'ru', 'русский': 'ru',
};

/** 'english' → 'en', 'kk-KZ' → 'kk', 'Russian' → 'ru'; undefined for anything else. */
export function normalizeLanguage(value: unknown): Lang | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (v === '') return undefined;
  if (v in LANGUAGE_NAMES) return LANGUAGE_NAMES[v];
  const primary = v.split(/[-_\s]/)[0];
  return LANGUAGE_NAMES[primary];
}

const KAZAKH_LETTERS = /[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/;
const CYRILLIC = /[\u0400-\u04FF]/;
const LATIN = /[A-Za-z]/;

/**
 * The language a title's script suggests: Kazakh-only letters → kk, other Cyrillic → ru,
 * Latin → en. Only used to pick reference-list terms, never written into the item (a
 * German title is better served by English terms than by the article's, but must not be
 * title-cased as English).
 */
export function guessLanguage(title: unknown): Lang | undefined {
  if (typeof title !== 'string' || title.trim() === '') return undefined;
  if (KAZAKH_LETTERS.test(title)) return 'kk';
  if (CYRILLIC.test(title)) return 'ru';
  if (LATIN.test(title)) return 'en';
  return undefined;
}

const DOI_PREFIX = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i;

export function cleanDoi(value: string): string {
  let v = value.trim().replace(DOI_PREFIX, '').trim();
  // Resolver URLs are sometimes percent-encoded (10.1000%2Fabc).
  if (/%2F/i.test(v)) {
    try {
      v = decodeURIComponent(v);
    } catch {
      /* keep it as written */
    }
  }
  return v;
}

export function cleanUrl(value: string): string {
  return value.trim().replace(/^<(.*)>$/, '$1').replace(/\s+/g, '');
}

const DATE_FIELDS = ['issued', 'accessed', 'original-date', 'event-date', 'submitted', 'available-date'];

/** A CSL date from what CSL-YAML and hand-written CSL-JSON contain: 2020, "2020-03-05", {year: …}. */
function normalizeDate(value: unknown): unknown {
  if (typeof value === 'number') return { 'date-parts': [[value]] };
  if (typeof value === 'string') {
    const m = /^\s*(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$/.exec(value);
    if (m) return { 'date-parts': [[m[1], m[2], m[3]].filter((x) => x !== undefined).map(Number)] };
    return { raw: value };
  }
  if (value instanceof Date) {
    return { 'date-parts': [[value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()]] };
  }
  if (Array.isArray(value)) {
    // Old pandoc CSL-YAML: [{year: 2020, month: 3}], one element per range end.
    const parts = value
      .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null)
      .map((p) => ['year', 'month', 'day'].map((k) => p[k]).filter((x) => x !== undefined).map(Number));
    return parts.length > 0 ? { 'date-parts': parts } : value;
  }
  if (typeof value === 'object' && value !== null) {
    const d = value as Record<string, unknown>;
    if (Array.isArray(d['date-parts'])) {
      return {
        ...d,
        'date-parts': (d['date-parts'] as unknown[]).map((r) => (Array.isArray(r) ? r.map((x) => Number(x)) : r)),
      };
    }
    if ('year' in d) return { 'date-parts': [['year', 'month', 'day'].map((k) => d[k]).filter((x) => x !== undefined).map(Number)] };
  }
  return value;
}

const NAME_FIELDS = ['author', 'editor', 'translator', 'container-author', 'collection-editor', 'compiler', 'contributor', 'director', 'illustrator', 'interviewer', 'original-author', 'recipient', 'reviewed-author'];

/** "Family, Given" or a literal organisation name → a CSL name object. */
function normalizeName(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const comma = value.indexOf(',');
  if (comma > 0) return { family: value.slice(0, comma).trim(), given: value.slice(comma + 1).trim() };
  return { literal: value.trim() };
}

/**
 * Normalises one item in place: language, DOI and URL, dates, names given as strings.
 * Returns the explicit language when the item names one of ours.
 */
export function normalizeItem(item: CslItem): Lang | undefined {
  const lang = normalizeLanguage(item.language);
  if (lang) item.language = lang;

  if (typeof item.DOI === 'string') {
    const doi = cleanDoi(item.DOI);
    if (doi) item.DOI = doi;
    else delete item.DOI;
  }
  if (typeof item.URL === 'string') {
    const url = cleanUrl(item.URL);
    const doiInUrl = /^https?:\/\/(?:dx\.)?doi\.org\/(.+)$/i.exec(url);
    if (doiInUrl && item.DOI === undefined) {
      // A resolver link is a DOI: print it once, as a DOI.
      item.DOI = cleanDoi(url);
      delete item.URL;
    } else if (doiInUrl && item.DOI === cleanDoi(url)) {
      delete item.URL;
    } else if (url) item.URL = url;
    else delete item.URL;
  }
  for (const f of DATE_FIELDS) if (item[f] !== undefined) item[f] = normalizeDate(item[f]);
  for (const f of NAME_FIELDS) {
    const v = item[f];
    if (typeof v === 'string') item[f] = v.split(/\s+and\s+|;\s*/).map(normalizeName);
    else if (Array.isArray(v)) item[f] = v.map(normalizeName);
  }
  for (const f of ['volume', 'issue', 'page', 'number-of-pages', 'edition', 'number'] as const) {
    if (typeof item[f] === 'number') item[f] = String(item[f]);
  }
  return lang;
}
