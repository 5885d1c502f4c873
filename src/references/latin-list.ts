/**
 * The second reference list that journals indexed abroad (Scopus, Web of Science) print
 * after the first: the same entries in the same order, Kazakh and Russian ones
 * transliterated (transliterate.ts), set with the same style in English terms and marked
 * "(In Kazakh)" or "(In Russian)" (kazakh.md, "Citations and reference lists").
 */
import type { BibliographyEntry } from '../document/model.js';
import { Reporter } from '../messages/diagnostic.js';
import { formatReferences } from './format.js';
import { transliterateItem } from './transliterate.js';
import type { FormatRequest, LoadedEntry } from './types.js';

// A no-break space: "(In" never ends a line apart from its language.
const LANGUAGE_NOTE: Record<string, string> = { kk: 'In\u00a0Kazakh', ru: 'In\u00a0Russian' };

/**
 * `first` is the first list as formatted: the second keeps its order and its labels, which
 * the citations print, even where the style sorts and the Latin spelling would sort otherwise.
 */
export function formatLatinList(req: FormatRequest, first: BibliographyEntry[]): { heading: string; entries: BibliographyEntry[] } {
  const entries = new Map<string, LoadedEntry>();
  for (const [key, e] of req.entries) entries.set(key, { ...e, item: transliterateItem(e.item), lang: 'en' });
  // The first list already said what is wrong with the entries; this one stays quiet.
  const result = formatReferences({ ...req, entries, lang: 'en', entryTerms: 'article', warnUnused: false }, new Reporter());
  const byKey = new Map(result.entries.map((e) => [e.key, e] as const));
  const ordered = first.flatMap((f) => {
    const e = byKey.get(f.key);
    return e ? [{ ...e, label: f.label }] : [];
  });
  const out = ordered.map((entry) => {
    const note = LANGUAGE_NOTE[req.entries.get(entry.key)?.lang ?? ''];
    // Every entry is English now (terms, letters and the note); citations link to the first list.
    const { firstCitation: _first, ...rest } = entry;
    return { ...rest, lang: 'en' as const, children: note ? [...entry.children, { type: 'text' as const, value: ` (${note})` }] : entry.children };
  });
  return { heading: result.heading, entries: out };
}
