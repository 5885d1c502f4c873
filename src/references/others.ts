/**
 * `and others` in a BibTeX name list. CSL has no "others" name, and citeproc-js prints a
 * literal name as it is, so the reader puts OTHERS_LITERAL (bibtex-names.ts) last in the
 * list and the formatter puts the style's et-al term in its place, with the delimiter
 * ("and", ",") citeproc put before it removed. When the list is long enough for the
 * style's et-al rule, citeproc truncates it first and the marker never shows.
 */
import { OTHERS_LITERAL } from './bibtex-names.js';
import { localeTerm } from './locales.js';

const MARK = OTHERS_LITERAL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The marker with what citeproc may put before it: a delimiter, an "and" word or symbol. */
const BEFORE_MARK = new RegExp(`(?:\\s*[,;])?(?:\\s+(?:and|&amp;|&#38;|&|и|және|und|et|y|e|och|og|en|i))?\\s*${MARK}`, 'gu');

export function hasOthers(html: string): boolean {
  return html.includes(OTHERS_LITERAL);
}

/** The style's own et-al term for `tag` (its <locale> block), else the locale file's. */
export function etAlTerm(style: string, localeXml: string | undefined, tag: string): string {
  const primary = tag.split('-')[0];
  const blocks = style.match(/<locale\b[^>]*>[\s\S]*?<\/locale>/g) ?? [];
  const ranked = [
    blocks.find((b) => new RegExp(`xml:lang="${tag}"`).test(b)),
    blocks.find((b) => new RegExp(`xml:lang="${primary}"`).test(b)),
    blocks.find((b) => !/xml:lang=/.test(b)),
  ];
  for (const block of ranked) {
    const term = block ? localeTerm(block, 'et-al') : undefined;
    if (term !== undefined) return term;
  }
  return (localeXml ? localeTerm(localeXml, 'et-al') : undefined) ?? 'et al.';
}

/** Puts `term` where citeproc printed the marker. */
export function replaceOthers(html: string, term: string): string {
  if (!html.includes(OTHERS_LITERAL)) return html;
  const escaped = term.replace(/&/g, '&#38;').replace(/</g, '&#60;').replace(/>/g, '&#62;');
  const spaced = /^[\s\u00a0]/.test(term) ? escaped : ` ${escaped}`;
  return html.replace(BEFORE_MARK, spaced);
}

/** A name list without the marker, and whether it had one. */
export function withoutOthers<T extends { literal?: string }>(names: T[]): { names: T[]; others: boolean } {
  const kept = names.filter((n) => n.literal !== OTHERS_LITERAL);
  return { names: kept, others: kept.length !== names.length };
}
