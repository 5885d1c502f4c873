/**
 * Unicode spaces are glue of their own width, never glyphs: a title holding U+202F (which
 * citeproc-js puts before a colon) or a thin space must not need the font to have one, the
 * no-break ones never end a line, and the text drawn holds no space characters.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTemplate } from '../../src/config/template.js';
import { FontBook } from '../../src/layout/fonts.js';
import { setParagraph } from '../../src/layout/flow/paragraph.js';
import { collectRuns, type RunStyle } from '../../src/layout/inline/collect.js';
import { prepare, type PrepareOptions } from '../../src/layout/inline/prepare.js';
import { Reporter } from '../../src/messages/diagnostic.js';

const TEMPLATES = path.resolve(__dirname, '../../templates');
let fonts: FontBook;
let features: string[];
const SIZE = 10;

beforeAll(async () => {
  const t = (await loadTemplate(TEMPLATES, 'journal', new Reporter(), { file: 'test', line: 1, column: 1 }))!;
  fonts = FontBook.shared(t.fonts, t.spacing);
  features = t.features;
});

const style = (): RunStyle => ({ face: 'regular', size: SIZE, lang: 'ru', struct: 0, features, smallCaps: false });
const opts = (): PrepareOptions => ({ hyphenate: false, indent: 0, maxWidth: 1000, minSpace: fonts.spacing.space, stretch: 0.5, shrink: 0.33, ragged: false });

/** The glue between "a" and "b" in `a<space>b`, and whether a line may break there. */
function between(space: string): { width: number; stretch: number; breakable: boolean; boxes: string[] } {
  const prep = prepare(collectRuns([{ type: 'text', value: `a${space}b` }], style()), fonts, opts());
  const first = prep.items.findIndex((i) => i.type === 'box');
  const second = prep.items.findIndex((i, k) => k > first && i.type === 'box');
  const mid = prep.items.slice(first + 1, second);
  const width = mid.reduce((s, i) => s + (i.type === 'glue' ? i.width : 0), 0);
  const stretch = mid.reduce((s, i) => s + (i.type === 'glue' ? i.stretch : 0), 0);
  const breakable = !mid.some((i) => i.type === 'penalty' && i.penalty >= 10000) && mid.some((i) => i.type === 'glue');
  return { width, stretch, breakable, boxes: prep.fragments.map((f) => f.text) };
}

describe('Unicode spaces in the line breaker', () => {
  const em = SIZE;
  it.each([
    ['\u2000', 'en quad', em / 2],
    ['\u2001', 'em quad', em],
    ['\u2002', 'en space', em / 2],
    ['\u2003', 'em space', em],
    ['\u2004', 'three-per-em', em / 3],
    ['\u2005', 'four-per-em', em / 4],
    ['\u2006', 'six-per-em', em / 6],
    ['\u2009', 'thin', em / 5],
    ['\u200a', 'hair', em / 10],
    ['\u205f', 'medium mathematical', (4 * em) / 18],
    ['\u3000', 'ideographic', em],
  ])('%j (%s) is breakable glue of its width and no box', (space, _name, width) => {
    const g = between(space);
    expect(g.boxes).toEqual(['a', 'b']);
    expect(g.width).toBeCloseTo(width, 6);
    expect(g.stretch).toBe(0);
    expect(g.breakable).toBe(true);
  });

  it('the figure and punctuation spaces take the width of the digit 0 and of the full stop', () => {
    expect(between('\u2007').width).toBeCloseTo(fonts.width('0', 'regular', features) * SIZE, 6);
    expect(between('\u2008').width).toBeCloseTo(fonts.width('.', 'regular', features) * SIZE, 6);
  });

  it.each([
    ['\u00a0', 'no-break space'],
    ['\u202f', 'narrow no-break space'],
    ['\u2007', 'figure space'],
  ])('%j (%s) never breaks', (space) => {
    const g = between(space);
    expect(g.boxes).toEqual(['a', 'b']);
    expect(g.breakable).toBe(false);
  });

  it('the narrow no-break space is a fifth of an em; an ordinary space stretches', () => {
    expect(between('\u202f').width).toBeCloseTo(SIZE / 5, 6);
    expect(between(' ').stretch).toBeGreaterThan(0);
  });

  it('a zero-width space is a break of no width; a word joiner holds and vanishes', () => {
    const z = between('\u200b');
    expect(z).toMatchObject({ width: 0, breakable: true, boxes: ['a', 'b'] });
    for (const j of ['\u2060', '\ufeff']) {
      const prep = prepare(collectRuns([{ type: 'text', value: `a${j}b` }], style()), fonts, opts());
      expect(prep.fragments.map((f) => f.text)).toEqual(['ab']);
    }
  });

  it('a word joiner after a hard hyphen forbids the break there', () => {
    const text = 'Қазақстан-\u20602050';
    const prep = prepare(collectRuns([{ type: 'text', value: text }], style()), fonts, opts());
    expect(prep.fragments.map((f) => f.text).join('')).toBe('Қазақстан-2050');
    expect(prep.items.some((i) => i.type === 'penalty' && i.flagged)).toBe(false);
  });

  it('no space character reaches the drawn text, and a narrow column never breaks at U+202F', () => {
    const text = 'Заглавие\u202f: учебное пособие\u2009— издание\u00a0второе, а\u2003б\u200aв';
    const lines = setParagraph(fonts, { inlines: [{ type: 'text', value: text }], style: style(), leading: 12, width: 60, hyphenate: false, group: 1 });
    const drawn = lines.flatMap((l) => l.line.items.map((p) => p.text));
    for (const t of drawn) expect(t).not.toMatch(/[\s\u2000-\u200b\u202f\u205f\u3000]/u);
    // "Заглавие" and ":" stay on one line.
    const starts = lines.map((l) => l.line.items[0]?.text);
    expect(starts).not.toContain(':');
    expect(drawn.join('')).toBe(text.replace(/[\s\u2000-\u200b\u202f\u205f\u3000]/gu, ''));
  });

  it('fonts need no glyph for any space or joiner', () => {
    const all = ' \u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u202f\u205f\u2060\u3000\ufeff';
    // Literata has no U+2000–U+2006, U+202F, U+205F or U+3000.
    expect(fonts.missing(all, 'regular')).toEqual([]);
    expect(fonts.missing(all, 'boldItalic')).toEqual([]);
  });
});
