/**
 * Total-fit line breaking after Knuth & Plass, "Breaking Paragraphs into Lines"
 * (Software—Practice and Experience 11, 1981), i.e. TeX's paragraph builder.
 *
 * The caller turns a paragraph into boxes (words, word fragments), glue (spaces) and
 * penalties (hyphenation points, forced breaks) and gets back the breakpoints that
 * minimise the paragraph's total demerits, plus each line's adjustment ratio.
 *
 * Caller responsibilities:
 * - End the paragraph with `glue(0, Infinity (or e.g. 1e5), 0)` + `penalty(-1000)`
 *   (TeX's \parfillskip + \par). If the list does not end in a forced break we append
 *   that pair virtually, so the last line is still set ragged.
 * - Split boxes wider than the line (long URLs, formulas) before calling. A box that
 *   cannot fit only ever yields an overfull line from the emergency pass.
 * - First-line indent is a leading box; per-line widths (e.g. beside a float) go in
 *   `lineWidths`.
 *
 * Deviations from / additions to the textbook algorithm, each for robustness:
 * - Glue directly followed by a forced break is not a legal breakpoint (TeX reaches the
 *   same result with \penalty10000 before \parfillskip); breaking there only makes an
 *   empty line.
 * - A line ended by a forced break that is short and has no stretchability is set at
 *   its natural width (ratio 0) rather than being "infinitely bad".
 * - `maxConsecutiveHyphens` is a hard constraint, so the count of consecutive flagged
 *   breaks is part of an active node's identity, not only its demerits.
 * - Bounded work: at most `maxActiveNodes` (default 200) active nodes survive each
 *   breakpoint (see `prune`), so a pass costs O(items × maxActiveNodes) time and there
 *   are at most four passes (tolerance, 3, 10, emergency). Ordinary text at ~55
 *   characters a line keeps only ~10–30 nodes active, so the bound never bites there
 *   and the result is the true optimum; it matters for very wide measures.
 * - Passes: `tolerance`, then 1.5, 2, 3 and 10 (small steps: a paragraph that just misses
 *   one tolerance should not jump to a much looser one); if none is feasible, an emergency pass with
 *   unbounded stretch that also accepts overfull lines (least overfull first) and so
 *   always returns a full set of breaks. Hopelessly wide boxes skip straight to it.
 * - Also exempt from the textbook: odd input (NaN widths, empty width list, lists of only
 *   glue) is tolerated rather than rejected; nothing here throws.
 *
 * Running sums are plain doubles kept incrementally; the ratios returned are
 * recomputed from the items of each line, so they don't inherit rounding drift from
 * a multi-megabyte paragraph.
 */

export interface Box {
  type: 'box';
  width: number;
  /** opaque index for the caller */
  ref?: number;
  /** How far the box itself may widen or narrow (font expansion, as pdfTeX's); default 0. */
  stretch?: number;
  shrink?: number;
  /**
   * Character protrusion (pdfTeX's \rpcode, microtype's): how far this box's last glyph
   * hangs past the right margin when a line ends right after it (at the glue or
   * zero-width penalty that follows). The line may then hold that much more.
   */
  protrude?: number;
}
export interface Glue { type: 'glue'; width: number; stretch: number; shrink: number; ref?: number }
/** `protrude`: how far the penalty's own glyph (a discretionary hyphen) hangs past the margin when the line breaks here. */
export interface Penalty { type: 'penalty'; width: number; penalty: number; flagged: boolean; ref?: number; protrude?: number }
export type Item = Box | Glue | Penalty;

export interface BreakOptions {
  /** Width of line i (0-based); lines past the array's end take the last width. */
  lineWidths: number[];
  /** Max adjustment ratio of the first pass; default 2. Later passes try 3, then 10, then the emergency pass. */
  tolerance?: number;
  /** Added to every line's badness before squaring; default 10. */
  linePenalty?: number;
  /** "Double hyphen" demerits: two consecutive lines ending at flagged penalties; default 3000. */
  flaggedDemerits?: number;
  /** Adjacent lines whose fitness classes are not neighbours; default 100. */
  fitnessDemerits?: number;
  /** Hyphen on the second-to-last line of the paragraph; default 5000. */
  finalHyphenDemerits?: number;
  /** HARD limit on consecutive lines ending at a flagged penalty; default 2. Forced breaks are exempt. */
  maxConsecutiveHyphens?: number;
  /** Lines to add (>0) or remove (<0) relative to the optimum, as \looseness; default 0. */
  looseness?: number;
  /**
   * Upper bound on active nodes kept between breakpoints; default 200. Beyond it the
   * nodes with the worst projected demerits are dropped (see `prune`). Only very wide
   * measures (hundreds of breakpoints per line) come near it.
   */
  maxActiveNodes?: number;
}

export interface LineBreak {
  /** Index in items of the break (a glue or a penalty), or items.length-1 for the last. */
  position: number;
  /**
   * Adjustment ratio of the line ending here: >0 stretch, <0 shrink (>= -1).
   * An overfull line (emergency pass only) reports -1 and sticks out; an underfull line
   * with no stretchability reports 0 (natural width).
   */
  ratio: number;
  flagged: boolean;
}

export interface BreakResult {
  breaks: LineBreak[];
  /** true when no solution within tolerance existed and the emergency pass was used */
  emergency: boolean;
  /** Tolerance of the pass that produced `breaks` (Infinity for the emergency pass). */
  tolerance: number;
}

/** Items of one line: `items[start..end)`, plus the width of `items[end]` when it is a penalty (the hyphen). */
export interface LineRange { start: number; end: number }

// Penalties at or beyond ±1000 mean "never" / "always", as in the paper.
const INFINITE_PENALTY = 1000;
// Badness grows as 100·|r|³; past this (|r| ≈ 21.5) lines are all equally hopeless. A cap
// keeps emergency-pass totals small enough that ordinary demerit differences still count.
const BADNESS_CAP = 1e6;
const DEFAULT_MAX_ACTIVE = 200;
// Fitness classes, numbered so that "adjacent" means |a - b| <= 1.
const VERY_LOOSE = 0;
const LOOSE = 1;
const DECENT = 2;
const TIGHT = 3;

interface Node {
  /** Index of the break item; -1 for the paragraph start. */
  pos: number;
  /** Lines ending at or before this break, i.e. the 0-based index of the next line. */
  line: number;
  fitness: number;
  /** Consecutive lines ending at flagged penalties, up to and including this break. */
  hyph: number;
  total: number;
  /** Sums of width/stretch/shrink/infinite-stretch count of items before `start`. */
  tw: number;
  ty: number;
  /** Box stretch (font expansion) before `start`, kept apart: it stops at ratio 1. */
  tyb: number;
  tz: number;
  ti: number;
  /** First item of the next line (after discarding glue and penalties). */
  start: number;
  prev: Node | null;
}

interface Candidate {
  from: Node;
  total: number;
  fitness: number;
  hyph: number;
  lineClass: number;
}

interface Config {
  widths: number[];
  linePenalty: number;
  flaggedDemerits: number;
  fitnessDemerits: number;
  finalHyphenDemerits: number;
  maxHyph: number;
  /** Largest hyphen count worth distinguishing in node identity. */
  hyphCap: number;
  looseness: number;
  maxActive: number;
}

const VIRTUAL_FILL: Glue = { type: 'glue', width: 0, stretch: Infinity, shrink: 0 };
const VIRTUAL_END: Penalty = { type: 'penalty', width: 0, penalty: -INFINITE_PENALTY, flagged: false };

/** NaN, ±Infinity and non-numbers count as 0 so odd input degrades instead of poisoning sums. */
function fin(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : 0;
}

function isGlue(it: Item | undefined): it is Glue {
  return it !== undefined && it !== null && it.type === 'glue';
}
function isPenalty(it: Item | undefined): it is Penalty {
  return it !== undefined && it !== null && it.type === 'penalty';
}
/** Anything that is neither glue nor penalty (including malformed items) counts as a box. */
function isBox(it: Item | undefined): boolean {
  return !isGlue(it) && !isPenalty(it);
}
function penaltyValue(p: Penalty): number {
  const v = p.penalty;
  if (typeof v !== 'number' || Number.isNaN(v)) return 0;
  return Math.max(-INFINITE_PENALTY, Math.min(INFINITE_PENALTY, v));
}
function isForced(it: Item | undefined): boolean {
  return isPenalty(it) && penaltyValue(it) <= -INFINITE_PENALTY;
}

/** Tolerance on "exactly full" so rounding in long running sums never flips a fit into overfull. */
function fitEpsilon(scale: number): number {
  return 1e-9 + 1e-14 * Math.abs(scale);
}

/**
 * Adjustment ratio of a line of natural width `len` for measure `lw`. Infinite stretch
 * (\parfillskip) absorbs all slack, so finite glue is left natural (r = 0).
 */
function adjustment(len: number, lw: number, y: number, yb: number, z: number, inf: number, forced: boolean, scale: number): number {
  const diff = lw - len;
  if (Math.abs(diff) <= fitEpsilon(scale)) return 0;
  if (diff > 0) {
    if (inf > 0) return 0;
    // Boxes stretch (font expansion, `yb`) at the glue's ratio, but never past their own
    // limit: beyond it the glue takes the rest alone, and the line is that loose.
    if (diff <= y + yb && y + yb > 0) return diff / (y + yb);
    if (y > 0) return (diff - yb) / y;
    return forced ? 0 : Infinity;
  }
  return z > 0 ? diff / z : -Infinity;
}

function badness(r: number): number {
  const b = 100 * Math.abs(r) ** 3;
  return b < BADNESS_CAP ? b : BADNESS_CAP;
}

function fitnessOf(r: number): number {
  if (r < -0.5) return TIGHT;
  if (r <= 0.5) return DECENT;
  if (r <= 1) return LOOSE;
  return VERY_LOOSE;
}

/**
 * First item of the line after a break at `b` (-1 = paragraph start): glue and penalties
 * are discarded up to the next box, or up to a forced break (which then ends an empty line).
 */
function lineStartAfter(seq: readonly Item[], b: number): number {
  if (b < 0) return 0;
  let j = b;
  for (; j < seq.length; j++) {
    const x = seq[j];
    if (isBox(x)) break;
    if (j > b && isForced(x)) break;
  }
  return j;
}

/**
 * How far the line ending at break `b` hangs into the right margin: the hyphen's own
 * protrusion at a discretionary, else that of the box right before the break (a word
 * ending in a full stop, comma or hard hyphen). Counted as negative width by the breaker.
 */
export function hangAt(seq: readonly Item[], b: number): number {
  const at = seq[b];
  if (isPenalty(at) && fin(at.width) > 0) return Math.max(0, fin(at.protrude));
  const before = seq[b - 1];
  if (b > 0 && isBox(before) && !isForced(at)) return Math.max(0, fin((before as Box).protrude));
  return 0;
}

function lineWidthFor(widths: number[], line: number): number {
  return widths[line < widths.length ? line : widths.length - 1];
}

export function breakLines(items: Item[], options: BreakOptions): BreakResult {
  const first = options?.tolerance;
  const tol = typeof first === 'number' && first >= 0 ? first : 2;
  const n = Array.isArray(items) ? items.length : 0;
  if (n === 0) return { breaks: [], emergency: false, tolerance: tol };

  const cfg = configure(options ?? { lineWidths: [] });
  // Without a closing forced break the paragraph would have no last line; add TeX's \par.
  const virtual = !isForced(items[n - 1]);
  const seq: readonly Item[] = virtual ? items.concat([VIRTUAL_FILL, VIRTUAL_END]) : items;

  // A box that no line can hold dooms every normal pass, possibly only near the end of
  // a huge paragraph; go straight to the emergency pass instead of failing three times.
  if (!hasHopelessBox(seq, cfg.widths)) {
    for (const t of [tol, ...[1.5, 2, 3, 10].filter((t) => t > tol)]) {
      const end = runPass(seq, n, cfg, t, false);
      if (end) return { breaks: collect(seq, n, end, cfg), emergency: false, tolerance: t };
    }
  }
  // The emergency pass never empties its active list, so it always reaches the end; the
  // single-line fallback only guards against a bug there turning into a throw.
  const end = runPass(seq, n, cfg, Infinity, true);
  const breaks = end ? collect(seq, n, end, cfg) : [{ position: n - 1, ratio: 0, flagged: false }];
  return { breaks, emergency: true, tolerance: Infinity };
}

/**
 * True when some box is wider than the widest line. Only trusted when nothing can make a
 * line narrower than its widest box (no negative widths, no glue shrinking below zero).
 */
function hasHopelessBox(seq: readonly Item[], widths: number[]): boolean {
  let widest = 0;
  for (const w of widths) widest = Math.max(widest, w);
  let found = false;
  for (const x of seq) {
    const w = fin((x as Box | undefined)?.width);
    if (w < 0) return false;
    if (isGlue(x)) {
      if (fin(x.shrink) > w) return false;
    } else if (!isPenalty(x) && w - fin((x as Box).shrink) > widest + fitEpsilon(w)) found = true;
  }
  return found;
}

function configure(o: BreakOptions): Config {
  const raw = Array.isArray(o.lineWidths) ? o.lineWidths : [];
  // Nonsense measures become 0: every line is then overfull and the emergency pass sets
  // one word per line, which is visible, instead of throwing.
  const widths = raw.length ? raw.map((w) => (typeof w === 'number' && Number.isFinite(w) && w > 0 ? w : 0)) : [0];
  const num = (v: number | undefined, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  let maxHyph = o.maxConsecutiveHyphens;
  if (typeof maxHyph !== 'number' || Number.isNaN(maxHyph)) maxHyph = 2;
  maxHyph = maxHyph === Infinity ? Infinity : Math.max(0, Math.floor(maxHyph));
  const maxActive = Math.max(8, Math.floor(num(o.maxActiveNodes, DEFAULT_MAX_ACTIVE)));
  return {
    widths,
    linePenalty: num(o.linePenalty, 10),
    flaggedDemerits: num(o.flaggedDemerits, 3000),
    fitnessDemerits: num(o.fitnessDemerits, 100),
    finalHyphenDemerits: num(o.finalHyphenDemerits, 5000),
    maxHyph,
    // With no limit only "was the previous line hyphenated" matters for demerits.
    hyphCap: Number.isFinite(maxHyph) ? maxHyph : 1,
    looseness: Math.trunc(num(o.looseness, 0)),
    maxActive,
  };
}

/**
 * One pass over the items at the given tolerance. Returns the chosen final node, or null
 * when the active list ran empty (no feasible solution at this tolerance).
 *
 * `emergency`: tolerance is infinite and, when every active node would be lost to an
 * overfull line, the least overfull of them is kept as a break anyway ("rescue"), so
 * the pass cannot fail.
 */
function runPass(seq: readonly Item[], nReal: number, cfg: Config, tol: number, emergency: boolean): Node | null {
  const m = seq.length;
  const last = m - 1;
  // With a virtual ending, the caller's own trailing glue/penalty must not become a
  // second break at the same reported position (items.length - 1).
  const noBreakFrom = m > nReal ? nReal - 1 : m;
  const widths = cfg.widths;
  const easyFrom = cfg.looseness !== 0 ? Infinity : widths.length - 1;
  // Beyond the last distinct width, line numbers don't change the future: merge them
  // (TeX's easy_line) so the same break isn't kept once per line count.
  const lineClass = (line: number) => (line < easyFrom ? line : easyFrom);
  const gamma = cfg.fitnessDemerits;
  const dominanceFitSlack = Math.abs(gamma);
  const dominanceFlagSlack = Math.max(0, -cfg.flaggedDemerits, -cfg.finalHyphenDemerits);
  const lp = cfg.linePenalty;

  let W = 0; // sums of box and glue over items before the current index
  let Y = 0;
  let Z = 0;
  let YB = 0; // box stretch (font expansion), apart from the glue's
  let I = 0; // number of infinitely stretchable glues
  let active: Node[] = [{
    pos: -1, line: 0, fitness: DECENT, hyph: 0, total: 0,
    tw: 0, ty: 0, tyb: 0, tz: 0, ti: 0, start: 0, prev: null,
  }];
  const cands = new Map<number, Candidate>();
  const dropped: Node[] = [];
  const keyStride = (cfg.hyphCap + 1) * 4;

  const tryBreak = (b: number, pw: number, p: number, flagged: boolean, isFinal: boolean): void => {
    const forced = p <= -INFINITE_PENALTY;
    cands.clear();
    dropped.length = 0;
    let rescue: Node | null = null;
    let rescueExcess = Infinity;
    let kept = 0;
    for (let k = 0; k < active.length; k++) {
      const a = active[k];
      if (b < a.start) {
        // b lies in the glue discarded after a's break: no line a→b exists yet.
        active[kept++] = a;
        continue;
      }
      const lw = lineWidthFor(widths, a.line);
      const len = W - a.tw + pw;
      const y = Y - a.ty;
      const z = Z - a.tz;
      const r = adjustment(len, lw, y, YB - a.tyb, z, I - a.ti, forced, W);
      const allowed = forced || !flagged || a.hyph < cfg.maxHyph;
      if (r >= -1 && r <= tol && allowed) {
        const base = lp + badness(r);
        let d = base * base;
        if (p > 0) d += p * p;
        else if (p < 0 && !forced) d -= p * p;
        if (a.hyph > 0) {
          if (isFinal) d += cfg.finalHyphenDemerits;
          else if (flagged) d += cfg.flaggedDemerits;
        }
        const fit = fitnessOf(r);
        if (Math.abs(fit - a.fitness) > 1) d += gamma;
        const total = a.total + d;
        const hyph = flagged ? Math.min(a.hyph + 1, cfg.hyphCap) : 0;
        const lc = lineClass(a.line + 1);
        const key = lc * keyStride + hyph * 4 + fit;
        const c = cands.get(key);
        if (c === undefined) cands.set(key, { from: a, total, fitness: fit, hyph, lineClass: lc });
        else if (total < c.total) { c.from = a; c.total = total; }
      } else if (emergency && r < -1 && allowed) {
        // Least overfull first (usually the over-wide box alone), then fewest demerits.
        const excess = len - lw - (z > 0 ? z : 0);
        if (excess < rescueExcess - 1e-9 || (Math.abs(excess - rescueExcess) <= 1e-9 && rescue && a.total < rescue.total)) {
          rescue = a;
          rescueExcess = excess;
        }
      }
      // Overfull lines only get longer as b advances; a forced break ends every line.
      if (r < -1 || forced) dropped.push(a);
      else active[kept++] = a;
    }
    active.length = kept;

    if (cands.size === 0) {
      if (!emergency || kept > 0) return;
      if (rescue === null) {
        // Every node is blocked here (e.g. the hyphen limit at a flagged break): keep
        // them all alive so a later breakpoint can rescue one.
        for (const a of dropped) active.push(a);
        return;
      }
      const base = lp + BADNESS_CAP;
      cands.set(0, {
        from: rescue,
        total: rescue.total + base * base,
        fitness: TIGHT,
        hyph: flagged ? Math.min(rescue.hyph + 1, cfg.hyphCap) : 0,
        lineClass: lineClass(rescue.line + 1),
      });
    }

    // Drop candidates that another candidate here beats in every possible future: same
    // future widths, no more consecutive hyphens, and cheaper even after paying the
    // worst fitness-jump / flagged difference (the paper's "D_c > D + γ" test, extended).
    const list = [...cands.values()].sort((u, v) => u.total - v.total);
    const accepted: Candidate[] = [];
    for (const c of list) {
      let dominated = false;
      for (const x of accepted) {
        if (x.lineClass !== c.lineClass || x.hyph > c.hyph) continue;
        const slack = (x.fitness !== c.fitness ? dominanceFitSlack : 0) + ((x.hyph > 0) !== (c.hyph > 0) ? dominanceFlagSlack : 0);
        if (x.total + slack <= c.total) { dominated = true; break; }
      }
      if (!dominated) accepted.push(c);
    }

    // Sums after the break, discarding the glue/penalties that start the next line.
    let tw = W, ty = Y, tz = Z, ti = I;
    const tyb = YB;
    let j = b;
    for (; j < m; j++) {
      const x = seq[j];
      if (isGlue(x)) {
        tw += fin(x.width);
        if (x.stretch === Infinity) ti++;
        else ty += fin(x.stretch);
        tz += fin(x.shrink);
      } else if (isPenalty(x)) {
        if (j > b && penaltyValue(x) <= -INFINITE_PENALTY) break;
      } else break;
    }
    for (const c of accepted) {
      active.push({
        pos: b, line: c.from.line + 1, fitness: c.fitness, hyph: c.hyph, total: c.total,
        tw, ty, tyb, tz, ti, start: j, prev: c.from,
      });
    }
    if (active.length > cfg.maxActive) active = prune(active, cfg, W);
  };

  for (let i = 0; i < m; i++) {
    const it = seq[i];
    if (isGlue(it)) {
      if (i > 0 && i < noBreakFrom && isBox(seq[i - 1]) && !isForced(seq[i + 1])) {
        tryBreak(i, -hangAt(seq, i), 0, false, false);
        if (active.length === 0) return null;
      }
      W += fin(it.width);
      if (it.stretch === Infinity) I++;
      else Y += fin(it.stretch);
      Z += fin(it.shrink);
    } else if (isPenalty(it)) {
      const p = penaltyValue(it);
      if (p < INFINITE_PENALTY && (i < noBreakFrom || i === last)) {
        tryBreak(i, fin(it.width) - hangAt(seq, i), p, it.flagged === true, i === last);
        if (active.length === 0) return null;
      }
    } else {
      const box = it as Box | undefined;
      W += fin(box?.width);
      YB += fin(box?.stretch);
      Z += fin(box?.shrink);
    }
  }
  // The last item is a forced break, so every survivor sits at it.
  return chooseFinal(active.filter((a) => a.pos === last), cfg.looseness);
}

/**
 * Keeps the active list bounded. Nodes sit at different positions, so raw totals would
 * favour nodes further back (fewer lines paid for); instead each node is charged for the
 * text it still has to set up to the current position, at the best average demerits
 * per line seen among the active nodes. Cuts to 3/4 of the cap so sorting is amortised.
 */
function prune(active: Node[], cfg: Config, W: number): Node[] {
  let rate = Infinity;
  for (const a of active) if (a.line > 0) rate = Math.min(rate, a.total / a.line);
  if (!Number.isFinite(rate)) rate = 0;
  const keyed = active.map((a) => {
    const lw = Math.max(1, lineWidthFor(cfg.widths, a.line));
    return { a, key: a.total + rate * Math.max(0, W - a.tw) / lw };
  });
  keyed.sort((u, v) => u.key - v.key);
  const keep = Math.max(1, Math.floor(cfg.maxActive * 0.75));
  return keyed.slice(0, keep).map((k) => k.a);
}

function chooseFinal(finals: Node[], looseness: number): Node | null {
  if (finals.length === 0) return null;
  let best = finals[0];
  for (const a of finals) if (a.total < best.total) best = a;
  if (looseness === 0) return best;
  // As TeX: move toward the requested line-count change as far as possible, then cheapest.
  let chosen = best;
  let diff = 0;
  for (const a of finals) {
    const d = a.line - best.line;
    const better = (looseness > 0 && d > diff && d <= looseness) || (looseness < 0 && d < diff && d >= looseness);
    if (better || (d === diff && a.total < chosen.total)) { chosen = a; diff = d; }
  }
  return chosen;
}

/** Walks back from the final node and recomputes each line's ratio from its own items. */
function collect(seq: readonly Item[], nReal: number, end: Node, cfg: Config): LineBreak[] {
  const chain: Node[] = [];
  for (let a: Node | null = end; a && a.pos >= 0; a = a.prev) chain.push(a);
  chain.reverse();
  const out: LineBreak[] = [];
  let start = 0;
  for (let k = 0; k < chain.length; k++) {
    const b = chain[k].pos;
    let len = 0, y = 0, yb = 0, z = 0, inf = 0;
    for (let i = start; i < b; i++) {
      const x = seq[i];
      if (isGlue(x)) {
        len += fin(x.width);
        if (x.stretch === Infinity) inf++;
        else y += fin(x.stretch);
        z += fin(x.shrink);
      } else if (!isPenalty(x)) {
        const box = x as Box | undefined;
        len += fin(box?.width);
        yb += fin(box?.stretch);
        z += fin(box?.shrink);
      }
    }
    const bi = seq[b];
    const forced = isForced(bi);
    if (isPenalty(bi)) len += fin(bi.width);
    len -= hangAt(seq, b);
    let r = adjustment(len, lineWidthFor(cfg.widths, k), y, yb, z, inf, forced, 0);
    if (r === Infinity) r = 0; // no stretchability: set at natural width
    if (r < -1) r = -1; // overfull: shrink fully, the rest sticks out
    out.push({
      position: b < nReal ? b : nReal - 1,
      ratio: r,
      flagged: b < nReal && isPenalty(bi) && bi.flagged === true,
    });
    start = lineStartAfter(seq, b);
  }
  return out;
}

/**
 * The items on each line of a result: `items[start..end)`, plus the width of `items[end]`
 * when that is a penalty (the hyphen). Glue and penalties after a break are skipped, as
 * TeX discards them; for the paragraph's last line `end` is `items.length` when the list
 * did not itself end with a forced break.
 */
export function lineRanges(items: Item[], breaks: LineBreak[]): LineRange[] {
  const n = items.length;
  const virtual = n > 0 && !isForced(items[n - 1]);
  const out: LineRange[] = [];
  let prev = -1;
  for (let k = 0; k < breaks.length; k++) {
    const isLast = k === breaks.length - 1;
    const end = isLast && virtual ? n : breaks[k].position;
    out.push({ start: Math.min(lineStartAfter(items, prev), end), end });
    prev = breaks[k].position;
  }
  return out;
}

/** Helper for callers: ratio-adjusted glue widths for one line (glue at line start after a break is discarded, per TeX). */
export function lineGlueWidth(glue: Glue, ratio: number): number {
  const w = fin(glue.width);
  if (!(typeof ratio === 'number' && Number.isFinite(ratio)) || ratio === 0) return w;
  if (ratio > 0) {
    // Infinite stretch only occurs on lines whose ratio is 0; the renderer fills the rest.
    return Number.isFinite(glue.stretch) ? w + ratio * glue.stretch : w;
  }
  return w + Math.max(ratio, -1) * fin(glue.shrink);
}
