/**
 * The resolved document: one typed tree that both renderers read.
 *
 * Everything here is final text: citations are already formatted, quotes already
 * language-specific, notes already numbered. Renderers never parse Markdown and never
 * call citation-js; they only walk these nodes.
 *
 * Every node keeps the source position it came from (`pos`) so that a layout or
 * packaging problem can still point at `file:line:column`.
 */

/** A place in a source file (1-based line and column, as unist and vfile count). */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

/** BCP 47 primary language tags Baspa typesets. */
export type Lang = 'en' | 'kk' | 'ru';
export const LANGS: readonly Lang[] = ['en', 'kk', 'ru'];

// ---------------------------------------------------------------------------
// Inlines: rich text

export interface TextInline {
  type: 'text';
  value: string;
  pos?: SourcePos;
}
export interface StyledInline {
  type: 'emphasis' | 'strong' | 'smallcaps' | 'superscript' | 'subscript';
  children: Inline[];
  pos?: SourcePos;
}
export interface CodeInline {
  type: 'code';
  value: string;
  pos?: SourcePos;
}
/** An external link (URL or e-mail). */
export interface LinkInline {
  type: 'link';
  url: string;
  children: Inline[];
  pos?: SourcePos;
}
/**
 * A formatted citation cluster. `targets` are the ids of the bibliography entries it
 * points at (the first one is the link target); `id` is unique in the article so an
 * entry can link back to its first citation.
 */
export interface CitationInline {
  type: 'citation';
  id: string;
  targets: string[];
  children: Inline[];
  pos?: SourcePos;
}
/** A call to a footnote; the note itself sits in `Article.notes`. */
export interface NoteRefInline {
  type: 'noteref';
  noteId: string;
  label: string;
  pos?: SourcePos;
}
/** A stretch of text in another language than its surroundings. */
export interface LangSpanInline {
  type: 'lang';
  lang: Lang;
  children: Inline[];
  pos?: SourcePos;
}
export interface BreakInline {
  type: 'break';
  pos?: SourcePos;
}

/**
 * One piece of a typeset formula, in em of the surrounding text, origin at the left end
 * of the baseline, y downwards. `m` is the affine matrix [a b c d e f] (SVG's order) from
 * the piece's own coordinates (MathJax's font units for paths) to those em.
 */
export type MathShape =
  | { kind: 'path'; d: string; m: number[]; color?: string }
  | { kind: 'rect'; x: number; y: number; w: number; h: number; m: number[]; color?: string }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; width: number; m: number[]; color?: string }
  /** Characters the math fonts lack (Cyrillic in \text{}): set in the body face at (x, y), `size` em. */
  | { kind: 'text'; text: string; x: number; y: number; size: number; italic: boolean; bold?: boolean; color?: string };

/** A formula as the math engine set it (src/math/engine.ts), once, in resolve. */
export interface TypesetMath {
  /** Box metrics in em of the surrounding text: height above and depth below the baseline. */
  width: number;
  height: number;
  depth: number;
  shapes: MathShape[];
  /** A <math> element (MathML namespace, alttext = the TeX, display="block" for display). */
  mathml: string;
  /** A plain linear reading (x^2, a/b, Unicode symbols): the PDF's text for copy and search. */
  copyText: string;
  /** Baselines of the rows of a top-level table (align, gather), in em below the formula's baseline. */
  rows?: number[];
}

/** Inline TeX math ($…$). */
export interface MathInline {
  type: 'math';
  tex: string;
  typeset: TypesetMath;
  pos?: SourcePos;
}

export type Inline =
  | TextInline
  | StyledInline
  | CodeInline
  | LinkInline
  | CitationInline
  | NoteRefInline
  | LangSpanInline
  | BreakInline
  | MathInline;

// ---------------------------------------------------------------------------
// Blocks

export interface HeadingBlock {
  type: 'heading';
  /** 1 = section, 2 = sub-section, 3+ = lower levels (the article title is not a heading). */
  depth: number;
  /** Stable anchor id, unique in the issue. */
  id: string;
  children: Inline[];
  pos: SourcePos;
}
export interface ParagraphBlock {
  type: 'paragraph';
  children: Inline[];
  pos: SourcePos;
}
export interface ListBlock {
  type: 'list';
  ordered: boolean;
  start: number;
  items: ListItem[];
  pos: SourcePos;
}
export interface ListItem {
  children: Block[];
  pos: SourcePos;
}
/** A LaTeX `description` list: each term printed bold, then its text. */
export interface DefinitionListBlock {
  type: 'definitionList';
  items: DefinitionItem[];
  pos: SourcePos;
}
export interface DefinitionItem {
  term: Inline[];
  children: Block[];
  pos: SourcePos;
}
export interface BlockquoteBlock {
  type: 'blockquote';
  children: Block[];
  pos: SourcePos;
}
export type Align = 'left' | 'right' | 'center' | null;
export interface TableBlock {
  type: 'table';
  align: Align[];
  /** The first row is the header row. */
  rows: TableCell[][];
  pos: SourcePos;
}
export interface TableCell {
  children: Inline[];
  pos: SourcePos;
}
export interface CodeBlock {
  type: 'code';
  /** The code as written (tabs and all). */
  value: string;
  /** The fence's language, lower-cased, when it gave one. */
  lang?: string;
  /**
   * The code tokenized once, in resolve: one entry per source line (blank lines kept, tabs
   * expanded to the template's stops), each a run of tokens. `token` is the highlighter's
   * class (highlight.js scope: keyword, string, comment, title…); plain text has none.
   * The renderers look the class up in the template's palette.
   */
  lines: CodeToken[][];
  pos: SourcePos;
}
export interface CodeToken {
  text: string;
  token?: string;
}
export interface ThematicBreakBlock {
  type: 'thematicBreak';
  pos: SourcePos;
}
export interface ImageBlock {
  type: 'image';
  /** Absolute path of the image file, checked to lie inside the manuscript folder. */
  path: string;
  alt: string;
  pos: SourcePos;
}

/**
 * Display math ($$…$$, or an equation environment pasted into the text). Numbered per
 * article when labelled ({#eq:x} after $$, \label{x}) or a numbered environment; `id` is
 * the anchor cross-references link to.
 */
export interface MathBlock {
  type: 'math';
  display: true;
  tex: string;
  id: string;
  label?: string;
  /** The printed number without parentheses ("3"), absent when unnumbered. */
  number?: string;
  /**
   * An environment LaTeX numbers row by row (align, gather, eqnarray): each numbered row's
   * number, label and anchor id, `row` its index. `label`/`number`/`id` above are the first
   * labelled row's (else the first numbered row's), so a reference to the block still resolves.
   */
  rows?: { row: number; number: string; label?: string; id: string }[];
  typeset: TypesetMath;
  pos: SourcePos;
}

export type Block =
  | MathBlock
  | HeadingBlock
  | ParagraphBlock
  | ListBlock
  | DefinitionListBlock
  | BlockquoteBlock
  | TableBlock
  | CodeBlock
  | ThematicBreakBlock
  | ImageBlock;

// ---------------------------------------------------------------------------
// Articles and the issue

export interface Author {
  name: string;
  /** The surname, when the front matter names the parts (running heads, metadata). */
  family?: string;
  given?: string;
  /** For running heads: `family` when given, else taken from the name (names.ts). */
  surname: string;
  /** Indexes (1-based) into Article.affiliations. */
  affiliations: number[];
  corresponding: boolean;
  /** JOSS `equal-contrib`: shares first authorship. */
  equalContrib?: boolean;
  email?: string;
  /** The bare iD ("0000-0002-1825-0097"); the front matter may give it as a URL. */
  orcid?: string;
}

export interface Affiliation {
  /** Institution, city, country joined as the front matter gives them. */
  text: string;
}

export interface Note {
  id: string;
  label: string;
  children: Block[];
  pos: SourcePos;
}

export interface BibliographyEntry {
  /** Anchor id, unique in the issue. */
  id: string;
  /** The citation-file key. */
  key: string;
  /** What the list prints before the entry, e.g. "[3]" (empty for author-date styles). */
  label: string;
  children: Inline[];
  /** Language of the cited work when known (entries keep their own language). */
  lang?: Lang;
  /** Id of the first citation that points here, for the back link. */
  firstCitation?: string;
  pos?: SourcePos;
}

export interface Bibliography {
  heading: string;
  entries: BibliographyEntry[];
  /** The same entries transliterated, for indexes abroad (issue.yaml `latin_references`). */
  latin?: { heading: string; entries: BibliographyEntry[] };
}

/** Labels printed around an article, in its language. */
export interface Labels {
  abstract: string;
  keywords: string;
  references: string;
  contents: string;
  volume: string;
  number: string;
  pages: string;
  notes: string;
  udc: string;
  irsti: string;
  /** "and", "және", "и": two authors in a running head. */
  and: string;
  /** "et al.", "т.б.", "и др.": more than two. */
  etAl: string;
}

/** An article's title, abstract and keywords in another language, with that language's labels. */
export interface Translation {
  lang: Lang;
  title: Inline[];
  abstract?: Block[];
  keywords: string[];
  labels: Labels;
  pos: SourcePos;
}

export interface Article {
  /** The folder name, used for ids and file names. */
  slug: string;
  lang: Lang;
  title: Inline[];
  /** Plain-text title, for metadata, outlines and running heads. */
  titleText: string;
  shortTitle: string;
  subtitle?: Inline[];
  authors: Author[];
  affiliations: Affiliation[];
  abstract?: Block[];
  keywords: string[];
  /** Classification codes printed above the title ("ӘОЖ 327", "ҒТАМР 11.25.40"). */
  codes: { label: string; value: string }[];
  /** The title, abstract and keywords in the issue's other languages, printed after the references. */
  translations: Translation[];
  body: Block[];
  notes: Note[];
  bibliography: Bibliography;
  labels: Labels;
  /** The manuscript file. */
  source: string;
  pos: SourcePos;
}

export interface Journal {
  title: string;
  shortTitle?: string;
  issn?: string;
  eissn?: string;
  publisher?: string;
  url?: string;
}

export interface Issue {
  journal: Journal;
  volume: string;
  number: string;
  year: number;
  /** Languages of the issue, first is the main one. */
  langs: Lang[];
  /** Release date (ISO yyyy-mm-dd), from SOURCE_DATE_EPOCH or issue.yaml. */
  date: string;
  /** Stable identifier for the e-book, derived from issue.yaml. */
  identifier: string;
  articles: Article[];
  /** Labels in the issue's main language (contents, title page). */
  labels: Labels;
  source: string;
}
