/**
 * Kazakh and Russian Cyrillic in Latin letters, for the second, transliterated reference
 * list that journals indexed abroad print (kazakh.md, "Citations and reference lists").
 *
 * *Proposal* (no source fixes one system for these lists): BGN/PCGN's Russian table without
 * its diacritics and apostrophes (ж zh, х kh, ц ts, щ shch, ы y, ю yu, я ya; ъ and ь
 * dropped), and for the Kazakh letters the forms of the 2021 Latin alphabet without its
 * diacritics where an English reader expects them (қ q, ғ gh, ң ng, ә a, ө o, ұ u, ү u,
 * һ h, і i). ASCII only, so that every index and every font takes it.
 */
import type { CslItem } from './types.js';

const LOWER: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  ә: 'a', ғ: 'gh', қ: 'q', ң: 'ng', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', і: 'i',
};

const CYRILLIC = /\p{Script=Cyrillic}/u;

/** `text` with its Cyrillic letters in Latin ones; everything else as it is. */
export function transliterate(text: string): string {
  if (!CYRILLIC.test(text)) return text;
  const chars = [...text];
  return chars
    .map((c, i) => {
      const lower = c.toLowerCase();
      const latin = LOWER[lower];
      if (latin === undefined) return c;
      if (c === lower || latin === '') return latin;
      // A capital: "Zh" in a word, "ZH" before another capital (ҚазҰУ → QazUU, ЖУРНАЛ → ZHURNAL).
      const next = chars[i + 1];
      const allCaps = next !== undefined && next !== next.toLowerCase() && next === next.toUpperCase();
      return allCaps ? latin.toUpperCase() : latin.charAt(0).toUpperCase() + latin.slice(1);
    })
    .join('');
}

/** Fields that are codes, numbers or addresses: never transliterated. */
const KEEP = new Set(['id', 'type', 'language', 'URL', 'DOI', 'ISBN', 'ISSN', 'PMID', 'PMCID', 'citation-key', 'page', 'volume', 'issue', 'number', 'edition']);

/** A copy of `item` with every text field and name in Latin letters. */
export function transliterateItem(item: CslItem): CslItem {
  const out: CslItem = { ...item };
  for (const [key, value] of Object.entries(item)) {
    if (KEEP.has(key) || key.startsWith('baspa-')) continue;
    if (typeof value === 'string') out[key] = transliterate(value);
    else if (Array.isArray(value) && value.every((n) => typeof n === 'object' && n !== null && !Array.isArray(n))) {
      // Names: every string part of each (family, given, literal, particles, suffix).
      out[key] = value.map((n: Record<string, unknown>) => Object.fromEntries(Object.entries(n).map(([k, v]) => [k, typeof v === 'string' ? transliterate(v) : v])));
    }
  }
  return out;
}
