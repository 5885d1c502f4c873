/** Public option types of the EPUB renderer (re-exported by index.ts). */

/**
 * A font to embed. It is stored as `fonts/<family>-<weight>[-italic].<ext>` (family
 * lower-cased, hyphens for spaces: "Baspa Serif" 400 italic → fonts/baspa-serif-400-italic.ttf),
 * the name the stylesheet's @font-face rules give in url().
 */
export interface EpubFont {
  /** The CSS family name the stylesheet's @font-face declares, e.g. "Baspa Serif". */
  family: string;
  style: 'normal' | 'italic';
  weight: number;
  /** The font file: TTF, OTF, WOFF or WOFF2. */
  path: string;
}

export interface EpubOptions {
  /** The template's EPUB CSS text (templates/journal/epub.css); its url()s are relative to OEBPS/. */
  css: string;
  /** Where the CSS came from, for messages (optional). */
  cssFile?: string;
  /** Embedded, referenced by the CSS's @font-face rules, and used to draw the cover. */
  fonts: EpubFont[];
  /** dcterms:modified and every zip timestamp: from SOURCE_DATE_EPOCH, never the wall clock. */
  modified: Date;
  /**
   * For a book with code: the monospaced faces (family "Baspa Mono", which the stylesheet's
   * code and pre rules name) and the token colours; their rules are added to `css`.
   */
  code?: { fonts: EpubFont[]; palette: Record<string, { color?: string; bold?: boolean; italic?: boolean }> };
}
