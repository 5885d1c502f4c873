import { describe, expect, it } from 'vitest';
import {
  hyphenationPoints,
  type HyphenationLang,
} from '../../src/typography/hyphenation/index.js';
import { patternPoints } from '../../src/typography/hyphenation/patterns.js';

/** The word with a hyphen at each point, for readable expectations. */
function show(word: string, lang: HyphenationLang): string {
  let out = '';
  let last = 0;
  for (const p of hyphenationPoints(word, lang)) {
    out += word.slice(last, p) + '-';
    last = p;
  }
  return out + word.slice(last);
}

const LETTER = /[\p{L}\p{M}]/u;

describe('English (hyphen/en-us patterns)', () => {
  // What the en-us patterns give, after our 2-before/3-after limits.
  it.each([
    'hy-phen-ation',
    'co-op-er-a-tion',
    're-la-tions',
    'in-ter-na-tional',
    'de-vel-op-ment',
    'es-tab-lish-ment',
    'hu-man-i-tar-ian',
    'in-ter-gov-ern-men-tal',
    'char-ac-ter-ized',
    'vul-ner-a-ble',
    'ty-pog-ra-phy',
    'pre-cur-sors',
    'agree-ment',
    'ta-ble',
    'project',
  ])('%s', (expected) => {
    expect(show(expected.replaceAll('-', ''), 'en')).toBe(expected);
  });

  it('corrects the offsets of the package exception list', () => {
    // hyphen 1.14 would print as-soc-iate and dec-lin-ati-on.
    expect(show('associate', 'en')).toBe('as-so-ciate');
    expect(show('declination', 'en')).toBe('dec-li-na-tion');
    expect(show('Associates', 'en')).toBe('As-so-ciates');
  });

  it('uses our own exceptions for names the patterns miss', () => {
    expect(show('Kazakhstan', 'en')).toBe('Ka-zakh-stan');
    expect(show('Afghanistan', 'en')).toBe('Af-ghan-istan');
  });

  it('keeps two letters before the first point and three after the last', () => {
    // The patterns themselves allow bi-lat-er-al and hu-man-i-tar-i-an.
    expect(patternPoints('bilateral', 'en')).toContain(7);
    expect(show('bilateral', 'en')).toBe('bi-lat-eral');
    expect(patternPoints('humanitarian', 'en')).toContain(10);
    expect(show('humanitarian', 'en')).toBe('hu-man-i-tar-ian');
  });

  it('is case-insensitive', () => {
    expect(show('Hyphenation', 'en')).toBe('Hy-phen-ation');
    expect(show('HYPHENATION', 'en')).toBe('HY-PHEN-ATION');
  });
});

describe('Russian (hyphen/ru patterns)', () => {
  it.each([
    'со-труд-ни-че-ство',
    'го-су-дар-ство',
    'раз-ви-тие',
    'меж-ду-на-род-ный',
    'от-но-ше-ния',
    'кон-сти-ту-ция',
    'ком-пью-тер',
    'объ-яв-ле-ние',
    'подъ-езд',
    'боль-шой',
    'внеш-не-по-ли-ти-че-ский',
    'Ка-зах-стан',
  ])('%s', (expected) => {
    expect(show(expected.replaceAll('-', ''), 'ru')).toBe(expected);
  });

  it('keeps two letters before the first point and three after the last', () => {
    expect(patternPoints('республика', 'ru')).toContain(8);
    expect(show('республика', 'ru')).toBe('рес-пуб-лика');
    expect(patternPoints('программа', 'ru')).toContain(7);
    expect(show('программа', 'ru')).toBe('про-грамма');
  });

  it('corrects the offsets of the package exception list', () => {
    // hyphen 1.14 would print биз-несм-ен and взба-лам-уться-.
    expect(show('бизнесмен', 'ru')).toBe('биз-нес-мен');
    expect(show('взбаламуться', 'ru')).toBe('взба-ла-муться');
  });
});

describe('words as they appear in running text', () => {
  it('puts points only inside letter runs, shifted past leading punctuation', () => {
    expect(show('(Kazakhstan),', 'en')).toBe('(Ka-zakh-stan),');
    expect(show('“cooperation…”', 'en')).toBe('“co-op-er-a-tion…”');
    expect(show('Afghanistan’s', 'en')).toBe('Af-ghan-istan’s');
    expect(show('«сотрудничества»,', 'ru')).toBe('«со-труд-ни-че-ства»,');
    expect(show('безопасности.', 'ru')).toBe('без-опас-но-сти.');
    expect(show('«Мәңгілік»', 'kk')).toBe('«Мәң-гі-лік»');
    expect(show('[жауапкершілік];', 'kk')).toBe('[жа-уап-кер-ші-лік];');
    expect(show("'мемлекеттің'", 'kk')).toBe("'мем-ле-кет-тің'");
  });

  it('never puts a point next to punctuation', () => {
    const words: Array<[string, HyphenationLang]> = [
      ['(intergovernmental)', 'en'],
      ['“humanitarian”.', 'en'],
      ['relations;', 'en'],
      ['Kazakh-Afghan', 'en'],
      ['«Қазақстан-2050»', 'kk'],
      ['(тәуелсіздік)!', 'kk'],
      ['саяси-қоғамдық', 'kk'],
      ['«государство»?', 'ru'],
    ];
    for (const [word, lang] of words) {
      for (const p of hyphenationPoints(word, lang)) {
        expect(LETTER.test(word[p - 1]) && LETTER.test(word[p])).toBe(true);
      }
    }
  });

  it('hyphenates each part of a hard-hyphen compound on its own', () => {
    expect(show('саяси-қоғамдық', 'kk')).toBe('са-яси-қо-ғам-дық');
    // САЯСИ in capitals is five letters: read as an abbreviation, by the ALL-CAPS rule.
    expect(show('САЯСИ-ҚОҒАМДЫҚ', 'kk')).toBe('САЯСИ-ҚО-ҒАМ-ДЫҚ');
    expect(show('Kazakh-Afghan', 'en')).toBe('Kazakh-Afghan');
    expect(show('Vice-president', 'en')).toBe('Vice-pres-i-dent');
    expect(show('multi-vector', 'en')).toBe('multi-vec-tor');
    expect(show('экономическо-политический', 'ru')).toBe('эко-но-ми-че-ско-по-ли-ти-че-ский');
    expect(show('қарым-қатынас', 'kk')).toBe('қа-рым-қа-ты-нас');
    // Each part keeps its own limits: ата and ана alone take no break (а-та, а-на).
    expect(show('ата-ана', 'kk')).toBe('ата-ана');
    expect(show('cooperation-relations', 'en')).toBe('co-op-er-a-tion-re-la-tions');
  });

  it('gives no point to short ALL-CAPS abbreviations or internal capitals', () => {
    for (const word of ['ҚР', 'БҰҰ', 'ҚазҰУ', 'ҚазМҰУ', 'ТМД', 'ЖОО']) {
      expect(hyphenationPoints(word, 'kk')).toEqual([]);
    }
    for (const word of ['USD', 'NATO', 'CSTO', 'IGC', '(CSTO)', 'McDonald']) {
      expect(hyphenationPoints(word, 'en')).toEqual([]);
    }
    for (const word of ['СНГ', 'ЕАЭС', 'ООН']) {
      expect(hyphenationPoints(word, 'ru')).toEqual([]);
    }
    // An abbreviation with a case ending: only the ending is a word part.
    expect(show('БҰҰ-ның', 'kk')).toBe('БҰҰ-ның');
    expect(show('ЖОО-лардың', 'kk')).toBe('ЖОО-лар-дың');
  });

  it('hyphenates ALL-CAPS words longer than five letters (headings)', () => {
    expect(show('МӘҢГІЛІК', 'kk')).toBe('МӘҢ-ГІ-ЛІК');
    expect(show('HUMANITARIAN', 'en')).toBe('HU-MAN-I-TAR-IAN');
    expect(show('КАЗАХСТАН', 'ru')).toBe('КА-ЗАХ-СТАН');
  });

  it('gives no point to a word containing a digit', () => {
    expect(hyphenationPoints('2050-жылға', 'kk')).toEqual([]);
    expect(hyphenationPoints('11-сынып', 'kk')).toEqual([]);
    expect(hyphenationPoints('Қазақстан-2050', 'kk')).toEqual([]);
    expect(hyphenationPoints('COVID-19', 'en')).toEqual([]);
    expect(hyphenationPoints('intergovernmental2', 'en')).toEqual([]);
    expect(hyphenationPoints('1990-х', 'ru')).toEqual([]);
  });

  it('gives no point to a Cyrillic word with Latin look-alike letters', () => {
    expect(hyphenationPoints('бiлiмдiлiк', 'kk')).toEqual([]); // Latin i
    expect(hyphenationPoints('Қазақстaн', 'kk')).toEqual([]); // Latin a
    expect(hyphenationPoints('прeзидент', 'ru')).toEqual([]); // Latin e
    expect(hyphenationPoints('сaяси-қоғамдық', 'kk')).toEqual([]); // the whole word
  });

  it('breaks a word with soft hyphens there and nowhere else, as TeX does with \\-', () => {
    expect(hyphenationPoints('hy\u00ADphenation', 'en')).toEqual([3]);
    expect(hyphenationPoints('әлеу\u00ADмет\u00ADтік', 'kk')).toEqual([5, 9]);
    // A soft hyphen at an edge or beside punctuation gives no point.
    expect(hyphenationPoints('\u00ADword\u00AD', 'en')).toEqual([]);
  });

  it('maps points back through combining marks', () => {
    const decomposed = 'қаи\u0306ың'; // й written as и + combining breve
    expect(hyphenationPoints(decomposed, 'kk')).toEqual([2]);
    expect(hyphenationPoints('тәуелсіздік'.normalize('NFD'), 'kk')).toEqual(
      hyphenationPoints('тәуелсіздік', 'kk'),
    );
  });

  it('gives nothing for empty or punctuation-only input', () => {
    expect(hyphenationPoints('', 'en')).toEqual([]);
    expect(hyphenationPoints('—', 'kk')).toEqual([]);
    expect(hyphenationPoints('«»', 'ru')).toEqual([]);
  });
});

describe('cache', () => {
  it('returns a fresh array each call', () => {
    const first = hyphenationPoints('мемлекеттің', 'kk');
    first.push(99);
    expect(hyphenationPoints('мемлекеттің', 'kk')).toEqual([3, 5, 8]);
  });

  it('keys on the language', () => {
    // The same letters, read by different rules.
    expect(hyphenationPoints('программа', 'ru')).toEqual([3]);
    expect(hyphenationPoints('программа', 'kk')).toEqual([4, 7]); // прог-рам-ма
  });

  it('runs 100k calls over many distinct words', () => {
    const syllables = ['ба', 'қа', 'лық', 'тар', 'мен', 'ды', 'ғы', 'сіз', 'дік', 'ке'];
    const english = ['cooperation', 'relations', 'international', 'development'];
    const russian = ['сотрудничество', 'государство', 'развитие', 'отношения'];
    let calls = 0;
    let points = 0;
    for (let i = 0; i < 100_000; i++) {
      let result: number[];
      if (i % 3 === 0) {
        // Up to 10^4 distinct Kazakh-like words, to exercise eviction as well as hits.
        const n = i % 10_000;
        let word = '';
        for (let k = n, d = 0; d < 4; d++, k = Math.floor(k / 10)) word += syllables[k % 10];
        result = hyphenationPoints(word, 'kk');
      } else if (i % 3 === 1) {
        result = hyphenationPoints(english[i % 4] + (i % 7 === 0 ? ',' : ''), 'en');
      } else {
        result = hyphenationPoints(russian[i % 4], 'ru');
      }
      calls++;
      points += result.length;
    }
    expect(calls).toBe(100_000);
    expect(points).toBeGreaterThan(0);
  });
});
