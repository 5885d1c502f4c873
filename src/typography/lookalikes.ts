/**
 * Words that mix Latin and Cyrillic letters: nearly always a look-alike typed from the
 * wrong keyboard layout (Latin `i` for Kazakh `і` above all, kazakh.md "Alphabet"). Such a
 * word looks right in print but is not hyphenated, not found by a search, and misread by a
 * screen reader. Never fixed silently: each is reported at its first place, with the
 * letters of the word's own script that the strays most likely stand for.
 */
import type { Block, Inline, Issue, SourcePos } from '../document/model.js';
import { frontMatterStrings } from '../document/inlines.js';
import { encodeUri } from '../document/uri.js';

export interface MixedWord {
  word: string;
  /** The stray letters (of the word's minority script), each with its look-alike when it has one. */
  strays: { char: string; likely?: string }[];
  /** How many times the word occurs in its article. */
  count: number;
  pos: SourcePos;
}

const LATIN = /\p{Script=Latin}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const WORD = /[\p{L}\p{M}]+/gu;

/** Latin letters and the Cyrillic ones they pass for (Kazakh letters included). */
const LATIN_TO_CYRILLIC: Record<string, string> = {
  a: 'а', c: 'с', e: 'е', i: 'і', o: 'о', p: 'р', x: 'х', y: 'у', h: 'һ', ə: 'ә',
  A: 'А', B: 'В', C: 'С', E: 'Е', H: 'Н', I: 'І', K: 'К', M: 'М', O: 'О', P: 'Р', T: 'Т', X: 'Х', Y: 'У', Ə: 'Ә',
};
const CYRILLIC_TO_LATIN: Record<string, string> = Object.fromEntries(
  Object.entries(LATIN_TO_CYRILLIC)
    .filter(([l]) => l !== 'h' && l !== 'ə' && l !== 'Ə')
    .map(([l, c]) => [c, l]),
);

export function findMixedScriptWords(issue: Issue): MixedWord[] {
  const out: MixedWord[] = [];
  for (const a of issue.articles) {
    const seen = new Map<string, MixedWord>();
    const text = (value: string, pos: SourcePos) => {
      for (const m of value.matchAll(WORD)) {
        const word = m[0];
        if (!LATIN.test(word) || !CYRILLIC.test(word)) continue;
        const known = seen.get(word);
        if (known) {
          known.count++;
          continue;
        }
        const letters = [...word];
        const latin = letters.filter((c) => LATIN.test(c)).length;
        // The word's script is the one most of its letters are in; the others are strays.
        const strayIsLatin = latin <= letters.length - latin;
        const strays = [...new Set(letters.filter((c) => (strayIsLatin ? LATIN : CYRILLIC).test(c)))].map((char) => {
          const likely = (strayIsLatin ? LATIN_TO_CYRILLIC : CYRILLIC_TO_LATIN)[char];
          return likely ? { char, likely } : { char };
        });
        const found: MixedWord = { word, strays, count: 1, pos };
        seen.set(word, found);
        out.push(found);
      }
    };
    const inl = (nodes: Inline[], at: SourcePos) => {
      for (const n of nodes) {
        const pos = n.pos ?? at;
        // Code and URLs are literal: whatever they hold is meant.
        if (n.type === 'text') text(n.value, pos);
        else if (n.type === 'link' && /^[a-z]+:/i.test(n.url) && n.children.every((c) => c.type === 'text' && (c.value === n.url || encodeUri(c.value) === n.url))) continue;
        else if ('children' in n) inl(n.children, pos);
      }
    };
    const blocks = (bs: Block[]) => {
      for (const b of bs) {
        if (b.type === 'paragraph' || b.type === 'heading') inl(b.children, b.pos);
        else if (b.type === 'list') b.items.forEach((i) => blocks(i.children));
        else if (b.type === 'blockquote') blocks(b.children);
        else if (b.type === 'definitionList') b.items.forEach((i) => (inl(i.term, i.pos), blocks(i.children)));
        else if (b.type === 'table') {
          if (b.caption) inl(b.caption.children, b.pos);
          b.rows.forEach((r) => r.forEach((c) => inl(c.children, c.pos)));
        } else if (b.type === 'image' && b.caption) inl(b.caption.children, b.pos);
      }
    };
    inl(a.title, a.pos);
    inl(a.subtitle ?? [], a.pos);
    // Front-matter strings: names, places and keywords (found in the file by their text).
    for (const value of frontMatterStrings(a)) text(value, a.pos);
    blocks(a.abstract ?? []);
    blocks(a.body);
    a.notes.forEach((n) => blocks(n.children));
    for (const t of a.translations) {
      inl(t.title, t.pos);
      blocks(t.abstract ?? []);
    }
  }
  return out;
}

/** "Latin ‘i’ (for ‘і’?)", for a message. */
export function describeStrays(w: MixedWord): string {
  const script = LATIN.test(w.strays[0].char) ? 'Latin' : 'Cyrillic';
  const list = w.strays.map((s) => `‘${s.char}’${s.likely ? ` (for ‘${s.likely}’?)` : ''}`).join(', ');
  return `${script} ${list}`;
}
