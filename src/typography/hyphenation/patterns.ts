/**
 * English and Russian hyphenation through the `hyphen` package (Liang patterns from
 * TeX's hyph-utf8, ported by the package).
 *
 * The package is CommonJS, ships no types and its language entry points are folders
 * (`hyphen/en-us/index.js`), which ESM `import` cannot resolve; so we load it with
 * `createRequire` and describe the parts we use ourselves.
 */
import { createRequire } from 'node:module';

export type PatternLang = 'en' | 'ru';

interface HyphenSyncOptions {
  hyphenChar?: string;
  minWordLength?: number;
}

/** The part of a `hyphen/<lang>` module we rely on. */
interface HyphenModule {
  hyphenateSync(text: string, options?: HyphenSyncOptions): string;
  /** [levels, trie, exceptions]: exceptions map a lower-case word to break offsets. */
  patterns: unknown;
}

interface Hyphenator {
  hyphenateSync(text: string, options?: HyphenSyncOptions): string;
  /** Whole-word exceptions, lower case, with correct offsets. */
  exceptions: Map<string, number[]>;
}

const SOFT_HYPHEN = '\u00AD';
// The package leaves shorter words alone; 5 is also the shortest run that can pass our
// own 2-before/3-after limit, so nothing is lost.
const OPTIONS: HyphenSyncOptions = { hyphenChar: SOFT_HYPHEN, minWordLength: 5 };

/**
 * Baspa's own exceptions: names frequent in our journals that the patterns get wrong
 * (en-us gives Kaza-khstan). Written as hyphenated words.
 */
const OWN_EXCEPTIONS: Record<PatternLang, readonly string[]> = {
  en: ['ka-zakh-stan', 'ka-zakh-stani', 'af-ghan-istan', 'af-ghan-istani', 'kyr-gyz-stan'],
  ru: [],
};

const require = createRequire(import.meta.url);
const hyphenators: Partial<Record<PatternLang, Hyphenator>> = {};

function load(lang: PatternLang): Hyphenator {
  const cached = hyphenators[lang];
  if (cached !== undefined) return cached;
  // Loaded on first use: each pattern file is a large trie and a document may need one.
  const loaded: unknown = require(lang === 'en' ? 'hyphen/en-us' : 'hyphen/ru');
  if (
    typeof loaded !== 'object' ||
    loaded === null ||
    typeof (loaded as { hyphenateSync?: unknown }).hyphenateSync !== 'function'
  ) {
    throw new Error(`hyphen/${lang}: no hyphenateSync export`);
  }
  const mod = loaded as HyphenModule;
  const exceptions = packageExceptions(mod.patterns);
  for (const hyphenated of OWN_EXCEPTIONS[lang]) {
    const points: number[] = [];
    for (const piece of hyphenated.split('-').slice(0, -1)) {
      points.push((points.length === 0 ? 0 : points[points.length - 1]) + piece.length);
    }
    exceptions.set(hyphenated.replaceAll('-', ''), points);
  }
  const hyphenator: Hyphenator = {
    hyphenateSync: (text, options) => mod.hyphenateSync(text, options),
    exceptions,
  };
  hyphenators[lang] = hyphenator;
  return hyphenator;
}

/**
 * The package's exception list, repaired. hyphen 1.14 stores each exception's breaks as
 * the positions of the hyphens in the hyphenated form (as-so-ciate -> [2, 5]), so every
 * offset after the first is too large by the number of hyphens before it, and
 * hyphenateSync prints as-soc-iate. The true offset is position - index. (Tests pin
 * as-so-ciate and биз-нес-мен, so a fixed package release shows up as a failure here.)
 */
function packageExceptions(patterns: unknown): Map<string, number[]> {
  const result = new Map<string, number[]>();
  const table: unknown = Array.isArray(patterns) ? patterns[2] : undefined;
  if (typeof table !== 'object' || table === null) return result;
  for (const [word, markers] of Object.entries(table as Record<string, unknown>)) {
    if (!Array.isArray(markers) || !markers.every((m) => typeof m === 'number')) continue;
    result.set(
      word,
      (markers as number[]).map((m, i) => m - i),
    );
  }
  return result;
}

/**
 * Raw pattern break offsets inside `letters` (a run of letters only, no punctuation),
 * before Baspa's own minimum-length limits. The package itself never breaks after the
 * first or before the last letter.
 */
export function patternPoints(letters: string, lang: PatternLang): number[] {
  if (letters.length < 5) return [];
  const hyphenator = load(lang);
  const exception = hyphenator.exceptions.get(letters.toLowerCase());
  if (exception !== undefined) {
    return exception.filter((p) => p > 0 && p < letters.length);
  }
  const marked = hyphenator.hyphenateSync(letters, OPTIONS);
  const points: number[] = [];
  let offset = 0;
  for (let i = 0; i < marked.length; i++) {
    if (marked[i] === SOFT_HYPHEN) {
      if (offset > 0 && offset < letters.length) points.push(offset);
    } else {
      // Guard against any rewriting by the package: the text must come back unchanged.
      if (marked[i] !== letters[offset]) return [];
      offset++;
    }
  }
  return offset === letters.length ? points : [];
}
