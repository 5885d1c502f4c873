/**
 * Code in the e-book: whether the issue has any, the characters it uses (the mono faces are
 * cut down to those), and the stylesheet rules made from the template's palette, so the
 * e-book colours tokens as the PDF does from the same template data. The rules are added
 * only to a book with code, with the @font-face rules of the mono faces they need.
 */
import type { Block, Inline, Issue } from '../../document/model.js';
import type { EpubFont } from './types.js';
import { fontFaceRule } from './resources.js';
import { tokenClass } from './xhtml.js';

/** How a token looks (the template's palette entry). */
export interface TokenLook {
  color?: string;
  bold?: boolean;
  italic?: boolean;
}

/** The family the stylesheet's `code` and `pre` rules name. */
export const MONO_FAMILY = 'Baspa Mono';

/** Every piece of code text in the issue: block lines and inline code, in reading order. */
export function codeTexts(issue: Issue): string[] {
  const out: string[] = [];
  const inl = (nodes: readonly Inline[]) => {
    for (const n of nodes) {
      if (n.type === 'code') out.push(n.value);
      else if ('children' in n) inl(n.children);
    }
  };
  const blocks = (bs: readonly Block[]) => {
    for (const b of bs) {
      if (b.type === 'code') out.push(b.lines ? b.lines.map((l) => l.map((t) => t.text).join('')).join('\n') : b.value);
      else if (b.type === 'paragraph' || b.type === 'heading') inl(b.children);
      else if (b.type === 'list') b.items.forEach((i) => blocks(i.children));
      else if (b.type === 'blockquote') blocks(b.children);
      else if (b.type === 'table') b.rows.forEach((r) => r.forEach((c) => inl(c.children)));
    }
  };
  for (const a of issue.articles) {
    inl(a.title);
    blocks(a.abstract ?? []);
    blocks(a.body);
    a.notes.forEach((n) => blocks(n.children));
    a.bibliography.entries.forEach((e) => inl(e.children));
    for (const t of a.translations) {
      inl(t.title);
      blocks(t.abstract ?? []);
    }
  }
  return out;
}

/** @font-face rules for the mono faces, then one rule per palette entry (heads before scopes). */
export function codeStylesheet(fonts: readonly EpubFont[], palette: Readonly<Record<string, TokenLook>>): string {
  const out = ['', '/* Code: added by Baspa for a book with code, from the template (monoFont, code.palette). */', ''];
  for (const f of fonts) {
    out.push(...fontFaceRule(f), '');
  }
  // `continuation` styles the PDF's mark of a wrapped line; the e-book wraps without one.
  const scopes = Object.keys(palette).filter((k) => k !== 'continuation').sort((a, b) => a.split('.').length - b.split('.').length || (a < b ? -1 : a > b ? 1 : 0));
  for (const scope of scopes) {
    const look = palette[scope];
    const decls = [
      look.color ? `color: ${look.color};` : '',
      look.bold !== undefined ? `font-weight: ${look.bold ? 'bold' : 'normal'};` : '',
      look.italic !== undefined ? `font-style: ${look.italic ? 'italic' : 'normal'};` : '',
    ].filter(Boolean);
    if (decls.length) out.push(`code .hl-${tokenClass(scope.split('.').join('-'))} { ${decls.join(' ')} }`);
  }
  return `${out.join('\n')}\n`;
}
