/**
 * No-break spaces where a line must not break (kazakh.md "Punctuation and spacing" and
 * common English practice): after initials, between a number and its unit or the word it
 * counts, after №, and in "2024 ж.", "б. 45", "т. 3". The layout treats U+00A0 as glue
 * that stretches but never breaks.
 */
const NBSP = '\u00a0';

// Short units and abbreviations that stay with their number (both sides as they occur).
const UNITS_AFTER = [
  'mln', 'bn', 'km', 'kg', 'm', 'cm', 'mm', 'ha', 't', 'thousand', 'million', 'billion', 'tons', 'tonnes', 'percent', '%',
  'млн', 'млрд', 'мың', 'км', 'кг', 'м', 'см', 'мм', 'га', 'т', 'ж', 'жж', 'ғ', 'жыл', 'жылы', 'жылғы', 'ғасыр', 'г', 'гг', 'в', 'вв', 'тыс', 'руб', 'тг', 'теңге',
];
const BEFORE_NUMBER = ['USD', 'EUR', 'KZT', 'RUB', '№', 'No.', 'p.', 'pp.', 'Vol.', 'vol.', 'б.', 'бб.', 'т.', 'с.', 'Т.', 'С.', 'Б.', '§'];

const unitAfter = new RegExp(
  `(\\d)[ ](?=(?:${UNITS_AFTER.map(esc).join('|')})(?:\\.|(?=[\\s,;:)\\]]|$)))`,
  'gu',
);
const beforeNumber = new RegExp(`(^|[\\s(\\[])(${BEFORE_NUMBER.map(esc).join('|')})[ ](?=[\\dIVXLC])`, 'gu');
// "A. T. Serikbayeva", "Т. С. Садықов", "M. Gani": an initial before another initial or a name.
const initials = /(^|[\s(\u00a0])(\p{Lu}\.)[ ](?=\p{Lu})/gu;
// "Serikbayeva A. T.": a surname before its initials.
const surnameInitials = /(\p{Lu}\p{Ll}+)[ ](?=\p{Lu}\.\s?\p{Lu}\.)/gu;
// Roman numerals with their century word: "XXI ғасыр", "VI–VIII ғ."
const romanCentury = /\b([IVXLC]+(?:[–-][IVXLC]+)?)[ ](?=(?:ғ\.|ғасыр|в\.|век|century))/gu;

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function insertNoBreakSpaces(text: string): string {
  return text
    .replace(initials, `$1$2${NBSP}`)
    .replace(initials, `$1$2${NBSP}`)
    .replace(surnameInitials, `$1${NBSP}`)
    .replace(beforeNumber, `$1$2${NBSP}`)
    .replace(unitAfter, `$1${NBSP}`)
    .replace(romanCentury, `$1${NBSP}`);
}
