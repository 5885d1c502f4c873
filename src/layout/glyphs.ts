/**
 * Characters the template's fonts cannot draw (CJK or emoji in a Cyrillic/Latin serif):
 * found before layout so the message points at the source, not at a page.
 */
import type { Block, Inline, Issue, SourcePos, TypesetMath } from '../document/model.js';
import { frontMatterStrings } from '../document/inlines.js';
import type { FontBook } from './fonts.js';
import type { Face, MonoFace } from './types.js';
import { TEXT_FACE } from './inline/fallback.js';
import { MONO } from './inline/collect.js';

export interface MissingGlyphs {
  chars: string[];
  pos: SourcePos;
  /** The reference-list entry's key, when the characters are in one. */
  entry?: string;
}

/** Characters of code neither the mono face nor its fallback text face has. */
function missingInCode(fonts: FontBook, text: string, face: MonoFace): string[] {
  const lacking = fonts.missing(text, face);
  return lacking.length ? fonts.missing(lacking.join(''), TEXT_FACE[face]) : lacking;
}

export function findMissingGlyphs(issue: Issue, fonts: FontBook): MissingGlyphs[] {
  const out: MissingGlyphs[] = [];
  const inl = (nodes: Inline[], face: Face, at: SourcePos) => {
    for (const n of nodes) {
      const pos = n.pos ?? at;
      if (n.type === 'text' || n.type === 'code') {
        // Code is set in the mono faces, falling back to the text face (fallback.ts).
        const chars = n.type === 'code' ? missingInCode(fonts, n.value, MONO[face]) : fonts.missing(n.value, face);
        if (chars.length) out.push({ chars, pos });
      } else if (n.type === 'math') mathText(n.typeset, pos);
      else if (n.type === 'emphasis') inl(n.children, face === 'bold' ? 'boldItalic' : 'italic', pos);
      else if (n.type === 'strong') inl(n.children, face === 'italic' ? 'boldItalic' : 'bold', pos);
      else if ('children' in n) inl(n.children, face, pos);
    }
  };
  // Only what MathJax's own fonts lack is set in the template's faces (Cyrillic in \text{}).
  const mathText = (t: TypesetMath, pos: SourcePos) => {
    for (const s of t.shapes) {
      if (s.kind !== 'text') continue;
      const chars = fonts.missing(s.text, s.bold ? (s.italic ? 'boldItalic' : 'bold') : s.italic ? 'italic' : 'regular');
      if (chars.length) out.push({ chars, pos });
    }
  };
  const blocks = (bs: Block[]) => {
    for (const b of bs) {
      switch (b.type) {
        case 'math':
          mathText(b.typeset, b.pos);
          break;
        case 'paragraph':
          inl(b.children, 'regular', b.pos);
          break;
        case 'heading':
          inl(b.children, 'bold', b.pos);
          break;
        case 'list':
          b.items.forEach((i) => blocks(i.children));
          break;
        case 'blockquote':
          blocks(b.children);
          break;
        case 'definitionList':
          b.items.forEach((i) => {
            inl(i.term, 'bold', i.pos);
            blocks(i.children);
          });
          break;
        case 'table':
          b.rows.forEach((r, ri) => r.forEach((c) => inl(c.children, ri === 0 ? 'bold' : 'regular', c.pos)));
          break;
        case 'code': {
          // The lines as resolve left them (controls dropped, tabs expanded).
          const chars = missingInCode(fonts, b.lines ? b.lines.map((l) => l.map((t) => t.text).join('')).join('\n') : b.value, 'mono');
          if (chars.length) out.push({ chars, pos: b.pos });
          break;
        }
      }
    }
  };
  for (const a of issue.articles) {
    inl(a.title, 'bold', a.pos);
    blocks(a.body);
    blocks(a.abstract ?? []);
    a.notes.forEach((n) => blocks(n.children));
    a.bibliography.entries.forEach((e) => {
      const from = out.length;
      inl(e.children, 'regular', e.pos ?? a.pos);
      for (let i = from; i < out.length; i++) out[i].entry = e.key;
    });
    for (const t of a.translations) {
      inl(t.title, 'bold', t.pos);
      blocks(t.abstract ?? []);
    }
    // Front-matter strings set in the title block and after the references (at the front matter).
    inl(a.subtitle ?? [], 'italic', a.pos);
    const strings = [...frontMatterStrings(a), ...a.codes.map((c) => `${c.label} ${c.value}`)];
    inl(strings.map((value) => ({ type: 'text', value })), 'regular', a.pos);
  }
  return out;
}
