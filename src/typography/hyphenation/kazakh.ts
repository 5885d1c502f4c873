/**
 * Kazakh hyphenation (тасымал) by rule, after the syllable rules in shared/kazakh.md.
 * No pattern set for Kazakh is good enough (TeX's hyph-kk breaks оқ-у-шы, пу-н-кт), so we
 * syllabify:
 *
 *  1. decide for every letter whether it is a vowel (a syllable nucleus);
 *  2. between two nuclei, split the consonants: one goes over, two split, of three the
 *     first two stay (the last consonant always begins the next syllable);
 *  3. drop breaks that would leave a single letter alone at a line end or carry one over.
 *
 * Choices on points kazakh.md leaves open are marked "Choice:" below.
 */

/** Vowels that are always a nucleus. */
const PLAIN_VOWELS = new Set('аәеоөұүыіэ');
/** ё ю я: a vowel, read as й + vowel after another vowel (so the й begins the syllable). */
const IOTATED = new Set('ёюя');
const CONSONANTS = new Set('бвгғджзйкқлмнңпрстфхһцчшщ');
/** Letters that can follow у as a vowel, so that у before them is the consonant [w]. */
const VOWEL_LETTERS = new Set('аәеоөұүыіэёюяи');

/**
 * Consonant pairs that begin a syllable in Russian and international loanwords. Used only
 * inside clusters of three or more consonants (see `onsetSize`).
 */
const LOAN_ONSETS = new Set([
  'бр', 'вр', 'гр', 'др', 'кр', 'пр', 'тр', 'фр', 'хр',
  'бл', 'гл', 'кл', 'пл', 'фл',
  'ст',
]);

/** For each letter, whether it is a vowel (a nucleus); `null` for a letter outside the alphabet. */
function classify(s: string): boolean[] | null {
  const n = s.length;
  const vowel = new Array<boolean>(n);
  for (let i = 0; i < n; i++) {
    const c = s[i];
    if (PLAIN_VOWELS.has(c) || IOTATED.has(c)) {
      vowel[i] = true;
    } else if (c === 'и') {
      // Choice: и is always a vowel (it stands for ый/ій). In the hunspell-kk word list it
      // follows another vowel almost only in loanwords (мозаика, кофеин), a vowel there too.
      vowel[i] = true;
    } else if (c === 'у') {
      vowel[i] = uIsVowel(s, i, vowel);
    } else if (CONSONANTS.has(c) || c === 'ь' || c === 'ъ') {
      vowel[i] = false;
    } else {
      return null;
    }
  }
  return vowel;
}

/**
 * у is ұу/үу (a vowel) or the consonant [w]. Choice, from the rules and the word list:
 *  - at the start of a word: [w] before a vowel (уа-қыт, уәде), a vowel before a consonant
 *    (уни-вер-си-тет);
 *  - after a consonant: a vowel (оқу-шы, су-ық, пункт, ту-ған);
 *  - after a vowel and before a vowel or another у: [w], which begins the next syllable
 *    (жа-уап, са-уат, ди-уан, а-уу);
 *  - after a vowel and before a consonant or at the end: [w] closing the syllable (тау,
 *    әлеу-мет, тәуел-), except after у or и used as vowels, where it is a vowel again:
 *    туу = ту-у, қуушы = қу-у-шы, вакуум = ва-ку-ум, радиус = ра-ди-ус.
 */
function uIsVowel(s: string, i: number, vowel: boolean[]): boolean {
  const next = i + 1 < s.length ? s[i + 1] : '';
  const beforeVowel = VOWEL_LETTERS.has(next) || next === 'у';
  if (i === 0) return !beforeVowel;
  if (!vowel[i - 1]) return true;
  if (beforeVowel) return false;
  const prev = s[i - 1];
  return prev === 'у' || prev === 'и';
}

/**
 * How many consonants of a cluster between two vowels begin the next syllable.
 * `units` are the indexes of the cluster's consonants (ь/ъ are folded into the consonant
 * before them).
 *
 * The Kazakh rule sends exactly one consonant over. Choice: in clusters of three or more
 * whose end is a loanword onset (ст, тр, пл, стр ...), the onset goes over whole, so that
 * loanwords break as in Russian: кон-сти-ту-ция, Қа-зақ-стан, ин-стру-мент, ком-плекс.
 * Native clusters of three (құмырс-қа, күңгірт-теу, айт-қан) never end in such a pair.
 * At least one consonant always stays behind.
 */
function onsetSize(s: string, units: readonly number[]): number {
  const n = units.length;
  if (n < 3) return 1;
  const last = units[n - 1];
  // Only letters that touch (no ь/ъ between them) can form an onset.
  const pairTouches = units[n - 2] === last - 1;
  if (n >= 4 && pairTouches && units[n - 3] === last - 2 && s.slice(last - 2, last + 1) === 'стр') {
    return 3;
  }
  if (pairTouches && LOAN_ONSETS.has(s.slice(last - 1, last + 1))) return 2;
  return 1;
}

/**
 * Syllable boundaries of a lower-case Kazakh word (letters only): offsets where a new
 * syllable begins, without any of the line-end filters. `null` if the word holds a letter
 * outside the Kazakh Cyrillic alphabet.
 */
export function kazakhSyllableBoundaries(lower: string): number[] | null {
  const vowel = classify(lower);
  if (vowel === null) return null;
  const bounds: number[] = [];
  let prevNucleus = -1;
  const units: number[] = [];
  for (let i = 0; i < lower.length; i++) {
    if (!vowel[i]) continue;
    if (prevNucleus >= 0) {
      units.length = 0;
      for (let j = prevNucleus + 1; j < i; j++) {
        const c = lower[j];
        // ь and ъ stay with the consonant before them: they never start a unit.
        if (c !== 'ь' && c !== 'ъ') units.push(j);
      }
      // Choice: after ъ the vowel has its own й, so the break follows ъ (объ-ект, субъ-ект);
      // after ь it does not (ком-пью-тер, бу-льон, се-мья), as in Russian practice. Either
      // way ь/ъ stay with the consonant before them (съез-дің).
      const ownOnset = lower[i - 1] === 'ъ' || (IOTATED.has(lower[i]) && vowel[i - 1]);
      if (units.length === 0 || ownOnset) {
        // Two vowels in a row (су-ық, ки-ім, про-ект, по-эма) break between them; a vowel
        // with its own й takes that й as the one consonant that goes over.
        bounds.push(i);
      } else {
        bounds.push(units[units.length - onsetSize(lower, units)]);
      }
    }
    prevNucleus = i;
  }
  return bounds;
}

/**
 * Drops breaks so that every piece between breaks has at least two letters: the issue's
 * two-letter minimum on each side, and, as every syllable has a vowel, kazakh.md's rule
 * that no single vowel is left at a line end or carried over (ала-қан, ар-мия). It also
 * removes every break in a two-syllable word that starts with a lone vowel (атом) or ends
 * in я/ю (аю, сия). A lone first or inner vowel joins the syllable after it, a lone last
 * one the syllable before. Choice: for an inner one (по-э-ма, қу-а-ныш) this keeps the
 * break before it, the one kazakh.md shows (по-эма), and drops the one after it.
 */
export function dropLoneLetters(bounds: readonly number[], length: number): number[] {
  const kept: number[] = [];
  let start = 0;
  for (const b of bounds) {
    if (b - start >= 2) {
      kept.push(b);
      start = b;
    }
  }
  if (kept.length > 0 && length - kept[kept.length - 1] < 2) kept.pop();
  return kept;
}

/** Hyphenation points of one run of lower-case Kazakh letters, or [] if none apply. */
export function kazakhPoints(lower: string): number[] {
  const bounds = kazakhSyllableBoundaries(lower);
  if (bounds === null || bounds.length === 0) return [];
  return dropLoneLetters(bounds, lower.length);
}
