/**
 * Prepare: runs to Knuth–Plass boxes, glue and penalties. Words are measured whole and
 * cut at hyphenation points by prefix widths, so the pieces add up to the kerned word.
 * Spaces (every Unicode space, each of its own width: spaces.ts) become glue; no-break
 * spaces glue that cannot break; hard hyphens and the safe
 * points of URLs become penalties; a word wider than the line is cut so it never passes
 * the margin.
 */
import { lineBreakPoints } from '../../typography/hyphenation/index.js';
import type { FontBook } from '../fonts.js';
import type { Item } from './linebreak.js';
import type { Run } from './collect.js';
import { JOINERS, SPACE_CLASS, spaceGlue, type SpaceGlue } from './spaces.js';

/** A piece of text with its run; boxes and hyphens refer to these. */
export interface Fragment {
  text: string;
  run: number;
  width: number;
}

export interface Prepared {
  items: Item[];
  fragments: Fragment[];
}

export interface PrepareOptions {
  hyphenate: boolean;
  /** Width of the first-line indent box. */
  indent: number;
  /** The narrowest line, to cut words that could never fit. */
  maxWidth: number;
  /** The least interword space, in em. */
  minSpace: number;
  /** Glue stretch and shrink as fractions of the space width. */
  stretch: number;
  shrink: number;
  /** Ragged lines: no stretch between words; fill at the end instead. */
  ragged: boolean;
  /** Font expansion: how far each piece of a word may widen or narrow (see SetOptions.expansion). */
  expansion?: number;
  /**
   * Character protrusion of justified lines (template `spacing.protrusion`): for a
   * character, the fraction of its width that hangs into the right margin when it ends a
   * line. Ragged lines and literal runs (code, URLs) never protrude.
   */
  protrusion?: Readonly<Record<string, number>>;
}

/** Words, runs of spaces (any Unicode space: see spaces.ts), forced line breaks. */
const TOKENS = new RegExp(`\\n|[${SPACE_CLASS}]+|[^${SPACE_CLASS}\\n]+`, 'gu');
const SPACE_START = new RegExp(`^[${SPACE_CLASS}]`, 'u');

export const HYPHEN_PENALTY = 50;
/** Kazakh words are long and break often: a dearer hyphen keeps fewer lines ending in one. */
export const KAZAKH_HYPHEN_PENALTY = 100;
export const EXPLICIT_HYPHEN_PENALTY = 50;
const INF = 10000;

export function prepare(runs: Run[], fonts: FontBook, opt: PrepareOptions): Prepared {
  const items: Item[] = [];
  const fragments: Fragment[] = [];
  const give = opt.ragged ? 0 : Math.max(0, opt.expansion ?? 0);
  const table = opt.ragged ? undefined : opt.protrusion;
  /** How far `ch`, set in run `ri`, hangs past the margin at a line end (0 if not at all). */
  const hang = (ch: string, ri: number): number => {
    const f = table?.[ch];
    const run = runs[ri];
    if (!f || !run || run.literal) return 0;
    return fonts.width(ch, run.face, run.features) * run.size * Math.min(1, Math.max(0, f));
  };
  const box = (text: string, run: number, width: number) => {
    fragments.push({ text, run, width });
    const b: Item = give > 0 ? { type: 'box', width, ref: fragments.length - 1, stretch: width * give, shrink: width * give } : { type: 'box', width, ref: fragments.length - 1 };
    const h = table ? hang(text.slice(-1), run) : 0;
    if (h > 0) b.protrude = h;
    items.push(b);
  };
  if (opt.indent > 0) items.push({ type: 'box', width: opt.indent });

  runs.forEach((run, ri) => {
    const w = (s: string) => fonts.width(s, run.face, run.features) * run.size;
    if (run.math) {
      pushMath(run, ri, fonts, w, fragments, items);
      return;
    }
    // A face's own space can be narrow (Literata's is 0.2 em); the template sets the least.
    const space = Math.max(w(' '), opt.minSpace * run.size);
    for (const tok of run.text.match(TOKENS) ?? []) {
      if (tok === '\n') {
        items.push({ type: 'glue', width: 0, stretch: INF, shrink: 0 }, { type: 'penalty', width: 0, penalty: -INF, flagged: false });
      } else if (SPACE_START.test(tok)) {
        pushGlue(items, spaceGlue(tok, run.size, w), space, opt);
      } else {
        pushWord(tok, ri, run, w, fonts, box, items, fragments, opt, hang);
      }
    }
  });
  // TeX's \parfillskip: the last line may end short.
  items.push({ type: 'penalty', width: 0, penalty: INF, flagged: false });
  items.push({ type: 'glue', width: 0, stretch: 1e5, shrink: 0 });
  items.push({ type: 'penalty', width: 0, penalty: -INF, flagged: false });
  return { items, fragments };
}

/**
 * An inline formula is one box of its true width. Its fragment carries the copy text
 * (the characters the face has), scaled to that width when drawn invisibly.
 */
function pushMath(run: Run, ri: number, fonts: FontBook, w: (s: string) => number, fragments: Fragment[], items: Item[]): void {
  const width = run.math!.width * run.size;
  const missing = new Set(fonts.missing(run.text, run.face));
  const copy = missing.size ? [...run.text].filter((c) => !missing.has(c)).join('') : run.text;
  run.text = copy;
  const natural = copy ? w(copy) : 0;
  run.mathCopyScale = natural > 0 ? width / natural : 1;
  fragments.push({ text: copy, run: ri, width });
  items.push({ type: 'box', width, ref: fragments.length - 1 });
}

/** Interword glue (ordinary spaces only), so a space that ends one run and starts the next counts once. */
const interword = new WeakSet<Item>();

/**
 * A run of spaces: the interword space stretches and shrinks; fixed spaces (thin, en,
 * narrow no-break…) keep their width; no-break ones carry an infinite penalty.
 */
function pushGlue(items: Item[], g: SpaceGlue, space: number, opt: PrepareOptions): void {
  const noBreak = !g.breakable;
  const prev = items[items.length - 1];
  // Two spaces in a row are one space: HTML and TeX agree, and so do editors.
  if (g.ordinary && g.fixed === 0 && prev && interword.has(prev)) return;
  const width = (g.ordinary ? space : 0) + g.fixed;
  const give = g.ordinary ? space : 0;
  if (noBreak) items.push({ type: 'penalty', width: 0, penalty: INF, flagged: false });
  let last: Item;
  if (opt.ragged) {
    // Ragged right (TeX's \raggedright): a break may leave the line short at no cost.
    items.push({ type: 'glue', width: 0, stretch: noBreak ? 0 : space * 6, shrink: 0 });
    if (!noBreak) items.push({ type: 'penalty', width: 0, penalty: 0, flagged: false });
    last = { type: 'glue', width, stretch: noBreak ? 0 : -space * 6, shrink: 0 };
  } else {
    last = { type: 'glue', width, stretch: give * opt.stretch, shrink: give * opt.shrink };
  }
  items.push(last);
  if (g.ordinary && g.fixed === 0) interword.add(last);
}

function pushWord(
  word: string,
  ri: number,
  run: Run,
  w: (s: string) => number,
  fonts: FontBook,
  box: (text: string, run: number, width: number) => void,
  items: Item[],
  fragments: Fragment[],
  opt: PrepareOptions,
  hang: (ch: string, ri: number) => number,
): void {
  // A word joiner (or BOM) holds its neighbours together and is not drawn.
  let held: Set<number> | undefined;
  if (word.search(JOINERS) >= 0) {
    held = new Set();
    let clean = '';
    for (const part of word.split(JOINERS)) {
      if (clean) held.add(clean.length);
      clean += part;
    }
    word = clean;
    if (!word) return;
  }
  // No language has words this long: it is a run-on string; cut it to the measure at once.
  if (word.length > 200 && !run.literal) {
    pushOverwide(word, run, ri, fonts, items, fragments, opt.maxWidth);
    return;
  }
  // Break points inside the word: [offset, penalty, flagged, hyphen?]
  const points: { at: number; penalty: number; flagged: boolean; hyphen: boolean }[] = [];
  if (run.literal) {
    // URLs and code: after / . ? & = - _ and before nothing; never a hyphen added.
    for (let i = 1; i < word.length - 1; i++) if ('/.?&=-_#'.includes(word[i - 1]) && !'/.'.includes(word[i])) points.push({ at: i, penalty: 100, flagged: false, hyphen: false });
  } else {
    // Hard hyphens and dashes between letters: a break after them, no hyphen added.
    for (let i = 1; i < word.length - 1; i++) {
      // Not "11-сынып" (a number stays with its word); "Қазақстан-2050" may break, at a cost.
      if ((word[i - 1] === '-' || word[i - 1] === '–' || word[i - 1] === '—') && /\p{L}/u.test(word[i - 2] ?? '') && /[\p{L}\p{N}]/u.test(word[i])) {
        points.push({ at: i, penalty: /\p{N}/u.test(word[i]) ? 3 * EXPLICIT_HYPHEN_PENALTY : EXPLICIT_HYPHEN_PENALTY, flagged: true, hyphen: false });
      }
    }
    if (opt.hyphenate) {
      const lang = run.lang === 'kk' || run.lang === 'ru' ? run.lang : 'en';
      // Each part of a hard-hyphenated compound on its own, so "«Қазақстан-2050»" can
      // still break inside Қазақстан although the compound holds a number.
      let offset = 0;
      for (const part of word.split(/(?<=[-–—])/)) {
        for (const at of lineBreakPoints(part, lang)) points.push({ at: offset + at, penalty: lang === 'kk' ? KAZAKH_HYPHEN_PENALTY : HYPHEN_PENALTY, flagged: true, hyphen: true });
        offset += part.length;
      }
    }
    points.sort((a, b) => a.at - b.at);
  }
  if (held) for (let i = points.length - 1; i >= 0; i--) if (held.has(points[i].at)) points.splice(i, 1);
  const prefix = points.length ? fonts.prefixWidths(word, run.face, run.features) : null;
  const total = prefix ? prefix[word.length] * run.size : w(word);
  let cut = 0;
  let cutWidth = 0;
  const piece = (text: string, width: number) => {
    if (width > opt.maxWidth) pushOverwide(text, run, ri, fonts, items, fragments, opt.maxWidth);
    else box(text, ri, width);
  };
  for (const p of points) {
    const upTo = prefix![p.at] * run.size;
    piece(word.slice(cut, p.at), upTo - cutWidth);
    if (p.hyphen) {
      fragments.push({ text: '-', run: ri, width: w('-') });
      const h = hang('-', ri);
      items.push({ type: 'penalty', width: w('-'), penalty: p.penalty, flagged: true, ref: fragments.length - 1, ...(h > 0 ? { protrude: h } : {}) });
    } else if (run.literal) {
      pushRaggedBreak(items, p.penalty, run.size);
    } else {
      items.push({ type: 'penalty', width: 0, penalty: p.penalty, flagged: p.flagged });
    }
    cut = p.at;
    cutWidth = upTo;
  }
  piece(word.slice(cut), total - cutWidth);
}

/**
 * A piece wider than the narrowest line is cut into pieces that fit, with a costly break
 * between them (no hyphen: it is a URL, a code or a chemical name): the line breaker then
 * never has to draw past the margin.
 */
function pushOverwide(text: string, run: Run, ri: number, fonts: FontBook, items: Item[], fragments: Fragment[], maxWidth: number): void {
  // Measured by prefix widths of bounded chunks: linear even for a megabyte with no space.
  const CHUNK = 1024;
  for (let c = 0; c < text.length; c += CHUNK) {
    const chunk = text.slice(c, c + CHUNK);
    const prefix = fonts.prefixWidths(chunk, run.face, run.features);
    let start = 0;
    for (let i = 1; i <= chunk.length; i++) {
      const surrogateTail = i < chunk.length && chunk.charCodeAt(i) >= 0xdc00 && chunk.charCodeAt(i) <= 0xdfff;
      if (surrogateTail) continue;
      if ((prefix[i] - prefix[start]) * run.size > maxWidth && i - 1 > start) {
        pushPiece(chunk.slice(start, i - 1), (prefix[i - 1] - prefix[start]) * run.size);
        start = i - 1;
      }
    }
    pushPiece(chunk.slice(start), (prefix[chunk.length] - prefix[start]) * run.size);
  }
  function pushPiece(t: string, width: number) {
    if (!t) return;
    if (items.length && items[items.length - 1].type === 'box' && fragments.length && fragments[fragments.length - 1].run === ri) {
      pushRaggedBreak(items, 500, run.size);
    }
    fragments.push({ text: t, run: ri, width });
    items.push({ type: 'box', width, ref: fragments.length - 1 });
  }
}

/**
 * A break inside a URL or a run-on string (TeX's \hfil\penalty\hfilneg): a line that ends
 * there is set ragged instead of stretching its spaces; when no break is taken the two
 * glues cancel out.
 */
function pushRaggedBreak(items: Item[], penalty: number, size: number): void {
  const fill = size * 6;
  // TeX's \penalty10000 first: the fill glue after a box would itself be a free breakpoint.
  items.push({ type: 'penalty', width: 0, penalty: INF, flagged: false });
  items.push({ type: 'glue', width: 0, stretch: fill, shrink: 0 });
  items.push({ type: 'penalty', width: 0, penalty, flagged: false });
  items.push({ type: 'glue', width: 0, stretch: -fill, shrink: 0 });
}
