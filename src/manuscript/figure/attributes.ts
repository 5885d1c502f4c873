/**
 * Pandoc's attribute blocks, `{#fig:id .class width=60% key="a value"}`: read from the
 * start (after an image) or the end (of a heading or a caption) of a text.
 */
import { parseAttributes } from '../pandoc/spans.js';
import type { Attributes } from './types.js';

/** The attributes inside the braces (`inner` without them), or null when it is not an attribute list. */
export function parseAttributeList(inner: string): Omit<Attributes, 'position'> | null {
  // `-` is pandoc's short `.unnumbered` (headings).
  const tokens = inner.trim().split(/\s+/);
  const rest = tokens.filter((t) => t !== '-').join(' ');
  const parsed = rest ? parseAttributes(rest) : tokens.length && tokens[0] !== '' ? { classes: [], values: {} } : null;
  if (!parsed) return null;
  const out: Omit<Attributes, 'position'> = { classes: [...parsed.classes, ...(tokens.includes('-') ? ['unnumbered'] : [])], keyValues: parsed.values };
  if (parsed.id !== undefined) out.id = parsed.id;
  return out;
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
