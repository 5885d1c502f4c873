/**
 * Running heads and folios (journal-style.md): verso pages carry the folio at the outer
 * edge, then the journal and issue; recto pages the authors' surnames and short title, then
 * the folio. An article's first page has no head and its folio centred at the foot.
 */
import type { Article, Issue } from '../../document/model.js';
import type { Template } from '../../config/template.js';
import type { FontBook } from '../fonts.js';
import type { PositionedPage, TextItem } from '../types.js';
import { coverageSplit } from '../inline/fallback.js';
import { textFrame } from './geometry.js';
import { issueLine } from './title-block.js';
import { surname } from '../../document/names.js';

export { surname } from '../../document/names.js';

/** "Katz", "Katz and Smith", "Katz et al." (in the article's language). */
export function headAuthors(article: Article): string {
  const names = article.authors.map((a) => a.surname || surname(a.name));
  const { and = 'and', etAl = 'et al.' } = article.labels;
  if (names.length <= 1) return names.join('');
  if (names.length === 2) return `${names[0]} ${and} ${names[1]}`;
  return `${names[0]} ${etAl}`;
}

/**
 * The running head cut to fit `measure`: the short title loses words from its end (with an
 * ellipsis), and only a head of one long word is cut inside it.
 */
export function fitHead(prefix: string, title: string, measure: number, width: (s: string) => number): string {
  const whole = `${prefix}${title}`;
  if (width(whole) <= measure) return whole;
  const words = title.split(' ');
  for (let n = words.length - 1; n >= 1; n--) {
    const cut = `${prefix}${words.slice(0, n).join(' ').replace(/[\s,;:.–—-]+$/, '')}…`;
    if (width(cut) <= measure) return cut;
  }
  const chars = [...whole];
  for (let n = chars.length - 1; n >= 1; n--) {
    const cut = `${chars.slice(0, n).join('').trimEnd()}…`;
    if (width(cut) <= measure) return cut;
  }
  return '';
}

export function decoratePage(page: PositionedPage, kind: 'first' | 'body' | 'blank' | 'front', issue: Issue, article: Article | null, t: Template, fonts: FontBook, struct: number): void {
  if (kind === 'blank') return;
  const st = t.styles.runningHead;
  const frame = textFrame(t, page.folio);
  const recto = page.folio % 2 === 1;
  const smcp = fonts.hasFeature('regular', 'smcp');
  const features = smcp ? [...t.features, 'smcp'] : t.features;
  // A symbol of the title the face lacks (∇) is set in the fallback face, as in the text.
  const pieces = (s: string) => coverageSplit(smcp ? s : s.toUpperCase(), 'regular', fonts).map((p) => ({ ...p, width: fonts.width(p.text, p.face, features) * st.size }));
  const measureText = (s: string) => pieces(s).reduce((w, p) => w + p.width, 0);
  const text = (s: string, x: number, y: number, align: 'left' | 'right' | 'center'): TextItem[] => {
    const ps = pieces(s);
    const width = ps.reduce((w, p) => w + p.width, 0);
    let left = align === 'left' ? x : align === 'right' ? x - width : x - width / 2;
    return ps.map((p) => {
      const item: TextItem = { kind: 'text', x: left, y, text: p.text, face: p.face, size: st.size, width: p.width, features, struct, artifact: true };
      left += p.width;
      return item;
    });
  };
  const footY = frame.y + frame.height + (t.margins.bottom * 0.5);
  const folio = String(page.folio);
  if (kind === 'first' || kind === 'front' || t.layout.folio === 'foot') {
    if (kind !== 'front') page.items.push(...text(folio, frame.x + frame.width / 2, footY, 'center'));
    if (kind === 'first' || kind === 'front' || !t.layout.runningHeads) return;
  }
  if (!t.layout.runningHeads || !article) return;
  const headY = frame.y - st.leading * 1.2;
  const gap = st.size * 1.5;
  const withFolio = t.layout.folio === 'head';
  // What the folio and its gap leave of the line: a head never runs past its frame.
  const room = frame.width - (withFolio ? measureText(folio) + gap : 0);
  if (recto) {
    const names = headAuthors(article);
    // "Katz et al." already ends with its full stop.
    const label = fitHead(names ? `${names}${names.endsWith('.') ? '' : '.'} ` : '', article.shortTitle, room, measureText);
    const right = frame.x + frame.width;
    if (withFolio) {
      const [f] = text(folio, right, headY, 'right');
      page.items.push(f, ...text(label, f.x - gap, headY, 'right'));
    } else page.items.push(...text(label, right, headY, 'right'));
  } else {
    const label = fitHead('', `${issue.journal.shortTitle ?? issue.journal.title}. ${issueLine(issue, article)}`, room, measureText);
    if (withFolio) {
      const [f] = text(folio, frame.x, headY, 'left');
      page.items.push(f, ...text(label, f.x + f.width + gap, headY, 'left'));
    } else page.items.push(...text(label, frame.x, headY, 'left'));
  }
  const ruleY = headY + st.size * 0.45;
  page.items.push({ kind: 'rule', x1: frame.x, x2: frame.x + frame.width, y1: ruleY, y2: ruleY, thickness: t.rules.head, artifact: true });
}
