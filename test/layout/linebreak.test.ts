import { describe, expect, it } from 'vitest';
import {
  breakLines,
  lineGlueWidth,
  lineRanges,
  type BreakOptions,
  type Item,
  type LineBreak,
} from '../../src/layout/inline/linebreak.js';

// A fixed-width "font": 5 units a character, interword glue 3 +1.5 −1, hyphen 5 wide.
const CHAR = 5;
const space = (): Item => ({ type: 'glue', width: 3, stretch: 1.5, shrink: 1 });
const box = (w: number): Item => ({ type: 'box', width: w });
const hyphen = (penalty = 50): Item => ({ type: 'penalty', width: CHAR, penalty, flagged: true });
const parfill = (stretch = Infinity): Item[] => [
  { type: 'glue', width: 0, stretch, shrink: 0 },
  { type: 'penalty', width: 0, penalty: -1000, flagged: false },
];

/** Naive hyphenator for tests: a break every 3 characters, keeping >= 2 at each end. */
function fragments(word: string): string[] {
  const cs = [...word];
  if (cs.length < 6) return [word];
  const out: string[] = [];
  let i = 0;
  while (cs.length - i > 4) {
    out.push(cs.slice(i, i + 3).join(''));
    i += 3;
  }
  out.push(cs.slice(i).join(''));
  return out;
}

function paragraph(text: string, opts: { hyphenate?: boolean; hyphenPenalty?: number; fill?: number } = {}): Item[] {
  const out: Item[] = [];
  text.trim().split(/\s+/).forEach((word, i) => {
    if (i > 0) out.push(space());
    const parts = opts.hyphenate ? fragments(word) : [word];
    parts.forEach((p, k) => {
      if (k > 0) out.push(hyphen(opts.hyphenPenalty));
      out.push(box([...p].length * CHAR));
    });
  });
  return out.concat(parfill(opts.fill));
}

const FROG_KING = `In olden times when wishing still helped one, there lived a king whose daughters
were all beautiful; and the youngest was so beautiful that the sun itself, which has seen so much,
was astonished whenever it shone in her face. Close by the king's castle lay a great dark forest,
and under an old lime-tree in the forest was a well, and when the day was very warm, the king's
child went out into the forest and sat down by the side of the cool fountain; and when she was bored
she took a golden ball, and threw it up on high and caught it; and this ball was her favorite plaything.`;

const KAZAKH = `Абай Құнанбайұлы — ақын, ағартушы, жазба қазақ әдебиетінің, қазақ әдеби тілінің негізін
қалаушы, философ, композитор, аудармашы. Ол қазақ поэзиясына жаңа өлең өлшемдерін енгізіп, орыс және
Батыс Еуропа әдебиетінің үздік үлгілерін қазақ тіліне аударған. Мақалада ақынның қара сөздеріндегі
адамгершілік, білім және еңбек туралы ойлары қазіргі педагогика тұрғысынан талданады.`;

const RUSSIAN = `В статье рассматриваются особенности терминологии казахстанской научной периодики начала
двадцатого века. На материале журнальных публикаций показано, как формировались новые обозначения
понятий естественных и гуманитарных наук, какие модели словообразования оказались продуктивными и
почему часть заимствований со временем была вытеснена исконными образованиями.`;

// ---------------------------------------------------------------------------
// An independent scorer: natural width, ratio and demerits of a given set of breaks,
// written from the paper rather than from the implementation.

interface Metrics { natural: number; stretch: number; shrink: number; infinite: boolean }

function metrics(items: Item[], start: number, end: number): Metrics {
  let natural = 0, stretch = 0, shrink = 0, infinite = false;
  for (let i = start; i < end; i++) {
    const x = items[i];
    if (x.type === 'box') natural += x.width;
    else if (x.type === 'glue') {
      natural += x.width;
      if (x.stretch === Infinity) infinite = true;
      else stretch += x.stretch;
      shrink += x.shrink;
    }
  }
  const last = items[end];
  if (last && last.type === 'penalty') natural += last.width;
  return { natural, stretch, shrink, infinite };
}

function ratioOf(m: Metrics, lw: number): number {
  const diff = lw - m.natural;
  if (Math.abs(diff) < 1e-9) return 0;
  if (diff > 0) return m.infinite ? 0 : m.stretch > 0 ? diff / m.stretch : Infinity;
  return m.shrink > 0 ? diff / m.shrink : -Infinity;
}

const widthOf = (ws: number[], k: number) => ws[Math.min(k, ws.length - 1)];
const fitness = (r: number) => (r < -0.5 ? 3 : r <= 0.5 ? 2 : r <= 1 ? 1 : 0);

/** Total demerits of `positions` (each a break index, last = items.length-1), or null if infeasible at `tol`. */
function score(items: Item[], positions: number[], o: BreakOptions & { tolerance: number }): number | null {
  const l = o.linePenalty ?? 10;
  const alpha = o.flaggedDemerits ?? 3000;
  const gamma = o.fitnessDemerits ?? 100;
  const finalHyphen = o.finalHyphenDemerits ?? 5000;
  const maxHyph = o.maxConsecutiveHyphens ?? 2;
  const ranges = lineRanges(items, positions.map((position) => ({ position, ratio: 0, flagged: false })));
  let total = 0, prevFit = 2, prevFlagged = false, run = 0;
  for (let k = 0; k < ranges.length; k++) {
    const { start, end } = ranges[k];
    const r = ratioOf(metrics(items, start, end), widthOf(o.lineWidths, k));
    if (r < -1 || r > o.tolerance) return null;
    const brk = items[end];
    const p = brk && brk.type === 'penalty' ? Math.max(-1000, brk.penalty) : 0;
    const flagged = !!brk && brk.type === 'penalty' && brk.flagged;
    run = flagged ? run + 1 : 0;
    if (run > maxHyph) return null;
    let d = (l + 100 * Math.abs(r) ** 3) ** 2;
    if (p > 0) d += p * p;
    else if (p > -1000) d -= p * p;
    const isLast = k === ranges.length - 1;
    if (prevFlagged && isLast) d += finalHyphen;
    else if (prevFlagged && flagged) d += alpha;
    const fit = fitness(r);
    if (Math.abs(fit - prevFit) > 1) d += gamma;
    total += d;
    prevFit = fit;
    prevFlagged = flagged;
  }
  return total;
}

/** Greedy first-fit: each line takes the last breakpoint it can reach without being overfull. */
function firstFit(items: Item[], lw: number): number[] {
  const legal: number[] = [];
  items.forEach((x, i) => {
    if (i === items.length - 1) return;
    if (x.type === 'glue' && i > 0 && items[i - 1].type === 'box' && !(items[i + 1]?.type === 'penalty' && (items[i + 1] as { penalty: number }).penalty <= -1000)) legal.push(i);
    if (x.type === 'penalty' && x.penalty < 1000) legal.push(i);
  });
  const out: number[] = [];
  let prev = -1;
  for (;;) {
    const tryLine = (b: number) => {
      const [range] = lineRanges(items, [...out.map((position) => ({ position, ratio: 0, flagged: false })), { position: b, ratio: 0, flagged: false }]).slice(-1);
      return ratioOf(metrics(items, range.start, range.end), lw);
    };
    if (tryLine(items.length - 1) >= -1) return [...out, items.length - 1];
    let best = -1;
    for (const b of legal) if (b > prev && tryLine(b) >= -1) best = b;
    if (best < 0) return [...out, items.length - 1];
    out.push(best);
    prev = best;
  }
}

/** Longest run of consecutive lines ending at flagged penalties. */
function longestHyphenRun(breaks: LineBreak[]): number {
  let run = 0, best = 0;
  for (const b of breaks) {
    run = b.flagged ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/** Checks justification: each line but the last, with glue adjusted by its ratio, is exactly its measure. */
function expectJustified(items: Item[], breaks: LineBreak[], lineWidths: number[], tol: number): void {
  const ranges = lineRanges(items, breaks);
  expect(ranges.length).toBe(breaks.length);
  ranges.forEach(({ start, end }, k) => {
    const { ratio } = breaks[k];
    expect(ratio).toBeGreaterThanOrEqual(-1);
    expect(ratio).toBeLessThanOrEqual(tol);
    if (k === breaks.length - 1) return;
    const m = metrics(items, start, end);
    const viaRatio = m.natural + ratio * (ratio >= 0 ? m.stretch : m.shrink);
    expect(Math.abs(viaRatio - widthOf(lineWidths, k))).toBeLessThan(1e-6);
    // The same through the caller's helper, glue by glue.
    let set = 0;
    for (let i = start; i < end; i++) {
      const x = items[i];
      if (x.type === 'box') set += x.width;
      else if (x.type === 'glue') set += lineGlueWidth(x, ratio);
    }
    if (items[end].type === 'penalty') set += items[end].width;
    expect(Math.abs(set - widthOf(lineWidths, k))).toBeLessThan(1e-6);
  });
}

/** Every box must sit on exactly one line, and breaks must move strictly forward. */
function expectAllBoxesPlaced(items: Item[], breaks: LineBreak[]): void {
  const seen = new Array<number>(items.length).fill(0);
  for (const { start, end } of lineRanges(items, breaks)) for (let i = start; i < end; i++) seen[i]++;
  items.forEach((x, i) => {
    if (x.type === 'box') expect(seen[i], `box ${i}`).toBe(1);
  });
  for (let k = 1; k < breaks.length; k++) expect(breaks[k].position).toBeGreaterThan(breaks[k - 1].position);
  expect(breaks[breaks.length - 1].position).toBe(items.length - 1);
}

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------

describe('breakLines: justified paragraphs', () => {
  // ~55 characters a line, as in the 84 mm column.
  const measure = 55 * CHAR;

  it.each([
    ['English', FROG_KING],
    ['Kazakh', KAZAKH],
    ['Russian', RUSSIAN],
  ])('sets a %s paragraph with every line exactly full', (_name, text) => {
    const items = paragraph(text, { hyphenate: true });
    const result = breakLines(items, { lineWidths: [measure] });
    expect(result.emergency).toBe(false);
    expect(result.tolerance).toBe(2);
    expect(result.breaks.length).toBeGreaterThan(3);
    expectJustified(items, result.breaks, [measure], 2);
    expectAllBoxesPlaced(items, result.breaks);
    // Last line is set ragged by the infinite fill: no finite glue stretched.
    expect(result.breaks[result.breaks.length - 1].ratio).toBe(0);
  });

  it('accepts an effectively infinite finite fill (1e5) too', () => {
    const items = paragraph(FROG_KING, { fill: 1e5 });
    const result = breakLines(items, { lineWidths: [measure] });
    expect(result.emergency).toBe(false);
    expectJustified(items, result.breaks, [measure], 2);
    const last = result.breaks[result.breaks.length - 1];
    expect(last.ratio).toBeGreaterThanOrEqual(0);
    expect(last.ratio).toBeLessThan(1e-3);
  });

  it('beats greedy first-fit where first-fit leaves a very loose line', () => {
    // Without hyphenation on a narrow measure, first-fit strands a line stretched more
    // than 4× its stretchability; total-fit spreads the slack over earlier lines.
    const lw = 182;
    const items = paragraph(FROG_KING);
    const opts = { lineWidths: [lw], tolerance: Infinity };
    const greedy = firstFit(items, lw);
    const greedyRatios = lineRanges(items, greedy.map((position) => ({ position, ratio: 0, flagged: false })))
      .slice(0, -1)
      .map(({ start, end }) => ratioOf(metrics(items, start, end), lw));
    expect(Math.max(...greedyRatios)).toBeGreaterThan(4);

    const result = breakLines(items, { lineWidths: [lw] });
    expect(result.emergency).toBe(false);
    expect(result.tolerance).toBe(2);
    expectJustified(items, result.breaks, [lw], 2);
    expect(result.breaks.length).toBe(greedy.length); // same number of lines, better spread

    const optimal = score(items, result.breaks.map((b) => b.position), opts)!;
    const firstFitDemerits = score(items, greedy, opts)!;
    expect(optimal).toBeLessThan(firstFitDemerits);
    expect(optimal * 5).toBeLessThan(firstFitDemerits); // not a marginal win
  });

  it('matches exhaustive search on small random paragraphs', () => {
    const rnd = mulberry32(7);
    let compared = 0;
    for (let trial = 0; trial < 150; trial++) {
      const words = Array.from({ length: 8 + Math.floor(rnd() * 8) }, () => 'x'.repeat(1 + Math.floor(rnd() * 9)));
      const items = paragraph(words.join(' '), { hyphenate: true, hyphenPenalty: Math.floor(rnd() * 100) });
      const lw = 60 + Math.floor(rnd() * 60);
      const opts = { lineWidths: [lw, lw + 10 * Math.floor(rnd() * 3)], tolerance: 2, maxConsecutiveHyphens: 1 + Math.floor(rnd() * 2) };
      const result = breakLines(items, opts);
      const o = { ...opts, tolerance: result.emergency ? 10 : result.tolerance };
      // Depth-first over every feasible sequence of breaks.
      const legal = items.map((_, i) => i).filter((i) => {
        const x = items[i];
        if (i === items.length - 1) return true;
        if (x.type === 'glue') return i > 0 && items[i - 1].type === 'box' && i + 1 < items.length - 1;
        return x.type === 'penalty' && x.penalty < 1000;
      });
      let best = Infinity;
      const dfs = (chosen: number[], run: number) => {
        const prev = chosen.length ? chosen[chosen.length - 1] : -1;
        for (const b of legal) {
          if (b <= prev) continue;
          const seq = [...chosen, b];
          if (b === items.length - 1) {
            const s = score(items, seq, o);
            if (s !== null) best = Math.min(best, s);
            continue;
          }
          const ranges = lineRanges(items, seq.map((position) => ({ position, ratio: 0, flagged: false })));
          const { start, end } = ranges[ranges.length - 1];
          const r = ratioOf(metrics(items, start, end), widthOf(o.lineWidths, ranges.length - 1));
          if (r < -1) break; // only gets worse further on
          const x = items[b];
          const nextRun = x.type === 'penalty' && x.flagged ? run + 1 : 0;
          if (r > o.tolerance || nextRun > o.maxConsecutiveHyphens) continue;
          dfs(seq, nextRun);
        }
      };
      dfs([], 0);
      if (result.emergency) {
        expect(best).toBe(Infinity); // really nothing feasible at the last tolerance
        continue;
      }
      const got = score(items, result.breaks.map((b) => b.position), o);
      expect(got).not.toBeNull();
      expect(got!).toBeCloseTo(best, 6);
      compared++;
    }
    expect(compared).toBeGreaterThan(75);
  });
});

describe('breakLines: hyphenation limit', () => {
  // Russian has long words; with hyphens cheap (rewarded, and no double-hyphen or
  // final-hyphen demerits) the optimiser wants them on line after line.
  const items = paragraph(RUSSIAN, { hyphenate: true, hyphenPenalty: -100 });
  const base = { lineWidths: [275], flaggedDemerits: 0, finalHyphenDemerits: 0 };

  it('would take 3+ consecutive hyphens without the limit', () => {
    const free = breakLines(items, { ...base, maxConsecutiveHyphens: Infinity });
    expect(free.emergency).toBe(false);
    expect(free.tolerance).toBe(2);
    expect(longestHyphenRun(free.breaks)).toBeGreaterThanOrEqual(3);
  });

  it('never ends 3 consecutive lines with a hyphen at the default limit of 2', () => {
    const limited = breakLines(items, base);
    expect(limited.emergency).toBe(false);
    expect(limited.tolerance).toBe(2);
    expect(longestHyphenRun(limited.breaks)).toBe(2);
    expectJustified(items, limited.breaks, [275], 2);
    // The constraint costs something: the unconstrained optimum is cheaper.
    const o = { ...base, tolerance: 2 };
    const free = breakLines(items, { ...base, maxConsecutiveHyphens: Infinity });
    expect(score(items, limited.breaks.map((b) => b.position), o)!).toBeGreaterThan(
      score(items, free.breaks.map((b) => b.position), { ...o, maxConsecutiveHyphens: Infinity })!,
    );
  });

  it('honours limits of 1 and 0', () => {
    const one = breakLines(items, { ...base, maxConsecutiveHyphens: 1 });
    expect(longestHyphenRun(one.breaks)).toBe(1);
    expectJustified(items, one.breaks, [275], one.tolerance);
    const none = breakLines(items, { ...base, maxConsecutiveHyphens: 0 });
    expect(longestHyphenRun(none.breaks)).toBe(0);
    expectAllBoxesPlaced(items, none.breaks);
  });

  it('keeps the limit in the emergency pass', () => {
    // A long run of only hyphenation points on a narrow measure forces the emergency pass.
    const word: Item[] = [];
    for (let k = 0; k < 40; k++) {
      if (k) word.push(hyphen(0));
      word.push(box(2 * CHAR));
    }
    const its = [...word, ...parfill()];
    const result = breakLines(its, { lineWidths: [23], maxConsecutiveHyphens: 2 });
    expect(result.emergency).toBe(true);
    expect(longestHyphenRun(result.breaks)).toBeLessThanOrEqual(2);
    expectAllBoxesPlaced(its, result.breaks);
  });
});

describe('breakLines: boxes that stretch (font expansion)', () => {
  // Two 100-wide words that may each widen or narrow by 2, around a space 10 +5 −3; forced end.
  const items = (): Item[] => [
    { type: 'box', width: 100, stretch: 2, shrink: 2 },
    { type: 'glue', width: 10, stretch: 5, shrink: 3 },
    { type: 'box', width: 100, stretch: 2, shrink: 2 },
    { type: 'glue', width: 0, stretch: 0, shrink: 0 },
    { type: 'penalty', width: 0, penalty: -1000, flagged: false },
  ];
  const ratio = (width: number) => breakLines(items(), { lineWidths: [width], tolerance: 10 }).breaks[0].ratio;

  it('share the slack with the glue at one ratio while the boxes can give', () => {
    expect(ratio(215)).toBeCloseTo(5 / 9, 9); // 5 of slack over 5 + 2 + 2 of stretch
    expect(ratio(203)).toBeCloseTo(-7 / 7, 9); // all the shrink: 3 + 2 + 2
  });

  it('stop at their limit: beyond it the glue alone takes the rest, and the line is that loose', () => {
    expect(ratio(230)).toBeCloseTo((20 - 4) / 5, 9);
  });

  it('cannot make an overfull line fit by more than they give', () => {
    const r = breakLines(items(), { lineWidths: [202], tolerance: 10 });
    expect(r.emergency).toBe(true);
  });
});

describe('breakLines: forced breaks, odd widths, odd input', () => {
  it('honours forced breaks (-1000) in mid-paragraph', () => {
    const a = paragraph('The first sentence is short.');
    const b = paragraph(RUSSIAN);
    const items = [...a, ...b];
    const forcedAt = a.length - 1;
    const result = breakLines(items, { lineWidths: [275] });
    expect(result.breaks.some((br) => br.position === forcedAt)).toBe(true);
    expect(result.breaks[0].position).toBe(forcedAt); // it all fits on one line
    expect(result.breaks[0].ratio).toBe(0);
    const ranges = lineRanges(items, result.breaks);
    expect(ranges[1].start).toBe(forcedAt + 1);
    expectJustified(items.slice(forcedAt + 1), result.breaks.slice(1).map((br) => ({ ...br, position: br.position - forcedAt - 1 })), [275], result.tolerance);
  });

  it('sets two consecutive forced breaks as an empty line without failing the pass', () => {
    const items: Item[] = [box(50), ...parfill(), ...parfill(), box(50), ...parfill()];
    const result = breakLines(items, { lineWidths: [100] });
    expect(result.emergency).toBe(false);
    expect(result.breaks.map((b) => b.position)).toEqual([2, 4, 7]);
  });

  it('falls back to the emergency pass for a box wider than the line, without throwing', () => {
    const items = paragraph(FROG_KING);
    // Replace one word with an unbreakable URL-like box twice the measure.
    const wide = items.findIndex((x, i) => x.type === 'box' && i > 40);
    items[wide] = box(600);
    const result = breakLines(items, { lineWidths: [275] });
    expect(result.emergency).toBe(true);
    expect(result.tolerance).toBe(Infinity);
    expectAllBoxesPlaced(items, result.breaks);
    for (const b of result.breaks) expect(b.ratio).toBeGreaterThanOrEqual(-1);
    // The wide box gets a line to itself, reported as fully shrunk (it sticks out).
    const ranges = lineRanges(items, result.breaks);
    const k = ranges.findIndex((r) => r.start <= wide && wide < r.end);
    expect(ranges[k]).toEqual({ start: wide, end: wide + 1 });
    expect(result.breaks[k].ratio).toBe(-1);
  });

  it('retries at a larger tolerance before resorting to the emergency pass', () => {
    // Words without hyphenation points on a narrow measure: no solution at r <= 2.
    const items = paragraph(FROG_KING);
    const result = breakLines(items, { lineWidths: [203] });
    expect(result.emergency).toBe(false);
    expect(result.tolerance).toBe(3);
    expectJustified(items, result.breaks, [203], 3);
  });

  it('uses per-line widths, e.g. beside a float, and the last width thereafter', () => {
    const widths = [150, 150, 150, 275];
    const items = paragraph(KAZAKH, { hyphenate: true });
    const result = breakLines(items, { lineWidths: widths });
    expect(result.emergency).toBe(false);
    expect(result.breaks.length).toBeGreaterThan(widths.length);
    expectJustified(items, result.breaks, widths, result.tolerance);
    expectAllBoxesPlaced(items, result.breaks);
    // Lines beside the float really are short.
    const ranges = lineRanges(items, result.breaks);
    expect(metrics(items, ranges[0].start, ranges[0].end).natural).toBeLessThan(160);
    expect(metrics(items, ranges[5].start, ranges[5].end).natural).toBeGreaterThan(250);
  });

  it('returns no lines for empty input', () => {
    expect(breakLines([], { lineWidths: [275] })).toEqual({ breaks: [], emergency: false, tolerance: 2 });
  });

  it('does not throw on degenerate lists', () => {
    const cases: Array<[Item[], number[]]> = [
      [[space(), space(), space()], [100]],
      [[box(0), space(), box(0), ...parfill()], [0]],
      [[box(0), { type: 'glue', width: 0, stretch: 0, shrink: 0 }, box(0)], [100]],
      [[{ type: 'penalty', width: 0, penalty: -1000, flagged: false }], [100]],
      [[box(10), space(), box(10)], []],
      [[box(Number.NaN), { type: 'glue', width: 3, stretch: Number.NaN, shrink: Infinity }, box(10)], [Number.NaN]],
      [[box(10), space(), box(10), { type: 'penalty', width: 0, penalty: 50, flagged: true }], [100]],
    ];
    for (const [items, lineWidths] of cases) {
      const result = breakLines(items, { lineWidths });
      expect(result.breaks.length).toBeGreaterThan(0);
      expectAllBoxesPlaced(items, result.breaks);
      for (const b of result.breaks) expect(Number.isFinite(b.ratio)).toBe(true);
    }
  });

  it('supplies the final break when the list does not end with one', () => {
    const items = paragraph(FROG_KING).slice(0, -2);
    const result = breakLines(items, { lineWidths: [275] });
    expect(result.emergency).toBe(false);
    expectJustified(items, result.breaks, [275], 2);
    expectAllBoxesPlaced(items, result.breaks);
    expect(lineRanges(items, result.breaks).at(-1)!.end).toBe(items.length);
  });

  it('applies looseness', () => {
    const items = paragraph(FROG_KING, { hyphenate: true });
    const normal = breakLines(items, { lineWidths: [290], tolerance: 3 });
    const looser = breakLines(items, { lineWidths: [290], tolerance: 3, looseness: 1 });
    const tighter = breakLines(items, { lineWidths: [290], tolerance: 3, looseness: -1 });
    expect(looser.breaks.length).toBe(normal.breaks.length + 1);
    expect(tighter.breaks.length).toBe(normal.breaks.length - 1);
  });
});

describe('lineGlueWidth', () => {
  it('stretches, shrinks (never past the shrink limit) and leaves infinite fill natural', () => {
    const g = { type: 'glue' as const, width: 3, stretch: 1.5, shrink: 1 };
    expect(lineGlueWidth(g, 2)).toBe(6);
    expect(lineGlueWidth(g, -0.5)).toBe(2.5);
    expect(lineGlueWidth(g, -3)).toBe(2);
    expect(lineGlueWidth({ ...g, stretch: Infinity }, 0)).toBe(3);
    expect(lineGlueWidth(g, Number.NaN)).toBe(3);
  });
});

describe('breakLines: bounded work', () => {
  function randomParagraph(words: number, seed: number): Item[] {
    const rnd = mulberry32(seed);
    const out: Item[] = [];
    for (let i = 0; i < words; i++) {
      if (i > 0) out.push(space());
      const len = 1 + Math.floor(rnd() * 11);
      if (len >= 7) out.push(box(3 * CHAR), hyphen(), box((len - 3) * CHAR));
      else out.push(box(len * CHAR));
    }
    return out.concat(parfill());
  }

  it('breaks a 200,000-item paragraph', () => {
    const items = randomParagraph(80_000, 1);
    expect(items.length).toBeGreaterThanOrEqual(200_000);
    const t0 = performance.now();
    const result = breakLines(items, { lineWidths: [275] });
    const ms = performance.now() - t0;
    console.log(`linebreak: ${items.length} items -> ${result.breaks.length} lines in ${ms.toFixed(0)} ms (tolerance ${result.tolerance})`);
    expect(result.breaks.length).toBeGreaterThan(5000);
    expect(result.breaks.at(-1)!.position).toBe(items.length - 1);
  });

  it('stays bounded on a very wide measure (hundreds of breakpoints a line)', () => {
    // Here the active list outgrows maxActiveNodes and is pruned; it must still finish
    // with every line justified.
    const items = randomParagraph(20_000, 2);
    const result = breakLines(items, { lineWidths: [20_000], maxActiveNodes: 50 });
    expect(result.emergency).toBe(false);
    expectJustified(items, result.breaks, [20_000], result.tolerance);
    expectAllBoxesPlaced(items, result.breaks);
  });
});
