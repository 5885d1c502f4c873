/**
 * The references stage: bibliography files → CSL-JSON entries with positions
 * (readBibliographies), citation clusters and reference lists → rich text
 * (formatReferences), styles by name or path (loadStyle).
 */
export { readBibliographies } from './read.js';
export { formatReferences } from './format.js';
export { setReferencesCacheDir } from './disk-cache.js';
export { formatLatinList } from './latin-list.js';
export { loadStyle, styleOptions, StyleError, type StyleOptions } from './style.js';
export { loadLocales, localeTag, referencesHeading, DEFAULT_TEMPLATES_DIR, type LocaleSet } from './locales.js';
export { inlineText } from './html.js';
export { normalizeLanguage } from './normalize.js';
export { benchmarkReferences, syntheticBibtex, syntheticClusters, type ReferencesBenchmark } from './bench.js';
export type {
  BibFile,
  CiteItemRef,
  Cluster,
  CslItem,
  EntryTerms,
  FormatRequest,
  FormatResult,
  FormattedCluster,
  LoadedEntry,
} from './types.js';
