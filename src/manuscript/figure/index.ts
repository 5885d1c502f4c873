/**
 * remark transform for figures, table captions and heading attributes, as pandoc reads them:
 *
 * - An image in a paragraph becomes a `figure` block. Alone in its paragraph it is what
 *   pandoc calls an implicit figure; an image that shares its paragraph with text (an image
 *   followed by a text line, which is legal Markdown) is split out of it the same way,
 *   with the text before and after it kept as paragraphs: in print an image is a block,
 *   and the alt text the author wrote is a caption, not something to lose.
 * - The caption is the alt text's source re-parsed with the same processor (emphasis,
 *   code, math, citations, raw TeX), its positions moved to where the alt text stands.
 * - `{#fig:id width=60% .class}` right after the image is its attribute block.
 * - A paragraph `Table: …` or `: …` right before or after a table is its caption
 *   (`tableCaption`, placed right before the table), `{#tbl:id}` at its end.
 * - `# Heading {#sec:id}`: the attributes go to `heading.data.attributes`.
 */
import type { Heading, Image, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { Node, Parent, Point, Position } from 'unist';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
import { leadingAttributes, trailingAttributes } from './attributes.js';
import type { Attributes, Figure, TableCaption } from './types.js';
import { LineIndex } from '../../references/positions.js';

export type { Attributes, Figure, TableCaption } from './types.js';
export { parseAttributeList } from './attributes.js';

/** Nodes whose children are blocks, where figures and captions may stand. */
const CONTAINERS = new Set(['root', 'blockquote', 'list', 'listItem', 'footnoteDefinition']);

/** The manuscript's text, to map offsets to lines and columns. */
class Source {
  private readonly lines: LineIndex;
  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }
  point(offset: number): Point {
    return { ...this.lines.at(offset), offset };
  }
}

export function remarkFigures(this: Processor): (tree: Root, file: VFile) => undefined {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- the transformer parses captions with this processor
  const self = this;
  return (tree, file) => {
    const text = typeof file.value === 'string' ? file.value : file.value ? new TextDecoder().decode(file.value) : '';
    const src = new Source(text);
    // A caption may call a footnote or use a link reference defined elsewhere in the
    // manuscript: stubs of those definitions go after it, or micromark would not see them.
    let stubs: string | undefined;
    const definitions = () => {
      if (stubs !== undefined) return stubs;
      const lines: string[] = [];
      const walk = (n: Node) => {
        const d = n as { type: string; label?: string | null; url?: string };
        if (d.type === 'footnoteDefinition' && d.label) lines.push(`[^${d.label}]: x`);
        else if (d.type === 'definition' && d.label) lines.push(`[${d.label}]: <${d.url ?? ''}>`);
        else if ('children' in n) (n as Parent).children.forEach(walk);
      };
      walk(tree);
      return (stubs = lines.length ? `\n\n${lines.join('\n\n')}\n` : '');
    };
    const parse = (slice: string): Root => {
      const full = slice + (/\[/.test(slice) ? definitions() : '');
      return self.runSync(self.parse(full), full) as Root;
    };
    transformChildren(tree, src, parse);
  };
}

type Parse = (slice: string) => Root;

function transformChildren(parent: Parent, src: Source, parse: Parse): void {
  const out: Node[] = [];
  for (const child of parent.children) {
    if (child.type === 'paragraph') {
      for (const n of splitParagraph(child as Paragraph, src, parse)) out.push(n);
      continue;
    }
    if (CONTAINERS.has(child.type) && 'children' in child) transformChildren(child as Parent, src, parse);
    if (child.type === 'heading') headingAttributes(child as Heading, src);
    out.push(child);
  }
  parent.children = attachTableCaptions(out, src) as Parent['children'];
}

function span(nodes: Node[]): Position | undefined {
  const a = nodes[0]?.position;
  const b = nodes[nodes.length - 1]?.position;
  return a && b ? { start: a.start, end: b.end } : undefined;
}

/** A paragraph with its images taken out as figures, the text around them kept. */
function splitParagraph(p: Paragraph, src: Source, parse: Parse): RootContent[] {
  if (!p.children.some((c) => c.type === 'image')) return [p];
  const out: RootContent[] = [];
  let run: PhrasingContent[] = [];
  const flush = () => {
    const kept = trimRun(run, src);
    if (kept.length) out.push({ type: 'paragraph', children: kept, position: span(kept) });
    run = [];
  };
  const kids = p.children;
  for (let i = 0; i < kids.length; i++) {
    const child = kids[i];
    if (child.type !== 'image') {
      run.push(child);
      continue;
    }
    flush();
    let attributes: Attributes | undefined;
    let end = child.position?.end;
    const next = kids[i + 1];
    const found = next?.type === 'text' ? leadingAttributes(next.value) : null;
    if (found && next?.type === 'text' && next.position?.start.offset !== undefined) {
      const from = next.position.start.offset;
      end = src.point(from + found.length);
      attributes = { ...found.attributes, position: { start: next.position.start, end } };
      const rest = next.value.slice(found.length);
      i++;
      if (rest) run.push({ type: 'text', value: rest, position: { start: end, end: next.position.end } });
    }
    const figure: Figure = {
      type: 'figure',
      url: child.url,
      alt: child.alt ?? '',
      title: child.title,
      children: caption(child, src, parse),
      position: child.position && end ? { start: child.position.start, end } : child.position,
    };
    if (attributes) figure.attributes = attributes;
    out.push(figure as unknown as RootContent);
  }
  flush();
  return out;
}

/** Inline content with the white space at its two ends dropped (a run cut from around an image). */
function trimRun(run: PhrasingContent[], src: Source): PhrasingContent[] {
  const nodes = [...run];
  while (nodes.length) {
    const first = nodes[0];
    if (first.type === 'break') {
      nodes.shift();
      continue;
    }
    if (first.type !== 'text') break;
    const value = first.value.replace(/^\s+/, '');
    if (!value) {
      nodes.shift();
      continue;
    }
    const cut = first.value.length - value.length;
    const start = first.position?.start.offset !== undefined ? src.point(first.position.start.offset + cut) : first.position?.start;
    nodes[0] = { ...first, value, position: start && first.position ? { start, end: first.position.end } : first.position } as Text;
    break;
  }
  while (nodes.length) {
    const last = nodes[nodes.length - 1];
    if (last.type === 'break') {
      nodes.pop();
      continue;
    }
    if (last.type !== 'text') break;
    const value = last.value.replace(/\s+$/, '');
    if (!value) {
      nodes.pop();
      continue;
    }
    nodes[nodes.length - 1] = { ...last, value } as Text;
    break;
  }
  return nodes;
}

/**
 * The image's alt text parsed as Markdown, positions in the manuscript. Falls back to the
 * plain alt text when its source cannot be found or it does not read as one paragraph.
 */
function caption(image: Image, src: Source, parse: Parse): PhrasingContent[] {
  const alt = image.alt ?? '';
  if (!alt.trim()) return [];
  const plain: PhrasingContent[] = [{ type: 'text', value: alt, position: image.position }];
  const start = image.position?.start.offset;
  const end = image.position?.end.offset;
  if (start === undefined || end === undefined || src.text.slice(start, start + 2) !== '![') return plain;
  const close = labelEnd(src.text, start + 2, end);
  if (close < 0) return plain;
  const tree = parse(src.text.slice(start + 2, close));
  const para = tree.children[0];
  const rest = tree.children.slice(1);
  if (para?.type !== 'paragraph' || rest.some((n) => n.type !== 'definition' && n.type !== 'footnoteDefinition')) return plain;
  shiftPositions(para, src.point(start + 2));
  return para.children;
}

/** Where the label that opens at `from` closes (the `]` before `(`), or -1. */
function labelEnd(text: string, from: number, limit: number): number {
  let depth = 0;
  for (let i = from; i < limit; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
    } else if (c === '`') {
      let n = 1;
      while (text[i + n] === '`') n++;
      const fence = '`'.repeat(n);
      let close = text.indexOf(fence, i + n);
      while (close >= 0 && text[close + n] === '`') close = text.indexOf(fence, close + n + 1);
      i = close >= 0 && close < limit ? close + n - 1 : i + n - 1;
    } else if (c === '[') depth++;
    else if (c === ']') {
      if (depth === 0) return text[i + 1] === '(' ? i : -1;
      depth--;
    }
  }
  return -1;
}

/** Moves positions counted from the start of a slice to the manuscript's, citation items' too. */
function shiftPositions(root: Node, at: Point): void {
  const done = new WeakSet<object>();
  const shift = (p: Point | undefined) => {
    if (!p || done.has(p)) return;
    done.add(p);
    if (p.line === 1) p.column += at.column - 1;
    p.line += at.line - 1;
    if (p.offset !== undefined && at.offset !== undefined) p.offset += at.offset;
  };
  const walk = (n: Node) => {
    shift(n.position?.start);
    shift(n.position?.end);
    const items = (n as { items?: unknown }).items;
    if (Array.isArray(items)) {
      for (const item of items as { position?: Position }[]) {
        shift(item.position?.start);
        shift(item.position?.end);
      }
    }
    const children = (n as Parent).children;
    if (Array.isArray(children)) children.forEach(walk);
  };
  walk(root);
}

/** `# Heading {#sec:id}`: the block's attributes leave its text. */
function headingAttributes(h: Heading, src: Source): void {
  const last = h.children[h.children.length - 1];
  if (last?.type !== 'text') return;
  const found = trailingAttributes(last.value);
  if (!found) return;
  const end = last.position?.end;
  const startOffset = end?.offset !== undefined ? end.offset - (last.value.length - found.start) : undefined;
  const position = startOffset !== undefined && end ? { start: src.point(startOffset), end } : undefined;
  h.data = { ...h.data, attributes: { ...found.attributes, position } };
  const value = last.value.slice(0, found.start).replace(/\s+$/, '');
  if (value) h.children[h.children.length - 1] = { ...last, value };
  else h.children.pop();
}

const CAPTION_START = /^(?:[Tt]able:|:(?!\p{P}))[ \t]*/u;

/** Caption paragraphs next to tables become `tableCaption` nodes right before them (pandoc: the one before wins). */
function attachTableCaptions(nodes: Node[], src: Source): Node[] {
  const isCaption = (n: Node | undefined): n is Paragraph => {
    if (n?.type !== 'paragraph') return false;
    const first = (n as Paragraph).children[0];
    return first?.type === 'text' && CAPTION_START.test(first.value);
  };
  if (!nodes.some((n) => n.type === 'table')) return nodes;
  const claimed = new Set<Node>();
  const captionFor = new Map<Node, Paragraph>();
  nodes.forEach((n, i) => {
    if (n.type !== 'table') return;
    const before = nodes[i - 1];
    const after = nodes[i + 1];
    const p = isCaption(before) && !claimed.has(before) ? before : isCaption(after) && !claimed.has(after) ? after : undefined;
    if (p) {
      claimed.add(p);
      captionFor.set(n, p);
    }
  });
  const out: Node[] = [];
  for (const n of nodes) {
    if (claimed.has(n)) continue;
    const p = captionFor.get(n);
    if (p) out.push(toTableCaption(p, src));
    out.push(n);
  }
  return out;
}

function toTableCaption(p: Paragraph, src: Source): TableCaption {
  const children = [...p.children];
  const first = children[0] as Text;
  const prefix = CAPTION_START.exec(first.value)![0].length;
  const start = first.position?.start.offset !== undefined ? src.point(first.position.start.offset + prefix) : first.position?.start;
  children[0] = { ...first, value: first.value.slice(prefix), position: start && first.position ? { start, end: first.position.end } : first.position };
  const node: TableCaption = { type: 'tableCaption', children: [], position: p.position };
  const last = children[children.length - 1];
  if (last?.type === 'text') {
    const found = trailingAttributes(last.value);
    if (found) {
      node.attributes = { ...found.attributes };
      const value = last.value.slice(0, found.start).replace(/\s+$/, '');
      if (value) children[children.length - 1] = { ...last, value };
      else children.pop();
    }
  }
  node.children = children.filter((c) => c.type !== 'text' || c.value !== '');
  return node;
}
