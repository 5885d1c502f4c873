/**
 * Pandoc's inline extensions that authors coming from pandoc write and remark does not
 * read: superscript `^2+^`, subscript `~2~` (H~2~O; gfm's single-tilde strikethrough is
 * off, as in pandoc), and bracketed spans `[text]{.sc}`, `[фраза]{lang=ru}`. Each becomes an
 * mdast node of its own with its position, for the resolver.
 *
 * Runs over text nodes after parsing: a span's brackets may hold other markup
 * (`[*a* b]{.sc}`), so its two ends are looked for in sibling text nodes. Text whose
 * source had escapes (`\^`) is left alone: only text that is its own source is scanned.
 */
import type { Parent, PhrasingContent, Root, Text } from 'mdast';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import type { TexLabel } from '../crossref/types.js';

export interface SuperscriptNode extends Parent {
  type: 'superscript';
  children: PhrasingContent[];
}
export interface SubscriptNode extends Parent {
  type: 'subscript';
  children: PhrasingContent[];
}
export interface SpanAttributes {
  id?: string;
  classes: string[];
  values: Record<string, string>;
}
export interface SpanNode extends Parent {
  type: 'span';
  attributes: SpanAttributes;
  children: PhrasingContent[];
}

declare module 'mdast' {
  interface PhrasingContentMap {
    superscript: SuperscriptNode;
    subscript: SubscriptNode;
    span: SpanNode;
  }
  interface RootContentMap {
    superscript: SuperscriptNode;
    subscript: SubscriptNode;
    span: SpanNode;
  }
}

/** Pandoc attributes: `#id`, `.class`, `key=value`, `key="a value"`. Null when not attributes. */
export function parseAttributes(src: string): SpanAttributes | null {
  const out: SpanAttributes = { classes: [], values: {} };
  const re = /\s*(?:#([\w:.-]+)|\.([\w-]+)|([\w-]+)=(?:"([^"]*)"|'([^']*)'|([^\s"'}]+)))/y;
  let at = 0;
  while (at < src.length) {
    if (/^\s*$/.test(src.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(src);
    if (!m) return null;
    if (m[1]) out.id = m[1];
    else if (m[2]) out.classes.push(m[2]);
    else out.values[m[3]] = m[4] ?? m[5] ?? m[6] ?? '';
    at = re.lastIndex;
  }
  return out;
}

function shift(pos: Position | undefined, from: number, to: number, value: string): Position | undefined {
  if (!pos || pos.start.offset === undefined) return undefined;
  const point = (i: number) => {
    const before = value.slice(0, i);
    const nl = before.lastIndexOf('\n');
    const lines = before.split('\n').length - 1;
    return { line: pos.start.line + lines, column: nl < 0 ? pos.start.column + i : i - nl, offset: pos.start.offset! + i };
  };
  return { start: point(from), end: point(to) };
}

function text(value: string, position?: Position): Text {
  return position ? { type: 'text', value, position } : { type: 'text', value };
}

/** `^…^` and `~…~` inside one text node: no spaces inside, as pandoc has them. */
function supSub(node: Text): PhrasingContent[] | null {
  const re = /(\^|~)((?:[^\s^~\\]|\\ )+)\1/g;
  const value = node.value;
  const out: PhrasingContent[] = [];
  let last = 0;
  for (const m of value.matchAll(re)) {
    const i = m.index!;
    // `~~` is strikethrough's, and a ^ right after [ is a footnote call GFM did not take.
    if (m[1] === '~' && (value[i - 1] === '~' || value[i + m[0].length] === '~')) continue;
    if (m[1] === '^' && value[i - 1] === '[') continue;
    if (i > last) out.push(text(value.slice(last, i), shift(node.position, last, i, value)));
    const inner = text(m[2].replace(/\\ /g, ' '), shift(node.position, i + 1, i + m[0].length - 1, value));
    const position = shift(node.position, i, i + m[0].length, value);
    out.push({ type: m[1] === '^' ? 'superscript' : 'subscript', children: [inner], ...(position ? { position } : {}) });
    last = i + m[0].length;
  }
  if (last === 0) return null;
  if (last < value.length) out.push(text(value.slice(last), shift(node.position, last, value.length, value)));
  return out;
}

/** Whether a text node's value is exactly its source (no escapes, no entities). */
function literal(node: Text, source: string | undefined): boolean {
  const s = node.position?.start.offset;
  const e = node.position?.end.offset;
  if (source === undefined || s === undefined || e === undefined) return false;
  const raw = source.slice(s, e);
  // Markdown strips the indentation of a paragraph's continuation lines from the text.
  return raw === node.value || raw.replace(/\n[ \t]+/g, '\n') === node.value;
}

/** Bracketed spans among one parent's children: `[` closing in a later `]{…}`. */
function spans(parent: Parent, source: string | undefined): void {
  const kids = parent.children as PhrasingContent[];
  for (let i = 0; i < kids.length; i++) {
    const open = kids[i];
    if (open.type !== 'text' || !literal(open, source)) continue;
    const o = open.value.lastIndexOf('[');
    if (o < 0) continue;
    // The closing `]{attrs}` in this node after the `[`, or in a later sibling text.
    for (let j = i; j < kids.length; j++) {
      const close = kids[j];
      if (close.type !== 'text' || !literal(close, source)) continue;
      const from = j === i ? o + 1 : 0;
      const m = /\]\{([^{}\n]*)\}/.exec(close.value.slice(from));
      if (!m) {
        if (j > i && close.value.includes(']')) break;
        continue;
      }
      const attrs = parseAttributes(m[1]);
      if (!attrs) break;
      const c = from + m.index;
      const end = c + m[0].length;
      const inner: PhrasingContent[] = [];
      if (j === i) {
        if (c > o + 1) inner.push(text(open.value.slice(o + 1, c), shift(open.position, o + 1, c, open.value)));
      } else {
        if (o + 1 < open.value.length) inner.push(text(open.value.slice(o + 1), shift(open.position, o + 1, open.value.length, open.value)));
        inner.push(...kids.slice(i + 1, j));
        if (c > 0) inner.push(text(close.value.slice(0, c), shift(close.position, 0, c, close.value)));
      }
      const startPos = shift(open.position, o, o + 1, open.value)?.start;
      const endPos = shift(close.position, 0, end, close.value)?.end;
      const span: SpanNode = { type: 'span', attributes: attrs, children: inner, ...(startPos && endPos ? { position: { start: startPos, end: endPos } } : {}) };
      const replace: PhrasingContent[] = [];
      if (o > 0) replace.push(text(open.value.slice(0, o), shift(open.position, 0, o, open.value)));
      // `[]{label="x"}` (the Open Journals way to label a float in pure Markdown) is \label{x}.
      const label = attrs.values.label;
      if (label !== undefined && label.trim() !== '') {
        replace.push({ type: 'texLabel', label: label.trim(), ...(span.position ? { position: span.position } : {}) } as TexLabel);
        const rest = { ...attrs, values: { ...attrs.values } };
        delete rest.values.label;
        if (inner.length) replace.push(rest.classes.length || Object.keys(rest.values).length || rest.id ? { ...span, attributes: rest } : ({ ...span, attributes: rest } as SpanNode));
      } else replace.push(span);
      if (end < close.value.length) replace.push(text(close.value.slice(end), shift(close.position, end, close.value.length, close.value)));
      kids.splice(i, j - i + 1, ...replace);
      // Look again from this node: its text before the `[` may open another span.
      i -= 1;
      break;
    }
  }
}

function walk(node: Parent, source: string | undefined): void {
  spans(node, source);
  const kids = node.children as PhrasingContent[];
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k.type === 'text' && literal(k, source)) {
      const split = supSub(k);
      if (split) {
        kids.splice(i, 1, ...split);
        i += split.length - 1;
      }
    } else if (k.type === 'link' && k.children.length === 1 && k.children[0].type === 'text' && k.url.endsWith(k.children[0].value)) {
      // A bare URL (an autolink) is the address itself: its ~ and ^ are characters of it.
      continue;
    } else if ('children' in k) walk(k as Parent, source);
  }
}

/** The remark plugin. */
export function remarkPandocSpans() {
  return (tree: Root, file: VFile) => {
    const source = file?.value === undefined ? undefined : String(file.value);
    const stack: Parent[] = [tree];
    // Blocks hold phrasing content at any depth (lists, quotes, tables): walk every parent
    // whose children are phrasing, without recursing per block level.
    while (stack.length) {
      const p = stack.pop()!;
      const phrasing = p.children.some((c) => c.type === 'text' || c.type === 'emphasis' || c.type === 'strong');
      if (phrasing) walk(p, source);
      else for (const c of p.children) if ('children' in c) stack.push(c as Parent);
    }
  };
}
