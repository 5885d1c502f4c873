/**
 * What CSL cannot say in a locale file, said with invisible marks our locales put in their
 * terms and resolved here, on citeproc's output, by the locale that rendered it.
 *
 * - U+2064 after a Russian month name (ru-RU `month-NN`; after, so a style's capitalize-first
 *   still finds the letter): the names are genitive, as a
 *   date with a day needs ("5 мая 2015"); with no day before them they become nominative
 *   ("май 2015", "январь–март 2024"). CSL 1.0.2 gives month terms a gender, not a case.
 * - U+2062 after the Kazakh ordinal hyphen (kk-KZ `ordinal`): kazakh.md writes ordinals on
 *   digits with a hyphen alone, joined to their word ("2-бас.", "5-сынып"); the style's
 *   space after the number goes.
 *
 * And one repair keyed by the locale: citeproc-js drops the day's prefix in the second date
 * of a range across years, so kk-KZ's "2023 ж. 28 желтоқсан–2024 ж. 2 қаңтар" lost its
 * space ("2024 ж.2 қаңтар"); "ж." never stands against a digit.
 *
 * The marks are format characters (default-ignorable), so a locale used by another tool
 * prints as before; here every one is removed, whatever the locale.
 */
const MONTH = '\u2064';
const JOIN = '\u2062';

const NOMINATIVE: Record<string, string> = {
  января: 'январь', февраля: 'февраль', марта: 'март', апреля: 'апрель', мая: 'май', июня: 'июнь',
  июля: 'июль', августа: 'август', сентября: 'сентябрь', октября: 'октябрь', ноября: 'ноябрь', декабря: 'декабрь',
};

/** A month name before its mark, and the day number (and spaces) right before it: "5 мая", "2–5 мая". */
const MONTH_MARK = new RegExp(`(\\d[\\s\\u00a0]*)?(\\p{L}+)${MONTH}`, 'gu');
const MARKS = /[\u2062\u2064]/g;

const JOINED = new RegExp(`${JOIN}[\\s\\u00a0]+`, 'g');

/** citeproc's `html` for a citation or an entry rendered in locale `tag`, the marks resolved. */
export function localizeOutput(html: string, tag: string): string {
  let out = html;
  if (tag === 'kk-KZ') out = out.replace(/(^|[\s\u00a0])ж\.(?=\d)/gu, '$1ж. ');
  if (!/[\u2062\u2064]/.test(out)) return out;
  return out
    .replace(MONTH_MARK, (_whole, day: string | undefined, month: string) => (day ? day + month : nominative(month)))
    .replace(JOINED, '')
    .replace(MARKS, '');
}

function nominative(month: string): string {
  const n = NOMINATIVE[month.toLowerCase()];
  if (!n) return month;
  return month[0] === month[0].toLowerCase() ? n : n[0].toUpperCase() + n.slice(1);
}

/** A locale term as a person reads it (for text Baspa builds outside citeproc). */
export function withoutLocaleMarks(s: string): string {
  return s.replace(MARKS, '');
}
