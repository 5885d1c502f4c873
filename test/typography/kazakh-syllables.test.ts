import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hyphenationPoints } from '../../src/typography/hyphenation/index.js';
import {
  dropLoneLetters,
  kazakhSyllableBoundaries,
} from '../../src/typography/hyphenation/kazakh.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/kazakh-words/syllables.txt', import.meta.url));
// Overridable so that the CI-fails / locally-skips branch can itself be tried.
const HUNSPELL_KK = process.env.BASPA_HUNSPELL_KK ?? '/usr/share/hunspell/kk_KZ.dic';
/** Every letter that can be a syllable's vowel in some context (и and у included). */
const VOWEL_LETTER = /[аәеоөұүыіэёюяиу]/iu;

/** `ма-қа-ла` -> [2, 4]. */
function pointsOf(hyphenated: string): number[] {
  const points: number[] = [];
  let offset = 0;
  for (const ch of hyphenated) {
    if (ch === '-') points.push(offset);
    else offset += ch.length;
  }
  return points;
}

/** `ма-қа-ла` back from the word and its points, for readable failures. */
function show(word: string, points: readonly number[]): string {
  let out = '';
  let last = 0;
  for (const p of points) {
    out += word.slice(last, p) + '-';
    last = p;
  }
  return out + word.slice(last);
}

function pieces(word: string, points: readonly number[]): string[] {
  const cuts = [0, ...points, word.length];
  return cuts.slice(0, -1).map((c, i) => word.slice(c, cuts[i + 1]));
}

const fixtureLines = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

describe('Kazakh word list (test/fixtures/kazakh-words/syllables.txt)', () => {
  it('holds at least 150 distinct words', () => {
    const words = fixtureLines.map((l) => l.replaceAll('-', ''));
    expect(words.length).toBeGreaterThanOrEqual(150);
    expect(new Set(words).size).toBe(words.length);
  });

  it.each(fixtureLines)('%s', (line) => {
    const word = line.replaceAll('-', '');
    expect(show(word, hyphenationPoints(word, 'kk'))).toBe(line);
    expect(hyphenationPoints(word, 'kk')).toEqual(pointsOf(line));
  });
});

describe('Kazakh syllables before the line-end filters', () => {
  const raw = (word: string): string => {
    const bounds = kazakhSyllableBoundaries(word);
    if (bounds === null) throw new Error(`not Kazakh: ${word}`);
    return show(word, bounds);
  };

  it('splits consonants between vowels: one goes over, two split, three keep two', () => {
    expect(raw('кітап')).toBe('кі-тап');
    expect(raw('мектеп')).toBe('мек-теп');
    expect(raw('құмырсқа')).toBe('құ-мырс-қа');
    expect(raw('күңгірттеу')).toBe('күң-гірт-теу');
  });

  it('starts a syllable with й or у between vowels', () => {
    expect(raw('жауап')).toBe('жа-уап');
    expect(raw('қайың')).toBe('қа-йың');
    expect(raw('сауат')).toBe('са-уат');
  });

  it('breaks before a vowel after и or у used as a vowel', () => {
    expect(raw('суық')).toBe('су-ық');
    expect(raw('киім')).toBe('ки-ім');
    expect(raw('оқушы')).toBe('о-қу-шы');
  });

  it('keeps ь and ъ with the consonant before them', () => {
    expect(raw('съездің')).toBe('съез-дің');
    expect(raw('альбом')).toBe('аль-бом');
    expect(raw('объект')).toBe('объ-ект');
  });

  it('reads ё ю я after a vowel as й + vowel', () => {
    expect(raw('армия')).toBe('ар-ми-я');
    expect(raw('қоян')).toBe('қо-ян');
    expect(raw('аю')).toBe('а-ю');
  });

  it('finds single-vowel syllables that the filters then remove', () => {
    expect(raw('алақан')).toBe('а-ла-қан');
    expect(raw('атом')).toBe('а-том');
    expect(raw('поэма')).toBe('по-э-ма');
  });

  it('has no syllable break in one-syllable words', () => {
    for (const word of ['пункт', 'тау', 'ұлт', 'тарт', 'съезд', 'фильм', 'стресс', 'спектр']) {
      expect(kazakhSyllableBoundaries(word)).toEqual([]);
    }
  });

  it('refuses letters outside the Kazakh alphabet', () => {
    expect(kazakhSyllableBoundaries('бiлiм')).toBeNull(); // Latin i
    expect(kazakhSyllableBoundaries('їжак')).toBeNull();
  });

  it('drops breaks that leave a single letter on either side', () => {
    expect(dropLoneLetters([1, 3, 5], 8)).toEqual([3, 5]);
    expect(dropLoneLetters([2, 4], 5)).toEqual([2]);
    expect(dropLoneLetters([2, 3, 5], 7)).toEqual([2, 5]);
    expect(dropLoneLetters([1], 2)).toEqual([]);
  });
});

describe('hunspell-kk dictionary (property test)', () => {
  it('gives every word pieces with a vowel, no lone letter, no break in one-vowel words', (ctx) => {
    if (!existsSync(HUNSPELL_KK)) {
      if (process.env.CI === 'true') {
        throw new Error(`${HUNSPELL_KK} is missing: CI must install Debian's hunspell-kk`);
      }
      ctx.skip(`${HUNSPELL_KK} not found (apt-get install hunspell-kk); on CI this fails`);
    }
    const words = readFileSync(HUNSPELL_KK, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .slice(1) // the entry count
      .map((line) => line.split('/')[0].split(/\s/)[0].trim())
      .filter((word) => word !== '' && !/[A-Za-z]/.test(word));
    expect(words.length).toBeGreaterThan(50_000);

    const failures: string[] = [];
    let withoutPoint = 0;
    for (const word of words) {
      const points = hyphenationPoints(word, 'kk');
      if (points.length === 0) {
        withoutPoint++;
        continue;
      }
      const shown = show(word, points);
      const vowels = [...word].filter((ch) => VOWEL_LETTER.test(ch)).length;
      if (vowels <= 1) failures.push(`${shown}: break in a one-vowel word`);
      for (const piece of pieces(word, points)) {
        if (piece.length < 2) failures.push(`${shown}: lone letter "${piece}"`);
        if (!VOWEL_LETTER.test(piece)) failures.push(`${shown}: no vowel in "${piece}"`);
      }
      if (points.some((p, i) => p <= 0 || p >= word.length || (i > 0 && p <= points[i - 1]))) {
        failures.push(`${shown}: points out of order`);
      }
    }
    console.info(
      `hunspell-kk: ${words.length} words checked, ${withoutPoint} without a break point`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
  });
});
