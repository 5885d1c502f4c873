/**
 * Hyphenation stage for the Knuth–Plass line breaker: where a discretionary hyphen may go
 * in one word of running text.
 *
 * English and Russian use Liang patterns from the `hyphen` package; Kazakh, for which no
 * usable patterns exist, uses the rule-based syllabifier in `kazakh.ts`.
 */
import { kazakhPoints } from './kazakh.js';
import { patternPoints } from './patterns.js';

export type HyphenationLang = 'en' | 'ru' | 'kk';

/** The limits for pattern languages: letters before the first / after the last point. */
const PATTERN_MIN_BEFORE = 2;
const PATTERN_MIN_AFTER = 3;
/** Runs of at most this many letters with no lower-case letter are abbreviations (ҚР, NATO). */
const ABBREVIATION_MAX = 5;
/**
 * Cache size per language and generation. A 200-article volume has some tens of thousands
 * of distinct word forms; a language keeps at most two generations (see `hyphenationPoints`).
 */
const GENERATION = 25_000;

// Compiled once: the layout calls us for every word of a volume.
const LETTER_RUN = /\p{L}[\p{L}\p{M}]*/gu;
// Any number character (digits, superscripts, fractions): 70 км, 2012 жыл, 11-сынып.
const NUMBER = /\p{N}/u;
// Joiners and other invisible format characters: the author has already decided about
// breaks inside such a word, so we add none (soft hyphens are the points themselves).
const FORMAT_CHAR = /\p{Cf}/u;
const LATIN = /\p{Script=Latin}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const NOT_LATIN = /[^\p{Script=Latin}\p{M}]/u;
const NOT_CYRILLIC = /[^\p{Script=Cyrillic}\p{M}]/u;
const LOWER = /\p{Ll}/u;
// A capital right after a small letter inside one run marks an abbreviation or a brand
// (ҚазҰУ, ҚазМҰУ, iPhone), not a word our patterns or rules know.
const INNER_CAPITAL = /\p{Ll}\p{M}*\p{Lu}/u;
const MARK = /\p{M}/u;
// No `u` flag: it must see the halves of an astral character, which none of our alphabets uses.
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Two generations instead of a strict LRU: a hit costs one or two `get`s and no reordering.
 * When the young map is full it becomes the old one and the previous old one is dropped;
 * words still in use are copied forward on their next hit.
 */
interface Generations {
  young: Map<string, readonly number[]>;
  old: Map<string, readonly number[]>;
}
const EMPTY: readonly number[] = Object.freeze([]);

const caches: Record<HyphenationLang, Generations> = {
  en: { young: new Map(), old: new Map() },
  ru: { young: new Map(), old: new Map() },
  kk: { young: new Map(), old: new Map() },
};

/**
 * Offsets (UTF-16 indexes into `word`) where a discretionary hyphen may go: a break
 * between word[i-1] and word[i]. Sorted ascending. Synchronous, cached.
 *
 * `word` is one word as it appears in running text. Points fall only inside runs of
 * letters: never next to leading or trailing punctuation, an apostrophe or a hard hyphen
 * (each part of Kazakh-Afghan or саяси-қоғамдық is hyphenated on its own, with its own
 * minimum lengths). A word with soft hyphens has its points there and nowhere else. No
 * points in a word containing a digit or an invisible format character (joiners), in a run mixing Latin and Cyrillic letters (look-alike
 * letters: the whole word gets none), or in a run that looks like an abbreviation (ALL-CAPS
 * of at most five letters, or a capital after a small letter: ҚР, БҰҰ, ҚазҰУ, NATO).
 */
export function hyphenationPoints(word: string, lang: HyphenationLang): number[] {
  const cache = caches[lang];
  let points = cache.young.get(word);
  if (points === undefined) {
    points = cache.old.get(word) ?? computePoints(word, lang);
    if (cache.young.size >= GENERATION) {
      cache.old = cache.young;
      cache.young = new Map();
    }
    cache.young.set(word, points);
  }
  // A copy, so that a caller cannot change what later calls get.
  return points.slice();
}

function computePoints(word: string, lang: HyphenationLang): readonly number[] {
  // The author's soft hyphens are the word's only points, as TeX's \- are.
  if (word.includes(SOFT_HYPHEN)) return softHyphenPoints(word);
  if (word.length < 4 || NUMBER.test(word) || FORMAT_CHAR.test(word)) return EMPTY;
  const points: number[] = [];
  LETTER_RUN.lastIndex = 0;
  for (let m = LETTER_RUN.exec(word); m !== null; m = LETTER_RUN.exec(word)) {
    const run = m[0];
    if (LATIN.test(run) && CYRILLIC.test(run)) return EMPTY;
    for (const p of runPoints(run, lang)) points.push(m.index + p);
  }
  return points.length === 0 ? EMPTY : points;
}

const SOFT_HYPHEN = '\u00AD';

/** A point after each soft hyphen that has a letter on both sides. */
function softHyphenPoints(word: string): readonly number[] {
  const points: number[] = [];
  for (let i = word.indexOf(SOFT_HYPHEN); i !== -1; i = word.indexOf(SOFT_HYPHEN, i + 1)) {
    if (i > 0 && i + 1 < word.length && /\p{L}/u.test(word[i - 1]) && /\p{L}/u.test(word[i + 1])) points.push(i + 1);
  }
  return points.length === 0 ? EMPTY : points;
}

/** Points inside one run of letters (offsets into the run). */
function runPoints(run: string, lang: HyphenationLang): readonly number[] {
  if (run.length < 4 || SURROGATE.test(run)) return EMPTY;
  if (lang === 'en' ? NOT_LATIN.test(run) : NOT_CYRILLIC.test(run)) return EMPTY;

  // Work on one code unit per letter: compose combining marks (й written as и + U+0306)
  // and remember where each letter starts in the original run.
  let letters = run;
  const starts: number[] = [];
  if (MARK.test(run)) {
    letters = run.normalize('NFC');
    for (let i = 0; i < run.length; i++) if (!MARK.test(run[i])) starts.push(i);
    // A mark that does not compose would leave a point between a letter and its mark.
    if (letters.length !== starts.length || MARK.test(letters)) return EMPTY;
  }
  const lower = letters.toLowerCase();
  if (lower !== letters) {
    // Only words with capitals can be abbreviations; most words skip these tests.
    if (INNER_CAPITAL.test(letters)) return EMPTY;
    if (letters.length <= ABBREVIATION_MAX && !LOWER.test(letters)) return EMPTY;
  }

  let found: number[];
  if (lang === 'kk') {
    // Cyrillic letters keep their length in lower case, so offsets still match.
    found = kazakhPoints(lower);
  } else {
    const max = letters.length - PATTERN_MIN_AFTER;
    found = patternPoints(letters, lang).filter((p) => p >= PATTERN_MIN_BEFORE && p <= max);
  }
  return starts.length === 0 ? found : found.map((p) => starts[p]);
}

/**
 * Letters kept before the first / after the last hyphen of a line break (TeX's
 * \lefthyphenmin and \righthyphenmin), stricter than the syllables `hyphenationPoints`
 * finds. Kazakh: kazakh.md asks only that no single letter be left or carried over
 * (dropLoneLetters keeps two), but two-letter pieces carried over ("-ды") made a notched
 * edge, so it keeps 2 and 3 as the pattern languages do. Measured on the sample's Kazakh
 * article: three before as well cuts line-end hyphens to 27% but loosens the spaces (gap
 * p95 1.61 → 1.88): so many Kazakh words open with a two-letter syllable (Қа-, Ал-).
 */
export const LINE_HYPHEN_MIN: Readonly<Record<HyphenationLang, { before: number; after: number }>> = {
  en: { before: PATTERN_MIN_BEFORE, after: PATTERN_MIN_AFTER },
  ru: { before: PATTERN_MIN_BEFORE, after: PATTERN_MIN_AFTER },
  kk: { before: 2, after: 3 },
};

/**
 * The points of `word` where a line may end in a hyphen: `hyphenationPoints` less those
 * that leave fewer than LINE_HYPHEN_MIN letters of their run of letters on either side.
 */
export function lineBreakPoints(word: string, lang: HyphenationLang): number[] {
  const { before, after } = LINE_HYPHEN_MIN[lang];
  // The author's soft hyphens are kept as they are, as TeX keeps explicit \- breaks.
  if (word.includes(SOFT_HYPHEN)) return hyphenationPoints(word, lang);
  return hyphenationPoints(word, lang).filter((at) => {
    const left = /[\p{L}\p{M}]*$/u.exec(word.slice(0, at))![0].replace(/\p{M}/gu, '').length;
    const right = /^[\p{L}\p{M}]*/u.exec(word.slice(at))![0].replace(/\p{M}/gu, '').length;
    return left >= before && right >= after;
  });
}
