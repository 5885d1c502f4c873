/** Small operations on rich text that every stage needs the same way. */
import type { Article, Inline } from './model.js';

/** Adjacent text nodes become one, so layout and EPUB see whole words. */
export function mergeText(nodes: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    const prev = out[out.length - 1];
    if (n.type === 'text' && prev?.type === 'text') out[out.length - 1] = { ...prev, value: prev.value + n.value };
    else if (n.type === 'text' && n.value === '') continue;
    else out.push(n);
  }
  return out;
}

/** The front matter's plain strings an article prints: names, affiliations, keywords (its own and its translations'). */
export function frontMatterStrings(a: Article): string[] {
  return [...a.authors.map((x) => x.name), ...a.affiliations.map((x) => x.text), ...a.keywords, ...a.translations.flatMap((t) => t.keywords)];
}

/** Plain text of inlines: for metadata, outlines, running heads, sorting and messages. */
export function inlineText(nodes: Inline[]): string {
  let s = '';
  for (const n of nodes) {
    if (n.type === 'text' || n.type === 'code') s += n.value;
    else if (n.type === 'break') s += ' ';
    else if (n.type === 'math') s += n.typeset.copyText;
    else if (n.type !== 'noteref') s += inlineText(n.children);
  }
  return s;
}
