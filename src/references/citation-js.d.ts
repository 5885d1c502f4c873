/**
 * Minimal declarations for the parts of citation-js (and of the citeproc-js engine it
 * hands out) that the references stage uses. citation-js ships no types; keeping the
 * surface this small makes it obvious what we depend on when upgrading.
 */

declare module '@citation-js/core' {
  export interface ChainOptions {
    /** Parse the input as this citation-js type instead of guessing. */
    forceType?: string;
    /** Keep a parse graph on each item (we do not want it: it is noise in CSL-JSON). */
    generateGraph?: boolean;
    strict?: boolean;
    target?: string;
  }

  /** citation-js's key/value registry (styles, locales). */
  export interface Register<T> {
    add(key: string, value: T): Register<T>;
    set(key: string, value: T): Register<T>;
    get(key: string): T | undefined;
    has(key: string): boolean;
    delete(key: string): Register<T>;
    list(): string[];
  }

  // --- citeproc-js, as returned by the @csl plugin's `engine` -------------------

  export interface CiteprocCiteItem {
    id: string;
    locator?: string;
    label?: string;
    prefix?: string;
    suffix?: string;
    'suppress-author'?: boolean;
    'author-only'?: boolean;
    /** 0 first, 1 subsequent, 2 ibid, 3 ibid-with-locator (CSL.POSITION_*). */
    position?: 0 | 1 | 2 | 3;
  }

  export interface CiteprocCitation {
    citationID: string;
    citationItems: CiteprocCiteItem[];
    properties: { noteIndex: number };
  }

  export interface CiteprocBibliographyMeta {
    entry_ids: string[][];
    'second-field-align': false | 'flush' | 'margin';
    bibstart: string;
    bibend: string;
  }

  /** A filter for makeBibliography: include items whose `field` equals `value`. */
  export interface CiteprocBibSection {
    include?: { field: string; value: string }[];
    select?: { field: string; value: string }[];
    exclude?: { field: string; value: string }[];
  }

  export interface CiteprocEngine {
    /** Clears the processor and processes `citations` in order; returns [citationID, noteIndex, output] each. */
    rebuildProcessorState(
      citations: CiteprocCitation[],
      mode?: string,
      uncitedItemIDs?: string[],
    ): [string, number, string][];
    /** One citation from registered items, without position tracking (we pass positions in). */
    makeCitationCluster(items: CiteprocCiteItem[]): string;
    makeBibliography(bibsection?: CiteprocBibSection): false | [CiteprocBibliographyMeta, string[]];
    /**
     * Registers exactly these items, in this order (the order of first citation); returns
     * the ids in the bibliography's order (the same, unless the style sorts).
     */
    updateItems(ids: string[], nosort?: boolean): string[];
    setOutputFormat(format: string): void;
    opt: {
      development_extensions: { wrap_url_and_doi: boolean; [key: string]: unknown };
      [key: string]: unknown;
    };
  }

  /** What `plugins.config.get('@csl')` returns (see @citation-js/plugin-csl/lib/index.js). */
  export interface CslPluginConfig {
    /**
     * Returns the cached engine for (styleName, locale), creating it on first use.
     * `data` becomes the engine's item store. `locale` must be registered in `locales`.
     */
    engine(data: object[], styleName: string, locale: string, format: string): CiteprocEngine;
    locales: Register<string>;
    styles: Register<string>;
  }

  export namespace plugins {
    namespace input {
      function chain(input: unknown, options?: ChainOptions): unknown;
    }
    namespace config {
      function get(ref: '@csl'): CslPluginConfig;
      function get(ref: string): unknown;
    }
  }

  export const version: string;
}

declare module '@citation-js/plugin-ris' {}
declare module '@citation-js/plugin-csl' {}
