/**
 * The YAML front matter of an article, in the shapes authors publish it in: Baspa's own,
 * Pandoc's (`author`, `keywords`), JOSS's (`authors` with `affiliation: "1, 2"`,
 * `affiliations: [{name, index}]`, `tags`, `date`, `equal-contrib`) and Quarto's
 * (`author` with `name: {given, family}`, `affiliations` by `id`). The schema accepts them
 * all; `normalizeFrontMatter` turns them into the one shape the resolver reads.
 */
import { z } from 'zod';
import type { Located } from './yaml.js';
import type { Reporter } from '../messages/diagnostic.js';

/**
 * Limits on what the front matter may hold, far above any article's (an 8 MB affiliation
 * took 27 s to lay out): each string is checked by its length, in linear time.
 */
export const FRONT_MATTER_LIMITS = { line: 2_000, text: 100_000, items: 500 };
const line = (what: string) => z.string().max(FRONT_MATTER_LIMITS.line, `${what} is longer than ${FRONT_MATTER_LIMITS.line.toLocaleString('en')} characters`);
const LANG_MESSAGE = 'lang must be one of en, kk, ru (a region such as en-US is accepted)';
/** `en`, `en-US`, `kk-KZ`, `ru_RU`: the primary tag is what Baspa typesets. */
const langTag = z
  .string()
  .transform((s) => s.trim().toLowerCase().split(/[-_]/)[0])
  .pipe(z.enum(['en', 'kk', 'ru'], { message: LANG_MESSAGE }));

/** A scalar YAML may give as a number or a string ("1, 2" in JOSS). */
const scalar = z.union([z.string(), z.number()]);
/** Quarto: `affiliations: [{ref: id}]` or the affiliation itself, inline. */
const affiliationObject = z.looseObject({
  name: line('An affiliation').optional(),
  index: scalar.optional(),
  id: scalar.optional(),
  ref: scalar.optional(),
  department: z.string().optional(),
  address: z.string().optional(),
  city: z.string().optional(),
  region: z.string().optional(),
  country: z.string().optional(),
});
const affiliationRef = z.union([scalar, affiliationObject]);

const nameObject = z.looseObject({
  given: z.string().optional(),
  family: z.string().optional(),
  literal: z.string().optional(),
  'dropping-particle': z.string().optional(),
  'non-dropping-particle': z.string().optional(),
  suffix: z.string().optional(),
});

const author = z.strictObject({
  name: z.union([line('A name').min(1), nameObject]).optional(),
  'given-names': z.string().optional(),
  given: z.string().optional(),
  surname: z.string().optional(),
  family: z.string().optional(),
  'non-dropping-particle': z.string().optional(),
  'dropping-particle': z.string().optional(),
  suffix: z.string().optional(),
  /** 1-based indexes into `affiliations`, `"1, 2"`, ids, or the affiliation's name. */
  affiliation: z.union([affiliationRef, z.array(affiliationRef)]).optional(),
  affiliations: z.union([affiliationRef, z.array(affiliationRef)]).optional(),
  corresponding: z.boolean().optional(),
  'equal-contrib': z.boolean().optional(),
  email: z.string().optional(),
  orcid: z.string().optional(),
  url: z.string().optional(),
  degrees: z.unknown().optional(),
  roles: z.unknown().optional(),
  role: z.unknown().optional(),
  attributes: z.unknown().optional(),
  note: z.string().optional(),
});

/**
 * The title, abstract and keywords in another language: Kazakh journals print them in all
 * three languages whatever the article's (kazakh.md, "Front matter").
 */
const translation = z.strictObject({
  lang: langTag,
  title: z.string().min(1, 'the title is empty'),
  abstract: z.string().optional(),
  keywords: z.array(z.string()).default([]),
});

const people = z.union([line('A name').min(1), author]);
const stringList = z.union([line('A keyword list'), z.array(scalar.transform(String).pipe(line('A keyword'))).max(FRONT_MATTER_LIMITS.items)]);

export const frontMatterSchema = z.strictObject({
  title: line('The title').min(1, 'the title is empty'),
  subtitle: line('The subtitle').optional(),
  short_title: line('The short title').optional(),
  'title-meta': z.string().optional(),
  lang: langTag.optional(),
  authors: z.union([people, z.array(people).max(FRONT_MATTER_LIMITS.items)]).optional(),
  author: z.union([people, z.array(people).max(FRONT_MATTER_LIMITS.items)]).optional(),
  affiliations: z.array(z.union([line('An affiliation'), affiliationObject])).max(FRONT_MATTER_LIMITS.items).optional(),
  abstract: z.string().max(FRONT_MATTER_LIMITS.text, `The abstract is longer than ${FRONT_MATTER_LIMITS.text.toLocaleString('en')} characters`).optional(),
  keywords: stringList.optional(),
  tags: stringList.optional(),
  date: z.union([z.string(), z.date(), z.number()]).optional(),
  bibliography: z.union([z.string(), z.array(z.string())]).optional(),
  /** Classification codes printed above the title: UDC (ӘОЖ, УДК) and IRSTI (ҒТАМР, МРНТИ). */
  udc: z.string({ message: 'write the UDC code in quotes ("327.5"): a bare number loses its zeros' }).min(1).optional(),
  irsti: z.string({ message: 'write the IRSTI code in quotes ("11.25.40"): a bare number loses its zeros' }).min(1).optional(),
  translations: z.array(translation).default([]),
  // Keys other tools read and Baspa has no use for: accepted quietly.
  'aas-doi': z.unknown().optional(),
  'aas-journal': z.unknown().optional(),
  'link-citations': z.unknown().optional(),
  nocite: z.unknown().optional(),
  csl: z.unknown().optional(),
  'header-includes': z.unknown().optional(),
  output: z.unknown().optional(),
  format: z.unknown().optional(),
  documentclass: z.unknown().optional(),
  classoption: z.unknown().optional(),
  geometry: z.unknown().optional(),
  fontsize: z.unknown().optional(),
  toc: z.unknown().optional(),
  numbersections: z.unknown().optional(),
  'number-sections': z.unknown().optional(),
  'citation-style': z.unknown().optional(),
  'reference-section-title': z.unknown().optional(),
});

export type RawFrontMatter = z.infer<typeof frontMatterSchema>;

/** One author, as the resolver reads it. */
export interface FrontMatterAuthor {
  name: string;
  /** The surname when the front matter names the parts; else the resolver works it out. */
  family?: string;
  given?: string;
  /** 1-based indexes into `affiliations`. */
  affiliation: number[];
  corresponding: boolean;
  equalContrib: boolean;
  email?: string;
  orcid?: string;
}

/** The front matter in its one normalized shape. */
export interface FrontMatter {
  title: string;
  subtitle?: string;
  short_title?: string;
  lang: 'en' | 'kk' | 'ru';
  authors: FrontMatterAuthor[];
  affiliations: string[];
  abstract?: string;
  keywords: string[];
  date?: string;
  bibliography?: string | string[];
  udc?: string;
  irsti?: string;
  translations: { lang: 'en' | 'kk' | 'ru'; title: string; abstract?: string; keywords: string[] }[];
}

type AffiliationObject = z.infer<typeof affiliationObject>;
type AffiliationRef = z.infer<typeof affiliationRef>;
type Path = (string | number)[];

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function affiliationText(a: AffiliationObject): string {
  return [a.department, a.name, a.address, a.city, a.region, a.country].filter((s): s is string => !!s && s.trim() !== '').join(', ');
}

/** "a, b; c" keyword strings as Pandoc users write them. */
function splitKeywords(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map((s) => s.trim()).filter(Boolean);
  return v.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
}

/**
 * The normalized front matter, with `at` taking the normalized key paths (`authors`,
 * `keywords`, `affiliations`) to wherever the author wrote them (`author`, `tags`).
 */
export function normalizeFrontMatter(raw: Located<RawFrontMatter>, defaultLang: 'en' | 'kk' | 'ru', reporter: Reporter): Located<FrontMatter> {
  const r = raw.value;
  const authorsKey = r.authors !== undefined ? 'authors' : 'author';
  const keywordsKey = r.keywords !== undefined ? 'keywords' : 'tags';
  if (r.authors !== undefined && r.author !== undefined) reporter.warn('Both ‘authors’ and ‘author’ are given; ‘author’ is ignored', 'front-matter-duplicate', raw.at(['author']));
  if (r.keywords !== undefined && r.tags !== undefined) reporter.warn('Both ‘keywords’ and ‘tags’ are given; ‘tags’ is ignored', 'front-matter-duplicate', raw.at(['tags']));

  // Affiliations in order; ids and indexes point into them.
  const affiliations: string[] = [];
  const byKey = new Map<string, number>();
  for (const [i, a] of (r.affiliations ?? []).entries()) {
    const text = typeof a === 'string' ? a.trim() : affiliationText(a);
    affiliations.push(text);
    const n = affiliations.length;
    byKey.set(String(n), n);
    if (typeof a !== 'string') {
      if (a.index !== undefined) byKey.set(String(a.index).trim(), n);
      if (a.id !== undefined) byKey.set(String(a.id).trim(), n);
    }
    if (text === '') reporter.warn(`Affiliation ${i + 1} has no name`, 'front-matter-affiliation', raw.at(['affiliations', i]));
  }
  const byText = new Map(affiliations.map((t, i) => [t, i + 1]));
  const lookUp = (ref: AffiliationRef, at: Path, who: string): number[] => {
    const outOfRange = (k: string) => reporter.error(`Author ‘${who}’ refers to affiliation ${k}, but only ${affiliations.length} are listed`, 'front-matter-affiliation', raw.at(at));
    // An index, "1, 2", or ids that all name listed affiliations; bare numbers always count as indexes.
    const keys = typeof ref === 'object' ? [] : String(ref).split(/[,;]/).map((k) => k.trim()).filter(Boolean);
    if (typeof ref === 'number' || (keys.length && keys.every((k) => byKey.has(k) || /^\d+$/.test(k)))) {
      return keys.flatMap((k) => {
        const n = byKey.get(k);
        if (n !== undefined) return [n];
        outOfRange(k);
        return [];
      });
    }
    if (typeof ref === 'string') {
      const text = ref.trim();
      const known = byText.get(text);
      if (known) return [known];
      affiliations.push(text);
      byText.set(text, affiliations.length);
      return [affiliations.length];
    }
    if (ref.ref !== undefined) return lookUp(ref.ref, at, who);
    if (ref.id !== undefined && byKey.has(String(ref.id)) && !ref.name) return [byKey.get(String(ref.id))!];
    const text = affiliationText(ref);
    if (!text) return [];
    return lookUp(text, at, who);
  };

  const rawAuthors = list(r.authors ?? r.author);
  const authors: FrontMatterAuthor[] = rawAuthors.map((a, i) => {
    const at: Path = Array.isArray(r.authors ?? r.author) ? [authorsKey, i] : [authorsKey];
    if (typeof a === 'string') return { name: a.trim(), affiliation: [], corresponding: false, equalContrib: false };
    const nameObj = typeof a.name === 'object' ? a.name : undefined;
    const given = a['given-names'] ?? a.given ?? nameObj?.given;
    const particle = a['non-dropping-particle'] ?? nameObj?.['non-dropping-particle'];
    const familyOnly = a.surname ?? a.family ?? nameObj?.family;
    const family = familyOnly && particle ? `${particle} ${familyOnly}` : familyOnly;
    const suffix = a.suffix ?? nameObj?.suffix;
    const name =
      (typeof a.name === 'string' ? a.name.trim() : nameObj?.literal?.trim()) ||
      [given, a['dropping-particle'] ?? nameObj?.['dropping-particle'], family, suffix].filter(Boolean).join(' ');
    if (!name) reporter.error('An author has no name (give ‘name’, or ‘given-names’ and ‘surname’)', 'front-matter-author', raw.at(at));
    // Messages point at the author, as the affiliation's own place may be a bare index.
    const affiliation = [...new Set([...list(a.affiliation), ...list(a.affiliations)].flatMap((ref) => lookUp(ref, at, name || '?')))];
    return {
      name: name || '?',
      family: family?.trim() || undefined,
      given: given?.trim() || undefined,
      affiliation,
      corresponding: !!a.corresponding,
      equalContrib: !!a['equal-contrib'],
      email: a.email,
      orcid: a.orcid,
    };
  });

  const date = r.date === undefined ? undefined : r.date instanceof Date ? r.date.toISOString().slice(0, 10) : String(r.date);
  const value: FrontMatter = {
    title: r.title,
    subtitle: r.subtitle,
    short_title: r.short_title,
    lang: r.lang ?? defaultLang,
    authors,
    affiliations,
    abstract: r.abstract,
    keywords: splitKeywords(r.keywords ?? r.tags),
    date,
    bibliography: r.bibliography,
    udc: r.udc,
    irsti: r.irsti,
    translations: r.translations,
  };
  const alias: Record<string, string> = { authors: authorsKey, keywords: keywordsKey };
  return { value, at: (p) => raw.at(p.length && typeof p[0] === 'string' && alias[p[0]] ? [alias[p[0]], ...p.slice(1)] : p) };
}
