/**
 * The opening of an article, spanning all columns: the journal strip, classification
 * codes, title, authors with affiliation marks, affiliations and e-mail, abstract and
 * keywords, a rule.
 */
import { append } from '../flow/lines.js';
import type { Article, Inline, Issue } from '../../document/model.js';
import { styleLength, type Template } from '../../config/template.js';
import type { FontBook } from '../fonts.js';
import type { Structure } from '../structure.js';
import type { VLine } from '../flow/lines.js';
import { setParagraph } from '../flow/paragraph.js';
import type { RunStyle } from '../inline/collect.js';
import { columnWidth } from './geometry.js';

export interface TitleBlock {
  lines: VLine[];
  /** Rules drawn under the strip and the block, as offsets from the block top. */
}

/** "Vol. 1, No. 1 (2026)" in the article's language. */
export function issueLine(issue: Issue, article: Article): string {
  const l = article.labels;
  return `${l.volume}\u00a0${issue.volume}, ${l.number}\u00a0${issue.number} (${issue.year})`;
}

export function titleBlockLines(
  issue: Issue,
  article: Article,
  template: Template,
  fonts: FontBook,
  structure: Structure,
  art: number,
  width: number,
  group: () => number,
): VLine[] {
  const s = template.styles;
  const base = (size: number, struct: number, face: RunStyle['face'] = 'regular'): RunStyle => ({
    face,
    size,
    lang: article.lang,
    struct,
    features: template.features,
    smallCaps: fonts.hasFeature('regular', 'smcp'),
    structure,
  });
  const out: VLine[] = [];
  // UDC and IRSTI codes, one a line, above the title.
  article.codes.forEach((c, i) => {
    const p = structure.add('P', art);
    append(out, setParagraph(fonts, { inlines: [{ type: 'text', value: `${c.label}\u00a0${c.value}` }], style: base(s.affiliations.size, p), leading: s.affiliations.leading, width, align: 'left', hyphenate: false, group: group() }));
  });
  const afterCodes = out.length > 0 ? s.affiliations.leading : 0;
  const title = structure.add('H1', art);
  const titleGroup = group();
  const setTitle = (w: number) =>
    setParagraph(fonts, {
      inlines: article.title,
      style: base(s.title.size, title, 'bold'),
      leading: s.title.leading,
      width: w,
      align: 'left',
      hyphenate: false,
      group: titleGroup,
      anchors: [`${article.slug}`],
      spaceBefore: afterCodes,
    });
  // The title keeps to the template's measure (a column, or the full width); its lines are
  // balanced: the narrowest measure that keeps the same number of lines, so no last line
  // is left with one word.
  let measure = template.layout.titleMeasure === 'column' ? columnWidth(template) : width;
  const count = setTitle(measure).length;
  if (count > 1) {
    let lo = measure / 2;
    let hi = measure;
    for (let k = 0; k < 10; k++) {
      const mid = (lo + hi) / 2;
      if (setTitle(mid).length <= count) hi = mid;
      else lo = mid;
    }
    measure = hi;
  }
  append(out, setTitle(measure).map((l, i) => (i === 0 ? { ...l, outline: { title: article.titleText, depth: 1, dest: article.slug } } : l)));
  if (article.subtitle) {
    append(out, setParagraph(fonts, { inlines: article.subtitle, style: base(s.authors.size, title, 'italic'), leading: s.authors.leading, width, align: 'left', hyphenate: false, group: group() }));
  }
  if (article.authors.length) {
    const p = structure.add('P', art);
    const inl: Inline[] = [];
    article.authors.forEach((a, i) => {
      if (i > 0) inl.push({ type: 'text', value: ', ' });
      inl.push({ type: 'text', value: a.name });
      const marks = [...a.affiliations.map(String), ...(a.corresponding ? ['*'] : [])];
      if (marks.length) inl.push({ type: 'superscript', children: [{ type: 'text', value: marks.join(',') }] });
    });
    append(out, setParagraph(fonts, { inlines: inl, style: base(s.authors.size, p), leading: s.authors.leading, width, align: 'left', hyphenate: false, spaceBefore: s.title.leading * (s.title.after ?? 0.5), group: group() }));
  }
  const affs: Inline[][] = article.affiliations.map((a, i) => [{ type: 'text', value: `${i + 1} ${a.text}` }]);
  const emails: Inline[][] = article.authors.filter((a) => a.corresponding && a.email).map((a) => [{ type: 'text', value: `* ${a.email}` }]);
  // ORCID iDs as links, as the EPUB prints them; one line each, the longest form that fits
  // (a long name and the full URL would wrap in a narrow column).
  const fits = (s: string) => fonts.width(s, 'regular', template.features) * s_affSize <= width;
  const s_affSize = s.affiliations.size;
  const orcids: Inline[][] = article.authors
    .filter((a) => a.orcid)
    .map((a) => {
      const url = `https://orcid.org/${a.orcid!}`;
      const forms: [string, string][] = [[`${a.name}: `, url], [`${a.name}: `, `orcid.org/${a.orcid!}`], [`${a.surname}: `, `orcid.org/${a.orcid!}`], ['', `orcid.org/${a.orcid!}`]];
      const [who, shown] = forms.find(([w, u]) => fits(w + u)) ?? forms[forms.length - 1];
      return [...(who ? [{ type: 'text', value: who } as Inline] : []), { type: 'link', url, children: [{ type: 'text', value: shown }] }];
    });
  [...affs, ...emails, ...orcids].forEach((inlines, i) => {
    const p = structure.add('P', art);
    append(out, setParagraph(fonts, { inlines, style: base(s.affiliations.size, p), leading: s.affiliations.leading, width, align: 'left', hyphenate: false, spaceBefore: i === 0 ? s.affiliations.leading / 2 : 0, group: group() }));
  });
  // The abstract and keywords are always printed; `abstractBox` only sets them in from both sides.
  if (article.abstract?.length || article.keywords.length) {
    const st = s.abstract;
    const ind = template.layout.abstractBox ? styleLength(st, st.indent) : 0;
    const sect = structure.add('Sect', art, { title: article.labels.abstract });
    let first = true;
    for (const block of article.abstract ?? []) {
      if (block.type !== 'paragraph') continue;
      const p = structure.add('P', sect);
      const inlines: Inline[] = first ? [{ type: 'strong', children: [{ type: 'text', value: `${article.labels.abstract}. ` }] }, ...block.children] : block.children;
      append(out, setParagraph(fonts, { inlines, style: base(st.size, p), leading: st.leading, width: width - 2 * ind, x: ind, spaceBefore: first ? st.leading : 0, group: group() }));
      first = false;
    }
    if (article.keywords.length) {
      const p = structure.add('P', sect);
      const inlines: Inline[] = [{ type: 'strong', children: [{ type: 'text', value: `${article.labels.keywords}: ` }] }, { type: 'text', value: article.keywords.join(', ') }];
      append(out, setParagraph(fonts, { inlines, style: base(st.size, p), leading: st.leading, width: width - 2 * ind, x: ind, align: 'left', spaceBefore: st.leading / 3, group: group() }));
    }
  }
  return out;
}
