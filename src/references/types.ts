/**
 * The references stage's data: bibliography files in, CSL-JSON items with source
 * positions in the middle, formatted rich text out.
 */
import type { BibliographyEntry, Inline, Lang, SourcePos } from '../document/model.js';

/** One bibliography file as loaded; `path` is what messages print. */
export interface BibFile {
  path: string;
  text: string;
}

/** A CSL-JSON item. Fields other than these are CSL variables as citation-js produces them. */
export interface CslItem {
  id: string;
  type: string;
  /** After reading: 'en' | 'kk' | 'ru' when the file named one of those, else the file's value. */
  language?: string;
  [field: string]: unknown;
}

export interface LoadedEntry {
  item: CslItem;
  file: string;
  line: number;
  column: number;
  /**
   * The cited work's language, used to pick the terms inside its reference-list entry:
   * from the file's langid/language when it names en/kk/ru, else guessed from the
   * script of the title (see `langSource`).
   */
  lang?: Lang;
  langSource?: 'field' | 'script';
  /** BibTeX `crossref` target key, if any (such targets are not reported as unused). */
  crossref?: string;
  /** An @set's member keys: citing the set cites them (format.ts). */
  members?: string[];
}

export interface CiteItemRef {
  key: string;
  /** e.g. "3", "10–15" */
  locator?: string;
  /** A CSL locator label: page (default), chapter, section, figure, volume, … */
  label?: string;
  prefix?: string;
  suffix?: string;
  suppressAuthor?: boolean;
  pos: SourcePos;
}

export interface Cluster {
  /** Unique in the article; becomes the CitationInline id. */
  id: string;
  items: CiteItemRef[];
  /** parenthetical: "[1]", "(Smith, 2020)"; narrative: "Smith [1]", "Smith (2020)". */
  mode: 'parenthetical' | 'narrative';
}

/** Whose language picks the terms inside a reference-list entry (P./Б./С., Vol./Т.). */
export type EntryTerms = 'entry' | 'article';

export interface FormatRequest {
  /** CSL style XML text (see loadStyle). */
  style: string;
  /** The article's language: citations and the heading use its locale (en-US, kk-KZ, ru-RU). */
  lang: Lang;
  entries: Map<string, LoadedEntry>;
  /** In document order: numbering follows first citation. */
  clusters: Cluster[];
  /** Prefix for entry anchor ids, e.g. "art1-ref-". */
  idPrefix: string;
  /**
   * Overrides the style's choice (its `<?baspa terms="…"?>` instruction; 'article' when
   * absent) of whose language picks the terms inside each entry.
   */
  entryTerms?: EntryTerms;
  /** Folder holding `csl/locales/`; defaults to the repository's `templates/`. */
  templatesDir?: string;
  /** Warn about entries no cluster cites (default true). */
  warnUnused?: boolean;
}

export interface FormattedCluster {
  id: string;
  /** Entry anchor ids the cluster points at, in the cluster's order. */
  targets: string[];
  children: Inline[];
}

export interface FormatResult {
  clusters: FormattedCluster[];
  /** In the style's order; numeric styles have `label` ("[1]") split off `children`. */
  entries: BibliographyEntry[];
  /** The reference-list heading in the article's language. */
  heading: string;
}
