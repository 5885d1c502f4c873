/**
 * Splitting a citation item's suffix into locator and remaining suffix, following
 * Pandoc's citeproc rules (Text.Pandoc.Citeproc.Locator):
 *
 * - an optional leading comma, then a locator label (longest match, case-insensitive);
 * - with no label, a locator is only recognised when it starts with a digit and is
 *   then a page;
 * - the value is a sequence of "units" separated by commas or spaces; each unit must
 *   contain a digit (or, after an explicit label, be a roman numeral/range), so the
 *   value stops at the first comma followed by ordinary words;
 * - `{...}` delimits a locator explicitly (`[@key, {pp. iv, vi-xi}]`);
 * - unlike Pandoc, `s.v. word` takes the headword up to the next comma as its locator.
 */
import type { LocatorLabel } from './types.js';

/** Terms (lower case) for each CSL locator type: English as in Pandoc, Kazakh, Russian. */
const LABEL_TERMS: Readonly<Record<LocatorLabel, readonly string[]>> = {
  page: [
    'p.', 'pp.', 'pg.', 'pgs.', 'page', 'pages',
    'б.', 'бб.', 'бет', 'беттер',
    'с.', 'сс.', 'стр.', 'страница', 'страницы', 'страниц',
  ],
  chapter: [
    'ch.', 'chs.', 'chap.', 'chaps.', 'chapter', 'chapters',
    'тар.', 'тарау', 'тараулар',
    'гл.', 'глава', 'главы',
  ],
  section: [
    'sec.', 'secs.', 'sect.', 'sects.', 'section', 'sections', '§', '§§',
    'бөл.', 'бөлім', 'бөлімдер',
    'разд.', 'раздел', 'разделы',
  ],
  figure: ['fig.', 'figs.', 'figure', 'figures', 'сур.', 'сурет', 'рис.', 'рисунок'],
  volume: ['vol.', 'vols.', 'volume', 'volumes', 'т.', 'том', 'томдар', 'тома'],
  // CSL's "issue" term is abbreviated "no." in English; "number" is not a CSL locator.
  issue: ['no.', 'nos.', 'number', 'numbers', 'issue', 'issues', '№', '№№', 'нөм.', 'нөмір', 'вып.', 'выпуск'],
  paragraph: ['para.', 'paras.', 'paragraph', 'paragraphs', '¶', '¶¶', 'абз.', 'абзац'],
  line: ['l.', 'll.', 'line', 'lines'],
  note: ['n.', 'nn.', 'note', 'notes', 'прим.', 'примечание'],
  verse: ['v.', 'vv.', 'verse', 'verses'],
  book: ['bk.', 'bks.', 'book', 'books'],
  part: ['pt.', 'pts.', 'part', 'parts', 'бөлік', 'ч.', 'часть'],
  column: ['col.', 'cols.', 'column', 'columns', 'стб.', 'столбец'],
  folio: ['fol.', 'fols.', 'folio', 'folios'],
  opus: ['op.', 'opp.', 'opus', 'opera'],
  'sub verbo': ['s.v.', 's.vv.', 'sub verbo', 'sub verbis'],
  table: ['tbl.', 'tbls.', 'table', 'tables', 'кесте', 'табл.', 'таблица'],
  equation: ['eq.', 'eqs.', 'equation', 'equations'],
  algorithm: ['alg.', 'algs.', 'algorithm', 'algorithms'],
  appendix: ['app.', 'apps.', 'appx.', 'appendix', 'appendices', 'appendixes'],
  act: ['act', 'acts'],
  scene: ['sc.', 'scene', 'scenes'],
  canon: ['canon', 'canons'],
  rule: ['rule', 'rules'],
  supplement: ['supp.', 'suppl.', 'supplement', 'supplements'],
  version: ['version', 'versions'],
};

/** All terms, longest first, so `pp.` wins over `p.` and `s.vv.` over `s.v.`. */
const TERMS: ReadonlyArray<readonly [string, LocatorLabel]> = (
  Object.entries(LABEL_TERMS) as Array<[LocatorLabel, readonly string[]]>
)
  .flatMap(([label, terms]) => terms.map((term) => [term, label] as const))
  .sort((a, b) => b[0].length - a[0].length);

const ROMAN = /^M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/i;
const RANGE_DASH = /[-‐‑‒–—]/;

export interface SplitSuffix {
  locator?: string;
  label?: LocatorLabel;
  suffix: string;
}

/** The locator term at the start of `text`, if any (longest match). */
export function matchLocatorLabel(text: string): { label: LocatorLabel; length: number } | undefined {
  for (const [term, label] of TERMS) {
    if (text.length < term.length || text.slice(0, term.length).toLowerCase() !== term) continue;
    const next = text.charAt(term.length);
    // A word term must end at a word boundary ("part" is not "partly"); terms ending
    // in punctuation or a sign (`p.`, `№`, `§`) may run straight into the value.
    if (next === '' || /\s/.test(next) || !/[\p{L}\p{N}]$/u.test(term)) {
      return { label, length: term.length };
    }
  }
  return undefined;
}

/** Whether a unit is a roman numeral or a range of them ("xii–xiv"). */
function isRoman(unit: string): boolean {
  const parts = unit.replace(/^[([{]+|[)\]}]+$/g, '').split(RANGE_DASH);
  return parts.every((part) => part !== '' && ROMAN.test(part));
}

/** Drop the comma/space that separates a suffix from what came before. */
function stripLeading(text: string): string {
  return text.replace(/^\s*,?\s*/, '');
}

/** Index just after the `}` that balances the `{` at index 0, or -1. */
function closingBrace(text: string): number {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return char === '}' ? index + 1 : -1;
    }
  }
  return -1;
}

/**
 * Split the raw text after a citation key (`", pp. 33, 35-37, and nowhere else"`) into
 * `{label: 'page', locator: '33, 35-37', suffix: 'and nowhere else'}`.
 */
export function splitLocator(raw: string): SplitSuffix {
  const text = raw.replace(/\s+/g, ' ').trim();
  const rest = text.replace(/^, ?/, '');

  if (rest.startsWith('{')) {
    const end = closingBrace(rest);
    if (end > 0) {
      const inner = rest.slice(1, end - 1).trim();
      const match = matchLocatorLabel(inner);
      const locator = (match ? inner.slice(match.length) : inner).trim();
      if (locator !== '') {
        return { locator, label: match ? match.label : 'page', suffix: stripLeading(rest.slice(end)) };
      }
    }
    return { suffix: stripLeading(text) };
  }

  const match = matchLocatorLabel(rest);
  const label: LocatorLabel = match ? match.label : 'page';
  const start = match ? match.length : 0;

  // A sub verbo locator is a headword, not a number (Pandoc would need `{s.v. word}`):
  // take everything up to the next comma.
  if (label === 'sub verbo') {
    const end = rest.indexOf(',', start);
    const locator = rest.slice(start, end < 0 ? undefined : end).trim();
    if (locator !== '') return { locator, label, suffix: end < 0 ? '' : stripLeading(rest.slice(end)) };
    return { suffix: stripLeading(text) };
  }

  // With no label Pandoc only accepts digits; after a label roman numerals are fine too.
  const valid = (unit: string): boolean => /\p{Nd}/u.test(unit) || (match !== undefined && isRoman(unit));

  let locator = '';
  let index = start;
  // A unit: an optional separating comma and space, then a run without spaces/commas.
  const unitPattern = /(,?)( ?)([^\s,;]+)/y;
  for (;;) {
    unitPattern.lastIndex = index;
    const found = unitPattern.exec(rest);
    if (!found) break;
    const [, comma, space, rawUnit] = found;
    if (locator === '' && comma !== '') break;
    // Sentence punctuation after the value is not part of it ("p. 3." → "3").
    const unit = rawUnit.replace(/[.:!?]+$/, '') || rawUnit;
    if (!valid(unit)) break;
    locator += (locator === '' ? '' : comma + space) + unit;
    index = unitPattern.lastIndex - (rawUnit.length - unit.length);
  }

  if (locator === '') return { suffix: stripLeading(text) };
  return { locator, label, suffix: stripLeading(rest.slice(index)) };
}
