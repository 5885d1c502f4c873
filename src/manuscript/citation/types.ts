/**
 * mdast node types for Pandoc-style citations, and the module augmentations that
 * register them with mdast, micromark and mdast-util-from-markdown.
 */
import type { Node, Position } from 'unist';

/** CSL locator types we produce (CSL 1.0.2 names, plus `algorithm`). */
export type LocatorLabel =
  | 'act'
  | 'algorithm'
  | 'appendix'
  | 'book'
  | 'canon'
  | 'chapter'
  | 'column'
  | 'equation'
  | 'figure'
  | 'folio'
  | 'issue'
  | 'line'
  | 'note'
  | 'opus'
  | 'page'
  | 'paragraph'
  | 'part'
  | 'rule'
  | 'scene'
  | 'section'
  | 'sub verbo'
  | 'supplement'
  | 'table'
  | 'verse'
  | 'version'
  | 'volume';

/** One cited work inside a citation cluster. */
export interface CitationItem {
  /** Citation key without `@` (and without the braces of `@{...}`). */
  key: string;
  /**
   * Text before the key, trimmed (`"see"`). Prefix and suffix are kept as their
   * Markdown source (whitespace collapsed), not parsed into phrasing nodes: Pandoc
   * allows emphasis there, and the formatter can parse these short strings itself.
   */
  prefix: string;
  /** Text after the locator, with the separating comma/space removed ("emphasis added"). */
  suffix: string;
  /** Locator value as written ("3", "3–5", "33, 35-37"). */
  locator?: string;
  /** CSL locator type of `locator` ("page", "chapter", ...; one of {@link LocatorLabel}). */
  label?: string;
  /** `[-@key]`: print the year only. */
  suppressAuthor: boolean;
  /** Source span of `@key` (from the `@`, after any `-`, to the key's last character). */
  position: Position;
}

/** A citation cluster: `[see @a, p. 3; @b]` (parenthetical) or `@a [p. 3]` (narrative). */
export interface Citation extends Node {
  type: 'citation';
  mode: 'parenthetical' | 'narrative';
  items: CitationItem[];
}

declare module 'mdast' {
  interface PhrasingContentMap {
    citation: Citation;
  }
  // `Nodes` (used by mdast-util-from-markdown's `enter`) is built from RootContentMap.
  interface RootContentMap {
    citation: Citation;
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    citationParenthetical: 'citationParenthetical';
    citationNarrative: 'citationNarrative';
    citationMarker: 'citationMarker';
    citationPrefix: 'citationPrefix';
    citationSuffix: 'citationSuffix';
    citationSuppressMarker: 'citationSuppressMarker';
    citationKeyMarker: 'citationKeyMarker';
    citationKey: 'citationKey';
    citationSeparator: 'citationSeparator';
    citationWhitespace: 'citationWhitespace';
    citationCheck: 'citationCheck';
  }
}

/** Item fields collected while the tokens of one item are compiled. */
export interface PendingCitationItem {
  prefix: string;
  suppressAuthor: boolean;
  start?: Position['start'];
}

declare module 'mdast-util-from-markdown' {
  interface CompileData {
    citationPending?: PendingCitationItem | undefined;
  }
}

declare module 'mdast-util-to-markdown' {
  interface ConstructNameMap {
    citation: 'citation';
  }
}
