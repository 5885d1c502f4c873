/**
 * Unicode spaces as the line breaker sees them: each is glue of its own width, never a
 * glyph (a font need not have U+2009 or U+202F for a title that holds one), and the
 * no-break ones never end a line. Widths in em of the run's size, after The Unicode
 * Standard §6.2 and TeX's \enspace, \thinspace, \medmuskip.
 */

/** Characters that are glue in running text (the tokenizer's space class). */
export const SPACE_CLASS = '\\t \\u00a0\\u1680\\u2000-\\u200b\\u202f\\u205f\\u3000';

/** Zero-width characters that forbid a break where they stand and are not drawn. */
export const JOINERS = /[\u2060\u2061\u2062\u2063\u2064\ufeff]/g;

/** Never a line break at these. */
const NO_BREAK = new Set([0x00a0, 0x202f, 0x2007]);

/** Fixed widths in em; 'figure' and 'punctuation' take the face's digit and full stop. */
const FIXED: Record<number, number | 'figure' | 'punctuation'> = {
  0x2000: 1 / 2, // en quad
  0x2001: 1, // em quad
  0x2002: 1 / 2, // en space
  0x2003: 1, // em space
  0x2004: 1 / 3, // three-per-em
  0x2005: 1 / 4, // four-per-em
  0x2006: 1 / 6, // six-per-em
  0x2007: 'figure',
  0x2008: 'punctuation',
  0x2009: 1 / 5, // thin (TeX's \thinspace is 1/6 em; 1/5 is the typographers' and Unicode's)
  0x200a: 1 / 10, // hair
  0x200b: 0, // zero-width space: a break, nothing else
  0x202f: 1 / 5, // narrow no-break: a thin space that holds
  0x205f: 4 / 18, // medium mathematical space
  0x3000: 1, // ideographic
};

/** One run of space characters, measured. */
export interface SpaceGlue {
  /** The interword space (U+0020, tab, U+00A0, U+1680) is part of it: it stretches and shrinks. */
  ordinary: boolean;
  /** Width beyond the interword space, in points. */
  fixed: number;
  breakable: boolean;
}

/**
 * What the space token `tok` is: `size` the run's size in points; `measure(s)` the width
 * of `s` in the run's face, in points (for the figure and punctuation spaces).
 */
const ORDINARY: SpaceGlue = { ordinary: true, fixed: 0, breakable: true };

export function spaceGlue(tok: string, size: number, measure: (s: string) => number): SpaceGlue {
  if (tok === ' ') return ORDINARY; // nearly every space, without a loop or an object
  let ordinary = false;
  let fixed = 0;
  let breakable = false;
  for (const ch of tok) {
    const cp = ch.codePointAt(0)!;
    if (!NO_BREAK.has(cp)) breakable = true;
    const f = FIXED[cp];
    if (f === undefined) ordinary = true;
    else if (f === 'figure') fixed += measure('0');
    else if (f === 'punctuation') fixed += measure('.');
    else fixed += f * size;
  }
  return { ordinary, fixed, breakable };
}

/** Whether a code point is glue or an invisible control, so no font needs a glyph for it. */
export function needsNoGlyph(cp: number): boolean {
  return (
    cp <= 0x20 ||
    cp === 0xa0 ||
    cp === 0xad ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200f) ||
    cp === 0x202f ||
    cp === 0x205f ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    cp === 0x3000 ||
    cp === 0xfeff
  );
}
