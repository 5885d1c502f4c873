/**
 * What layout returns: positioned pages that tests can inspect and a thin painter writes.
 * Coordinates are PDF points from the top-left corner of the page; `y` of text is its
 * baseline.
 */
import type { Lang, SourcePos, TypesetMath } from '../document/model.js';

export type Face = 'regular' | 'italic' | 'bold' | 'boldItalic' | MonoFace | 'fallback';
/** The monospaced faces code is set in. */
export type MonoFace = 'mono' | 'monoItalic' | 'monoBold' | 'monoBoldItalic';
/**
 * The faces' files. `fallback` (the template's fallbackFont, e.g. Noto Sans Math) sets what
 * no other face has (∼, ∇, ⊗, Greek in PT Serif); a template may name none.
 */
export type FacePaths = Record<Exclude<Face, 'fallback'>, string> & { fallback?: string };

export interface TextItem {
  kind: 'text';
  x: number;
  y: number;
  text: string;
  face: Face;
  size: number;
  width: number;
  /** OpenType features for this run (e.g. small caps). */
  features: string[];
  /** Horizontal scale of the glyphs (font expansion in justified lines); absent = 1. */
  scale?: number;
  /** Structure element this text belongs to (index into LayoutResult.structure). */
  struct: number;
  /** Running heads and folios are artifacts, not content. */
  artifact?: boolean;
  /** Fill colour (#rrggbb) of highlighted code; absent = black. */
  color?: string;
  /** A list number, reference number or note number hung before its line. */
  label?: true;
  /** Drawn invisibly (text render mode 3): a formula's text for copy and search. */
  invisible?: boolean;
  /** Drawn but not extracted (an empty ActualText): characters a formula's copy text already holds. */
  silent?: boolean;
  pos?: SourcePos;
}

/**
 * A typeset formula: its shapes (em, y down from the baseline) drawn at `size` points with
 * the left end of its baseline at (x, y), as vector paths; `scale` < 1 when a display
 * formula was shrunk to fit its column.
 */
export interface MathItem {
  kind: 'math';
  x: number;
  y: number;
  size: number;
  math: TypesetMath;
  struct: number;
  pos?: SourcePos;
}

export interface RuleItem {
  kind: 'rule';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  thickness: number;
  artifact: true;
}

export interface ImageItem {
  kind: 'image';
  x: number;
  y: number;
  width: number;
  height: number;
  path: string;
  alt: string;
  struct: number;
}

export interface LinkItem {
  kind: 'link';
  x: number;
  y: number;
  width: number;
  height: number;
  /** A named destination inside the document, or an external URL. */
  dest?: string;
  url?: string;
  struct?: number;
}

export interface AnchorItem {
  kind: 'anchor';
  name: string;
  x: number;
  y: number;
}

export type PageItem = TextItem | RuleItem | ImageItem | LinkItem | AnchorItem | MathItem;

/** One set line, as placed: what tests check for justification, margins and widows. */
export interface LineBox {
  /** Left edge of the line's measure and its baseline. */
  x: number;
  y: number;
  /**
   * The measure it was set to, and how far its text reaches from x (the right edge of
   * its last glyph's advance). A justified line ending in punctuation that protrudes
   * (template `spacing.protrusion`) reaches past its measure by exactly `protrusion`:
   * `width <= measure + protrusion`; its optical edge, `width - protrusion`, is the measure.
   */
  measure: number;
  width: number;
  /** How far the line hangs into the right margin on purpose (character protrusion); 0 = flush. */
  protrusion: number;
  align: 'justify' | 'left' | 'center' | 'right';
  /** Last line of its paragraph (set at natural width). */
  last: boolean;
  hyphenated: boolean;
  /** Paragraph identity and the line's place in it. */
  group: number;
  idx: number;
  count: number;
  /** A heading line that must keep the next lines with it. */
  keepWithNext: number;
  /** The column (0-based) of a body line, -1 outside the columns. */
  column: number;
  text: string;
}

export interface PositionedPage {
  /** 0-based index in the document. */
  index: number;
  /** The printed page number (folio), continuous through the issue. */
  folio: number;
  width: number;
  height: number;
  items: PageItem[];
  lines: LineBox[];
}

/** Tagged-PDF roles we use (PDF 1.7 standard structure types). */
export type StructRole =
  | 'Document' | 'Art' | 'Sect' | 'Div' | 'H1' | 'H2' | 'H3' | 'H4' | 'H5' | 'H6' | 'P' | 'L' | 'LI' | 'Lbl' | 'LBody'
  | 'BlockQuote' | 'Note' | 'Table' | 'TR' | 'TH' | 'TD' | 'Figure' | 'TOC' | 'TOCI' | 'Reference' | 'BibEntry' | 'Caption' | 'Code' | 'Formula';

export interface StructNode {
  role: StructRole;
  parent: number | null;
  lang?: Lang;
  alt?: string;
  title?: string;
}

export interface OutlineEntry {
  title: string;
  dest: string;
  children: OutlineEntry[];
}

export interface LayoutResult {
  pages: PositionedPage[];
  structure: StructNode[];
  outline: OutlineEntry[];
  /** First page (folio) of each article, by slug. */
  articlePages: Map<string, { first: number; last: number }>;
}
