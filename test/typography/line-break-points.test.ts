/**
 * Where a line may end in a hyphen: the syllable points less those that leave too few
 * letters on a side (TeX's \lefthyphenmin/\righthyphenmin). Kazakh keeps two letters
 * before and three after, so no line starts with a two-letter stub ("-ды", "-ты").
 */
import { describe, expect, it } from 'vitest';
import { hyphenationPoints, LINE_HYPHEN_MIN, lineBreakPoints } from '../../src/typography/hyphenation/index.js';

const kazakh = ['Алматы', 'Астана', 'қазақ', 'мемлекеттің', 'балалар', 'халықаралық', 'ынтымақтастық', 'Ауғанстанмен', 'саясатты', 'қатынастары', '«Қазақстанды»', 'елдің,'];

describe('line break points', () => {
  it('keep at least two Kazakh letters before and three after a break', () => {
    expect(LINE_HYPHEN_MIN.kk).toEqual({ before: 2, after: 3 });
    for (const word of kazakh) {
      const letters = (s: string) => (s.match(/\p{L}/gu) ?? []).length;
      for (const at of lineBreakPoints(word, 'kk')) {
        expect(letters(word.slice(0, at)), `${word.slice(0, at)}-${word.slice(at)}`).toBeGreaterThanOrEqual(2);
        expect(letters(word.slice(at)), `${word.slice(0, at)}-${word.slice(at)}`).toBeGreaterThanOrEqual(3);
      }
      // Only syllable points, never new ones.
      expect(hyphenationPoints(word, 'kk')).toEqual(expect.arrayContaining(lineBreakPoints(word, 'kk')));
    }
  });

  it('drop the syllable break that carries two letters over, keep the others', () => {
    expect(hyphenationPoints('Алматы', 'kk')).toEqual([2, 4]); // Ал-ма-ты
    expect(lineBreakPoints('Алматы', 'kk')).toEqual([2]); // Ал-маты, never Алма-ты
    expect(lineBreakPoints('балалар', 'kk')).toEqual([2, 4]); // ба-ла-лар
    expect(hyphenationPoints('саясатты', 'kk')).toEqual([2, 6]);
    expect(lineBreakPoints('саясатты', 'kk')).toEqual([2]); // са-ясатты, never саясат-ты
    // Trailing punctuation is not a letter: «қалды,» has only two after its point.
    expect(hyphenationPoints('қалды,', 'kk')).toEqual([3]);
    expect(lineBreakPoints('қалды,', 'kk')).toEqual([]);
    expect(lineBreakPoints('елдің,', 'kk')).toEqual([2]); // ел-дің,
  });

  it('leave English and Russian as their patterns had them', () => {
    for (const [w, lang] of [['cooperation', 'en'], ['international', 'en'], ['сотрудничество', 'ru'], ['государство', 'ru']] as const) {
      expect(lineBreakPoints(w, lang)).toEqual(hyphenationPoints(w, lang));
    }
  });
});
