/**
 * Pandoc's attribute blocks, `{#fig:id .class width=60% key="a value"}`: read from the
 * start (after an image) or the end (of a heading or a caption) of a text.
 */
import type { Attributes } from './types.js';

const TOKEN = /\s*(?:#([^\s{}#.="']+)|\.([^\s{}#.="']+)|([A-Za-z_][\w:.-]*)=(?:"([^"]*)"|'([^']*)'|([^\s{}"']+))|(-))(?=\s|$)/y;

/** The attributes inside the braces (`inner` without them), or null when it is not an attribute list. */
export function parseAttributeList(inner: string): Omit<Attributes, 'position'> | null {
  const out: Omit<Attributes, 'position'> = { classes: [], keyValues: {} };
  TOKEN.lastIndex = 0;
  let at = 0;
  let any = false;
  while (at < inner.length) {
    if (/^\s*$/.test(inner.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(inner);
    if (!m) return null;
    any = true;
    if (m[1] !== undefined) out.id = m[1];
    else if (m[2] !== undefined) out.classes.push(m[2]);
    else if (m[3] !== undefined) out.keyValues[m[3]] = m[4] ?? m[5] ?? m[6] ?? '';
    else if (m[7] !== undefined) out.classes.push('unnumbered');
    at = TOKEN.lastIndex;
  }
  return any ? out : null;
}

/** An attribute block at the very start of `text`: its attributes and its length in characters. */
export function leadingAttributes(text: string): { attributes: Omit<Attributes, 'position'>; length: number } | null {
  if (text[0] !== '{') return null;
  const close = text.indexOf('}');
  if (close < 0) return null;
  const attributes = parseAttributeList(text.slice(1, close));
  return attributes ? { attributes, length: close + 1 } : null;
}

/** An attribute block at the end of `text` (spaces after it allowed): its attributes and where it starts. */
export function trailingAttributes(text: string): { attributes: Omit<Attributes, 'position'>; start: number } | null {
  const m = /\{([^{}]*)\}\s*$/.exec(text);
  if (!m) return null;
  const attributes = parseAttributeList(m[1]);
  return attributes ? { attributes, start: m.index } : null;
}
