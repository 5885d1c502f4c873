/**
 * BibLaTeX's data model → CSL-JSON: entry types and `type` fields → CSL type and genre (in
 * the entry's language, genre-terms.ts), list fields kept whole ("Durham; London", as
 * pandoc joins them), `crossref` and `xdata` inheritance with biblatex's rules (a book's
 * title becomes its chapters' booktitle), `@set` members, eprints as links, `langid` →
 * language. Field values are LaTeX, converted by latex.ts: titles and notes keep their
 * markup (<i>, <b>, <sup>, nocase), the rest is plain text.
 *
 * Written against biblatex's manual (§2, "Database Guide") and checked against what
 * pandoc's BibLaTeX reader produces for biblatex-examples.bib.
 */
import { parseNames, splitList, type CslName } from './bibtex-names.js';
import { UNPRINTED_FIELDS, type RawBibEntry, type RawField } from './bibtex-syntax.js';
import { genreTerm } from './genre-terms.js';
import { latexToText, verbatimText } from './latex.js';

export interface MappedEntry {
  item: Record<string, unknown>;
  /** Offset of the entry's '@'. */
  offset: number;
  crossref?: string;
  /** An @set's members, in order. */
  members?: string[];
}

export interface MappingProblem {
  message: string;
  offset: number;
  severity: 'error' | 'warning';
  key: string;
}

/** BibLaTeX entry types (and BibTeX's aliases) → CSL types. */
const TYPES: Record<string, string> = {
  article: 'article-journal', book: 'book', mvbook: 'book', inbook: 'chapter', bookinbook: 'chapter',
  suppbook: 'chapter', booklet: 'pamphlet', collection: 'book', mvcollection: 'book', incollection: 'chapter',
  suppcollection: 'chapter', dataset: 'dataset', manual: 'book', misc: 'document', online: 'webpage',
  electronic: 'webpage', www: 'webpage', patent: 'patent', periodical: 'periodical', suppperiodical: 'article',
  proceedings: 'book', mvproceedings: 'book', inproceedings: 'paper-conference', conference: 'paper-conference',
  reference: 'book', mvreference: 'book', inreference: 'entry-encyclopedia', report: 'report',
  techreport: 'report', software: 'software', thesis: 'thesis', phdthesis: 'thesis', mastersthesis: 'thesis',
  unpublished: 'manuscript', artwork: 'graphic', audio: 'song', image: 'graphic', jurisdiction: 'legal_case',
  legislation: 'legislation', legal: 'legislation', letter: 'personal_communication', movie: 'motion_picture',
  music: 'song', performance: 'performance', review: 'review', standard: 'standard', video: 'motion_picture',
  xdata: 'document', set: 'document', commentary: 'book', customa: 'document', customb: 'document',
  customc: 'document', customd: 'document', custome: 'document', customf: 'document',
};

/** The genre key an entry type implies when it has no `type` field. */
const IMPLIED_GENRE: Record<string, string> = { phdthesis: 'phdthesis', mastersthesis: 'mathesis', techreport: 'techreport' };

/** Babel/polyglossia language names (langid, hyphenation, language) → BCP 47. */
const LANGUAGES: Record<string, string> = {
  english: 'en', american: 'en-US', usenglish: 'en-US', british: 'en-GB', ukenglish: 'en-GB', canadian: 'en-CA',
  australian: 'en-AU', newzealand: 'en-NZ', russian: 'ru', kazakh: 'kk', german: 'de', ngerman: 'de',
  austrian: 'de-AT', naustrian: 'de-AT', swissgerman: 'de-CH', nswissgerman: 'de-CH', french: 'fr',
  francais: 'fr', italian: 'it', spanish: 'es', portuguese: 'pt', portuges: 'pt', brazil: 'pt-BR',
  brazilian: 'pt-BR', latin: 'la', greek: 'el', polutonikogreek: 'el', polish: 'pl', czech: 'cs', dutch: 'nl',
  swedish: 'sv', danish: 'da', norwegian: 'nb', norsk: 'nb', nynorsk: 'nn', finnish: 'fi', ukrainian: 'uk',
  turkish: 'tr', chinese: 'zh', japanese: 'ja', korean: 'ko', arabic: 'ar', hebrew: 'he', hungarian: 'hu',
  magyar: 'hu', croatian: 'hr', serbian: 'sr', slovak: 'sk', slovene: 'sl', slovenian: 'sl', romanian: 'ro',
  bulgarian: 'bg', catalan: 'ca', estonian: 'et', latvian: 'lv', lithuanian: 'lt', icelandic: 'is',
  irish: 'ga', welsh: 'cy', basque: 'eu', galician: 'gl', kyrgyz: 'ky', uzbek: 'uz', belarusian: 'be',
  persian: 'fa', farsi: 'fa', hindi: 'hi', vietnamese: 'vi', thai: 'th', indonesian: 'id', malay: 'ms',
  albanian: 'sq', armenian: 'hy', georgian: 'ka', azerbaijani: 'az', tatar: 'tt', mongolian: 'mn',
  afrikaans: 'af', esperanto: 'eo', interlingua: 'ia', sanskrit: 'sa', macedonian: 'mk', bosnian: 'bs',
};

/** Fields an entry never takes from its crossref or xdata parent (biblatex §2.4.1). */
const NOT_INHERITED = new Set([
  'ids', 'crossref', 'xref', 'xdata', 'entryset', 'entrysubtype', 'execute', 'label', 'options', 'presort',
  'related', 'relatedoptions', 'relatedstring', 'relatedtype', 'shorthand', 'shorthandintro', 'sortkey',
]);
const TITLE_FIELDS = ['title', 'subtitle', 'titleaddon'];
const NO_TITLE_INHERITANCE = ['shorttitle', 'sorttitle', 'indextitle', 'indexsorttitle'];
const BOOK_PARTS = new Set(['inbook', 'bookinbook', 'suppbook']);
const COLLECTION_PARTS = new Set(['incollection', 'suppcollection', 'inreference']);
const PROCEEDINGS_PARTS = new Set(['inproceedings', 'conference']);
const MULTIVOLUME = new Set(['mvbook', 'mvcollection', 'mvproceedings', 'mvreference']);

/**
 * How a child's field names a parent's title, for biblatex's inheritance rules:
 * mv* → main*, book/collection/proceedings → book*, periodical → journal*.
 */
function titlePrefix(parentType: string, childType: string): string | undefined {
  if (MULTIVOLUME.has(parentType)) {
    if (['book', 'inbook', 'bookinbook', 'suppbook', 'collection', 'incollection', 'suppcollection', 'proceedings', 'inproceedings', 'reference', 'inreference'].includes(childType)) return 'main';
  }
  if (parentType === 'book' && BOOK_PARTS.has(childType)) return 'book';
  if ((parentType === 'collection' || parentType === 'reference') && COLLECTION_PARTS.has(childType)) return 'book';
  if (parentType === 'proceedings' && PROCEEDINGS_PARTS.has(childType)) return 'book';
  if (parentType === 'periodical' && (childType === 'article' || childType === 'suppperiodical')) return 'journal';
  return undefined;
}

type Fields = Map<string, RawField>;

/** Whose fields an entry inherits, resolved once per entry; loops are reported. */
class Inheritance {
  private readonly resolved = new Map<string, Fields>();
  private readonly active = new Set<string>();
  constructor(
    private readonly registry: Map<string, RawBibEntry>,
    private readonly problems: MappingProblem[],
  ) {}

  fields(entry: RawBibEntry): Fields {
    const done = this.resolved.get(entry.key);
    if (done) return done;
    if (this.active.has(entry.key)) return entry.fields; // the loop is reported by the caller below
    this.active.add(entry.key);
    const out: Fields = new Map(entry.fields);
    // xdata first (its fields are the entry's own, biblatex §3.13.6), then crossref.
    const xdata = entry.fields.get('xdata');
    if (xdata) {
      for (const key of xdata.value.split(',').map((k) => k.trim()).filter(Boolean)) {
        const parent = this.parent(entry, key, xdata, 'xdata');
        if (!parent) continue;
        for (const [name, f] of this.fields(parent)) if (!out.has(name) && !NOT_INHERITED.has(name)) out.set(name, f);
      }
    }
    const crossref = entry.fields.get('crossref');
    if (crossref) {
      const key = crossref.value.trim();
      const parent = this.parent(entry, key, crossref, 'crossref');
      if (parent) {
        const pf = this.fields(parent);
        const prefix = titlePrefix(parent.type, entry.type);
        for (const [name, f] of pf) {
          if (NOT_INHERITED.has(name)) continue;
          let target = name;
          if (prefix && TITLE_FIELDS.includes(name)) target = prefix + name;
          else if (prefix && NO_TITLE_INHERITANCE.includes(name)) continue;
          if (!out.has(target)) out.set(target, f);
        }
        if (parent.type === 'book' || parent.type === 'mvbook') {
          const author = pf.get('author');
          if (author && BOOK_PARTS.has(entry.type) && !out.has('bookauthor')) out.set('bookauthor', author);
        }
      }
    }
    this.active.delete(entry.key);
    this.resolved.set(entry.key, out);
    return out;
  }

  private parent(entry: RawBibEntry, key: string, field: RawField, what: string): RawBibEntry | undefined {
    if (this.active.has(key)) {
      this.problems.push({ message: `${what} loop: entry ‘${entry.key}’ inherits from ‘${key}’, which inherits from ‘${entry.key}’ again; that inheritance is ignored`, offset: field.offset, severity: 'error', key: entry.key });
      return undefined;
    }
    const parent = this.registry.get(key) ?? this.registry.get(key.toLowerCase());
    if (!parent) {
      this.problems.push({ message: `entry ‘${entry.key}’ has ${what} ‘${key}’, which is in none of the article’s bibliography files; nothing is inherited`, offset: field.offset, severity: 'warning', key: entry.key });
      return undefined;
    }
    return parent;
  }
}

/** The language an entry names (langid, then hyphenation, then the first of language). */
function entryLanguage(fields: Fields): string | undefined {
  for (const name of ['langid', 'hyphenation', 'language']) {
    const f = fields.get(name);
    if (!f) continue;
    for (const raw of splitList(f.value)) {
      const v = latexToText(raw, { mode: 'plain' }).text.trim();
      const key = v.toLowerCase().replace(/^lang(?=[a-z])/, '');
      if (LANGUAGES[key]) return LANGUAGES[key];
      // A code or a name we do not know: pass it on (normalize.ts maps en/kk/ru names).
      if (v) return v;
    }
  }
  return undefined;
}

/** Eprint archives → URL makers. */
const EPRINTS: Record<string, (id: string) => string> = {
  arxiv: (id) => `https://arxiv.org/abs/${id}`,
  jstor: (id) => `https://www.jstor.org/stable/${id}`,
  pubmed: (id) => `https://pubmed.ncbi.nlm.nih.gov/${id}/`,
  pmid: (id) => `https://pubmed.ncbi.nlm.nih.gov/${id}/`,
  pmc: (id) => `https://www.ncbi.nlm.nih.gov/pmc/articles/${id}/`,
  pmcid: (id) => `https://www.ncbi.nlm.nih.gov/pmc/articles/${id}/`,
  hdl: (id) => `https://hdl.handle.net/${id}`,
  handle: (id) => `https://hdl.handle.net/${id}`,
  googlebooks: (id) => `https://books.google.com/books?id=${id}`,
  hal: (id) => `https://hal.science/${id}`,
  ssrn: (id) => `https://ssrn.com/abstract=${id}`,
  zbmath: (id) => `https://zbmath.org/?q=an:${id}`,
  mr: (id) => `https://mathscinet.ams.org/mathscinet-getitem?mr=${id}`,
};

/** pubstate keys → what biblatex prints (English; the rest as written). */
const PUBSTATE: Record<string, string> = {
  inpress: 'in press', forthcoming: 'forthcoming', submitted: 'submitted', inpreparation: 'in preparation',
  prepublished: 'pre-published',
};

/** biblatex's localisation keys for `series`. */
const SERIES_KEYS: Record<string, Record<string, string>> = {
  newseries: { en: 'new series', ru: 'новая серия', kk: 'жаңа серия', de: 'neue Folge' },
  oldseries: { en: 'old series', ru: 'старая серия', kk: 'ескі серия', de: 'alte Folge' },
};

function primaryLang(lang: string | undefined): string {
  return (lang ?? 'en').toLowerCase().split(/[-_]/)[0];
}

/** ISO 8601 / EDTF date (2004, 2004-03, 2004-03-05, 1885/1888, 2004/) → a CSL date. */
function cslDate(raw: string): unknown {
  const value = raw.trim();
  const part = /^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T[\d:]+(?:Z|[+-]\d\d:?\d\d)?)?$/;
  const toParts = (s: string): number[] | undefined => {
    const m = part.exec(s.trim().replace(/[~?%]$/, ''));
    if (!m) return undefined;
    return [m[1], m[2], m[3]].filter((x) => x !== undefined).map(Number);
  };
  const range = value.split('/');
  if (range.length <= 2) {
    const a = toParts(range[0]);
    if (a && range.length === 1) return { 'date-parts': [a] };
    if (a && range.length === 2) {
      if (range[1].trim() === '' || range[1].trim() === '..') return { 'date-parts': [a] };
      const b = toParts(range[1]);
      if (b) return { 'date-parts': [a, b] };
    }
  }
  return { literal: value };
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function monthNumber(raw: string): number | undefined {
  const v = raw.trim().toLowerCase().replace(/\.$/, '');
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const i = MONTH_NAMES.findIndex((m) => v.length >= 3 && m.startsWith(v));
  return i >= 0 ? i + 1 : undefined;
}

export interface MapResult {
  entries: MappedEntry[];
  problems: MappingProblem[];
}

/**
 * Maps a file's parsed entries; @xdata entries lend fields and are not entries themselves.
 * `others`: the entries of the other files read with it, for crossref and xdata parents.
 */
export function mapBiblatex(entries: RawBibEntry[], others: readonly RawBibEntry[] = []): MapResult {
  const problems: MappingProblem[] = [];
  // Parents are looked up in the entry's own file first, then in the other files read with it.
  const registry = new Map<string, RawBibEntry>();
  for (const e of [...entries, ...others]) {
    if (!registry.has(e.key)) registry.set(e.key, e);
    const lower = e.key.toLowerCase();
    if (!registry.has(lower)) registry.set(lower, e);
  }
  const inheritance = new Inheritance(registry, problems);
  const out: MappedEntry[] = [];
  for (const e of entries) {
    if (e.type === 'xdata') continue;
    const fields = inheritance.fields(e);
    const mapped = new EntryMapper(e, fields, problems).map();
    out.push(mapped);
  }
  return { entries: out, problems };
}

class EntryMapper {
  private readonly item: Record<string, unknown>;
  private readonly lang: string | undefined;
  private useprefix = false;
  constructor(
    private readonly entry: RawBibEntry,
    private readonly fields: Fields,
    private readonly problems: MappingProblem[],
  ) {
    this.item = { id: entry.key, 'citation-key': entry.key };
    this.lang = entryLanguage(fields);
  }

  /** A field's text: rich (markup kept) or plain; unknown commands reported once per field. */
  private text(name: string, mode: 'rich' | 'plain' = 'plain', protectCase = false): string | undefined {
    const f = this.fields.get(name);
    if (!f) return undefined;
    return this.convert(f, mode, protectCase);
  }

  private convert(f: RawField, mode: 'rich' | 'plain', protectCase: boolean, raw = f.value): string {
    // Most values hold no TeX at all: skip the converter.
    if (!/[\\{}$~`'<>!?\-^_]/.test(raw)) return raw.replace(/\s+/g, ' ').trim().normalize('NFC');
    const r = latexToText(raw, { mode, lang: this.lang, protectCase });
    // An inherited field is reported where it is written, when its own entry is mapped.
    if (r.unknown.length > 0 && !UNPRINTED_FIELDS.has(f.name) && this.entry.fields.get(f.name) === f) {
      this.problems.push({
        message: `unknown LaTeX command${r.unknown.length > 1 ? 's' : ''} ${[...new Set(r.unknown)].join(', ')} in field ‘${f.name}’ of entry ‘${this.entry.key}’: only ${r.unknown.length > 1 ? 'their' : 'its'} text is printed`,
        offset: f.offset,
        severity: 'warning',
        key: this.entry.key,
      });
    }
    return r.text;
  }

  /** A list field (`A and B`) → its items joined as pandoc joins them: "A; B". */
  private list(name: string): string | undefined {
    const f = this.fields.get(name);
    if (!f) return undefined;
    const items = splitList(f.value).map((raw) => this.convert(f, 'plain', false, raw)).filter((s) => s !== '');
    return items.length > 0 ? items.join('; ') : undefined;
  }

  private verbatim(name: string): string | undefined {
    const f = this.fields.get(name);
    return f ? verbatimText(f.value) : undefined;
  }

  private names(name: string): CslName[] | undefined {
    const f = this.fields.get(name);
    if (!f) return undefined;
    const list = parseNames(f.value);
    // biblatex drops "von" in front of the family name unless useprefix is set (its
    // default, and what pandoc does): CSL's dropping particle.
    if (!this.useprefix) {
      for (const n of list) {
        const p = n['non-dropping-particle'];
        if (p !== undefined) {
          delete n['non-dropping-particle'];
          n['dropping-particle'] = p;
        }
      }
    }
    return list.length > 0 ? list : undefined;
  }

  private set(target: string, value: unknown): void {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return;
    if (this.item[target] === undefined) this.item[target] = value;
  }

  /** title + subtitle + titleaddon, as biblatex prints them ("Title: Subtitle. Addon"). */
  private title(prefix: string): string | undefined {
    const title = this.text(prefix + 'title', 'rich', true);
    if (!title) return undefined;
    let out = title;
    const sub = this.text(prefix + 'subtitle', 'rich', true);
    if (sub) out += (/[.?!:]$/.test(out) ? ' ' : ': ') + sub;
    const addon = this.text(prefix + 'titleaddon', 'rich', true);
    if (addon) out += (/[.?!]$/.test(out) ? ' ' : '. ') + addon;
    return out;
  }

  map(): MappedEntry {
    const e = this.entry;
    const item = this.item;
    const type = e.type;
    const subtype = this.text('entrysubtype')?.toLowerCase();
    let cslType = TYPES[type] ?? 'document';
    if (type === 'article' && subtype === 'magazine') cslType = 'article-magazine';
    if (type === 'article' && subtype === 'newspaper') cslType = 'article-newspaper';
    item.type = cslType;
    if (this.lang) item.language = this.lang;

    // Names.
    this.useprefix = /\buseprefix\s*(?:=\s*true)?\b(?!\s*=\s*false)/i.test(this.fields.get('options')?.value ?? '');
    this.set('author', this.names('author'));
    const editorType = this.text('editortype')?.toLowerCase();
    const editors = this.names('editor');
    if (editorType === 'compiler') this.set('compiler', editors);
    else if (editorType === 'director') this.set('director', editors);
    else this.set('editor', editors);
    this.set('translator', this.names('translator'));
    this.set('container-author', this.names('bookauthor'));
    for (const extra of ['editora', 'editorb', 'editorc']) {
      const role = this.text(extra + 'type')?.toLowerCase();
      const list = this.names(extra);
      if (!list) continue;
      if (role === 'translator') this.set('translator', list);
      else if (role === 'compiler') this.set('compiler', list);
      else if (role === 'director') this.set('director', list);
      else if (role === 'editor' || role === 'redactor' || role === undefined) this.set('editor', list);
    }

    // Titles.
    const title = this.title('');
    const main = this.title('main');
    const book = this.title('book');
    const journal = this.title('journal') ?? this.text('journal', 'rich', true);
    const isPart = cslType === 'chapter' || cslType === 'paper-conference' || cslType === 'entry-encyclopedia';
    if (cslType.startsWith('article') || cslType === 'review') {
      this.set('title', title);
      this.set('container-title', journal);
    } else if (isPart) {
      this.set('title', title);
      if (main && book) {
        this.set('container-title', main);
        this.set('volume-title', book);
      } else this.set('container-title', book ?? main ?? journal);
    } else if (type === 'periodical') {
      // An issue of a journal: its issue title, in the journal (as pandoc has it).
      const issueTitle = this.title('issue');
      if (issueTitle) {
        item.type = 'article-journal';
        this.set('title', issueTitle);
        this.set('container-title', title);
      } else this.set('title', title);
    } else if (main && title && cslType === 'book') {
      // A volume of a multi-volume work keeps its own title; the work's title goes where
      // styles print a series (few print CSL's volume-title, which pandoc uses).
      this.set('title', title);
      if (!this.fields.has('series')) this.set('collection-title', main);
    } else {
      this.set('title', title ?? main ?? book);
      if (journal && cslType !== 'book') this.set('container-title', journal);
    }
    this.set('title-short', this.text('shorttitle', 'rich', true));
    this.set('container-title-short', this.text('shortjournal', 'plain'));
    const series = this.text('series', 'rich', true);
    this.set('collection-title', series ? (SERIES_KEYS[series.toLowerCase()]?.[primaryLang(this.lang)] ?? SERIES_KEYS[series.toLowerCase()]?.en ?? series) : undefined);
    this.set('original-title', this.text('origtitle', 'rich', true));
    this.set('event-title', this.text('eventtitle', 'rich', true));
    this.set('event-place', this.text('venue'));
    if (this.fields.has('eventdate')) this.set('event-date', cslDate(this.text('eventdate')!));

    // Numbers.
    const number = this.text('number');
    const issue = this.text('issue');
    if (cslType.startsWith('article') || cslType === 'periodical' || cslType === 'paper-conference') {
      this.set('issue', number && issue ? `${number}, ${issue}` : (number ?? issue));
    } else if (cslType === 'report' || cslType === 'patent' || cslType === 'legislation' || cslType === 'standard' || cslType === 'document') {
      this.set('number', number);
      this.set('issue', issue);
    } else {
      this.set('collection-number', number);
      this.set('issue', issue);
    }
    // biblatex prints volume and part as "7.2".
    const volume = this.text('volume');
    const part = this.text('part');
    this.set('volume', volume && part ? `${volume}.${part}` : volume);
    this.set('number-of-volumes', this.text('volumes'));
    const pages = this.text('pages');
    if (pages) this.set('page', pages.replace(/\s*[–—]\s*/g, '-'));
    // "235 с." / "xii, 300 pp.": the style adds the page term itself.
    const pagetotal = this.text('pagetotal')?.trim();
    this.set('number-of-pages', pagetotal?.replace(/^(\d+)\s*(?:с|б|p|pp|S|pages?|стр|бет)\.?$/iu, '$1'));
    this.set('chapter-number', this.text('chapter'));
    this.set('edition', this.edition());
    this.set('version', this.text('version'));
    if (this.fields.has('eid') && cslType.startsWith('article')) this.set('number', this.text('eid'));

    // Publication.
    const publisher = this.list('publisher');
    const institution = this.list('institution') ?? this.list('school');
    const organization = this.list('organization');
    if (cslType === 'thesis' || cslType === 'report') this.set('publisher', institution ?? publisher ?? organization);
    else this.set('publisher', publisher ?? organization ?? institution);
    const location = this.list('location') ?? this.list('address');
    if (cslType === 'patent') this.set('jurisdiction', location);
    else this.set('publisher-place', location);
    this.set('original-publisher', this.list('origpublisher'));
    this.set('original-publisher-place', this.list('origlocation'));
    const howpublished = this.text('howpublished', 'rich');
    if (howpublished) {
      const url = /^\\url\{|^https?:\/\//.test(this.fields.get('howpublished')!.value.trim());
      if (url) this.set('URL', this.verbatim('howpublished')!.replace(/^\\url/, ''));
      else this.set('publisher', howpublished);
    }

    // Genre: the type field, or what the entry type implies, in the entry's language.
    const typeField = this.fields.get('type');
    const genreKey = typeField ? this.convert(typeField, 'plain', false) : IMPLIED_GENRE[type];
    if (genreKey) this.set('genre', genreTerm(genreKey, this.lang ?? this.scriptLanguage()) ?? genreKey);

    // Dates.
    const date = this.text('date');
    if (date) this.set('issued', cslDate(date));
    else {
      const year = this.text('year');
      if (year) {
        const y = /^\s*(-?\d{1,4})\s*$/.exec(year);
        if (y) {
          const parts: number[] = [Number(y[1])];
          const month = this.fields.has('month') ? monthNumber(this.text('month')!) : undefined;
          if (month) {
            parts.push(month);
            const day = this.text('day');
            if (day && /^\d{1,2}$/.test(day.trim())) parts.push(Number(day));
          }
          this.set('issued', { 'date-parts': [parts] });
        } else this.set('issued', cslDate(year));
      }
    }
    if (this.fields.has('urldate')) this.set('accessed', cslDate(this.text('urldate')!));
    if (this.fields.has('origdate')) this.set('original-date', cslDate(this.text('origdate')!));
    else if (this.fields.has('origyear')) this.set('original-date', cslDate(this.text('origyear')!));
    const pubstate = this.text('pubstate');
    if (pubstate) this.set('status', PUBSTATE[pubstate.toLowerCase()] ?? pubstate);

    // Identifiers and links.
    this.set('DOI', this.verbatim('doi'));
    this.set('URL', this.verbatim('url'));
    this.set('ISBN', this.text('isbn'));
    this.set('ISSN', this.text('issn'));
    this.eprint();

    // Notes and the fields no list prints (kept for styles that do).
    const note = [this.text('note', 'rich'), this.text('addendum', 'rich')].filter(Boolean).join('. ');
    this.set('note', note);
    this.set('abstract', this.text('abstract', 'plain'));
    this.set('annote', this.text('annotation', 'plain') ?? this.text('annote', 'plain'));
    const keywords = this.fields.get('keywords');
    if (keywords) this.set('keyword', this.convert(keywords, 'plain', false).split(/\s*[,;]\s*/).filter(Boolean).join(', '));

    const mapped: MappedEntry = { item, offset: e.offset };
    const crossref = e.fields.get('crossref')?.value.trim();
    if (crossref) mapped.crossref = crossref;
    if (type === 'set') {
      const members = (this.fields.get('entryset')?.value ?? '').split(',').map((k) => k.trim()).filter(Boolean);
      if (members.length > 0) mapped.members = members;
      else this.problems.push({ message: `@set ‘${e.key}’ has no entryset: it has no members to print`, offset: e.offset, severity: 'warning', key: e.key });
    }
    return mapped;
  }

  /** The script of the title, for the genre term when the entry names no language. */
  private scriptLanguage(): string | undefined {
    const title = this.fields.get('title')?.value ?? '';
    if (/[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/.test(title)) return 'kk';
    if (/[\u0400-\u04FF]/.test(title)) return 'ru';
    return undefined;
  }

  /**
   * A number stays a number, so the style makes it "3rd ed." / "3-е изд."; so does a number
   * written with its ordinal or the word ("3-е изд.", "3rd ed."), which styles would
   * otherwise print twice. Text ("3-е изд., перераб. и доп.") is printed as written: its
   * first hyphen becomes U+2010 (the same glyph), because citeproc-js takes any value
   * starting "3-" for a number and printed "3-е-е изд., перераб. и доп. изд.".
   */
  private edition(): string | undefined {
    const ed = this.text('edition')?.trim();
    if (!ed) return undefined;
    const number = /^(\d+)\s*(?:-?(?:е|й|ое|ье|я|st|nd|rd|th)|\.)?\s*(?:изд\.?|издание|ed\.?|edn\.?|edition|бас\.?|басылым|Aufl\.?|Auflage)?$/iu.exec(ed);
    if (number) return number[1];
    if (/^\d/.test(ed)) return ed.replace(/^(\d+)-/, '$1\u2010');
    return ed;
  }

  /** eprint + eprinttype (or archivePrefix) → URL; pmid/pmcid too. */
  private eprint(): void {
    const id = this.verbatim('eprint');
    const kind = (this.text('eprinttype') ?? this.text('archiveprefix') ?? '').toLowerCase().replace(/\s+/g, '');
    if (id) {
      if (kind === 'doi') this.set('DOI', id);
      if (kind === 'pubmed' || kind === 'pmid') this.set('PMID', id);
      if (kind === 'pmc' || kind === 'pmcid') this.set('PMCID', id);
      const make = EPRINTS[kind];
      if (make) this.set('URL', make(id));
      else if (kind === '' && /^\d{4}\.\d{4,5}(v\d+)?$|^[a-z-]+(\.[A-Z]{2})?\/\d{7}(v\d+)?$/.test(id)) this.set('URL', EPRINTS.arxiv(id));
    }
    const pmid = this.verbatim('pmid');
    if (pmid) {
      this.set('PMID', pmid);
      this.set('URL', EPRINTS.pubmed(pmid));
    }
    const pmcid = this.verbatim('pmcid');
    if (pmcid) {
      this.set('PMCID', pmcid);
      this.set('URL', EPRINTS.pmc(pmcid));
    }
  }
}
