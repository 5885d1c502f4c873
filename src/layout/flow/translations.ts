/**
 * The article's title, abstract and keywords in other languages, set after the reference
 * list as Kazakh journals print them (kazakh.md, "Front matter"): each a section in its own
 * language (tagged, and hyphenated by that language's rules), the title as its heading, the
 * abstract with a run-in label, then the keywords.
 */
import type { Block, Inline } from '../../document/model.js';
import { inlineText } from '../../document/inlines.js';
import type { BlockContext } from './blocks.js';
import { blocksToLines } from './blocks.js';
import { append, type VLine } from './lines.js';

export function translationLines(ctx: BlockContext, art: number): VLine[] {
  const article = ctx.article;
  const out: VLine[] = [];
  for (const t of article.translations) {
    const sect = ctx.structure.add('Sect', art, { lang: t.lang, title: inlineText(t.title) });
    const label = (text: string): Inline => ({ type: 'strong', children: [{ type: 'text', value: text }] });
    const blocks: Block[] = [{ type: 'heading', depth: 1, id: `${article.slug}-${t.lang}`, children: t.title, pos: t.pos }];
    let first = true;
    for (const b of t.abstract ?? []) {
      if (b.type !== 'paragraph') {
        blocks.push(b);
        continue;
      }
      blocks.push(first ? { ...b, children: [label(`${t.labels.abstract}. `), ...b.children] } : b);
      first = false;
    }
    // Set as if the article were in that language: runs, hyphenation and quotes follow it.
    const inLang: BlockContext = { ...ctx, article: { ...article, lang: t.lang } };
    append(out, blocksToLines(blocks, inLang, sect));
    // The keywords on their own: a list, not a paragraph that goes on (no first-line indent).
    if (t.keywords.length) {
      append(out, blocksToLines([{ type: 'paragraph', children: [label(`${t.labels.keywords}: `), { type: 'text', value: t.keywords.join(', ') }], pos: t.pos }], inLang, sect));
    }
  }
  return out;
}
