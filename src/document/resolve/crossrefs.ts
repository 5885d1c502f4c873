/**
 * Cross-references, numbered like citations: figures and tables are numbered per article
 * as resolve meets them, labels (`{#fig:id}`, `\label{x}`, `{#sec:id}` on a heading,
 * equations' `label`) name them, and every reference (`@fig:id`, `[@fig:a; @fig:b]`,
 * `\ref{x}`, `\autoref{x}`, `\eqref{x}`) becomes text in the article's language ("Figure 2",
 * "2-сурет", "рис. 2", "(3)") linked to its target. References are filled in after the
 * whole article is resolved, so a reference may come before what it names.
 */
import type { PhrasingContent } from 'mdast';
import type { FigureLabels } from '../../config/template.js';
import type { Block, CrossrefInline, Inline, SourcePos } from '../model.js';
import { inlineText } from '../inlines.js';
import type { ResolveContext } from './context.js';

/** Citation keys that are cross-references (pandoc-crossref's prefixes), never bibliography keys. */
export const CROSSREF_KEY = /^(fig|tbl|eq|sec):/i;

export type TargetKind = 'figure' | 'table' | 'equation' | 'section';

export interface Target {
  kind: TargetKind;
  /** Anchor id the reference links to. */
  id: string;
  /** Figures, tables and equations; sections of a template that numbers none have a title instead. */
  number?: number;
  /** An equation's own tag (`\tag{A}`), printed in place of a number. */
  tag?: string;
  title?: Inline[];
  pos: SourcePos;
}

/** One reference as written: labels, and how it prints. */
interface Pending {
  labels: { label: string; pos: SourcePos }[];
  /** `number`: `\ref` or `-@fig:a` (the number alone); `name`: `@fig:a`, `\autoref`; `eq`: `\eqref`. */
  form: 'number' | 'name' | 'eq';
  /** `@Fig:a`: capitalised always; else at the start of a sentence (`name` form). */
  capital: boolean;
  prefix?: string;
  suffix?: string;
  pos: SourcePos;
}

export class CrossrefState {
  figures = 0;
  tables = 0;
  readonly targets = new Map<string, Target>();
  private readonly pending = new Map<CrossrefInline, Pending>();

  constructor(
    readonly labels: FigureLabels,
    private readonly slug: string,
  ) {}

  /** A figure's or table's number and anchor id, in the order they stand. */
  next(kind: 'figure' | 'table'): { number: number; id: string } {
    const number = kind === 'figure' ? ++this.figures : ++this.tables;
    return { number, id: `${this.slug}-${kind === 'figure' ? 'fig' : 'tbl'}-${number}` };
  }

  /** Names a target; a label given twice is an error at the second. */
  label(label: string, target: Target, ctx: ResolveContext): void {
    const had = this.targets.get(label);
    if (had) {
      ctx.reporter.error(`Label ‘${label}’ is given twice (first at line ${had.pos.line})`, 'crossref-duplicate', target.pos);
      return;
    }
    this.targets.set(label, target);
  }

  /** A placeholder for a reference, filled in by `resolveCrossrefs`. */
  reference(p: Pending): CrossrefInline {
    const node: CrossrefInline = { type: 'crossref', target: '', children: [], pos: p.pos };
    this.pending.set(node, p);
    return node;
  }

  pendingFor(node: CrossrefInline): Pending | undefined {
    return this.pending.get(node);
  }
}

/** A pandoc-crossref citation's items (`[see @fig:a; @fig:b]`) as one reference. */
export function crossrefFromCitation(
  items: { key: string; prefix: string; suffix: string; suppressAuthor: boolean; pos: SourcePos }[],
  pos: SourcePos,
  state: CrossrefState,
): CrossrefInline {
  const first = items[0];
  return state.reference({
    labels: items.map((i) => ({ label: lowerPrefix(i.key), pos: i.pos })),
    form: first.suppressAuthor ? 'number' : 'name',
    capital: /^[A-Z]/.test(first.key),
    prefix: first.prefix || undefined,
    suffix: items[items.length - 1].suffix || undefined,
    pos,
  });
}

/** `\ref`, `\autoref`, `\eqref` (crossRef nodes of the raw-TeX transform). */
export function crossrefFromTex(node: Extract<PhrasingContent, { type: 'crossRef' }>, pos: SourcePos, state: CrossrefState): CrossrefInline {
  return state.reference({ labels: [{ label: node.label, pos }], form: node.form === 'ref' ? 'number' : node.form === 'eqref' ? 'eq' : 'name', capital: false, pos });
}

/** `@Fig:a` means the label `fig:a`. */
function lowerPrefix(key: string): string {
  const m = CROSSREF_KEY.exec(key);
  return m ? m[1].toLowerCase() + key.slice(m[1].length) : key;
}

/** Blocks that carry an equation's `label`, `number` and `id` (display math). */
interface Numbered {
  label: string;
  number: number | string;
  id: string;
  pos: SourcePos;
}
function isNumbered(b: object): b is Numbered {
  const x = b as Partial<Numbered>;
  return typeof x.label === 'string' && x.label !== '' && (typeof x.number === 'number' || typeof x.number === 'string') && typeof x.id === 'string';
}

/** Every list of inlines in `blocks` (paragraphs, headings, captions, cells, list items, quotes), for `fn` to edit in place. */
function eachInlineList(blocks: readonly Block[], fn: (list: Inline[]) => void): void {
  const inl = (list: Inline[]) => {
    fn(list);
    for (const n of list) if ('children' in n && n.type !== 'crossref') inl(n.children);
  };
  for (const b of blocks) {
    switch (b.type) {
      case 'paragraph':
      case 'heading':
        inl(b.children);
        break;
      case 'list':
        for (const item of b.items) eachInlineList(item.children, fn);
        break;
      case 'blockquote':
        eachInlineList(b.children, fn);
        break;
      case 'table':
        if (b.caption) inl(b.caption.children);
        for (const row of b.rows) for (const cell of row) inl(cell.children);
        break;
      case 'image':
        if (b.caption) inl(b.caption.children);
        break;
      default:
        break;
    }
  }
}

function walkBlocks(blocks: readonly Block[], fn: (b: Block) => void): void {
  for (const b of blocks) {
    fn(b);
    if (b.type === 'list') for (const item of b.items) walkBlocks(item.children, fn);
    if (b.type === 'blockquote') walkBlocks(b.children, fn);
  }
}

/** Fills in every reference of the article; an unknown label is an error at the reference. */
export function resolveCrossrefs(bodies: readonly (readonly Block[])[], state: CrossrefState, ctx: ResolveContext): void {
  const add = (label: string, number: number | string, id: string, pos: SourcePos): void => {
    if (state.targets.has(label)) return;
    const n = Number(number);
    state.targets.set(label, { kind: 'equation', id, ...(Number.isFinite(n) && String(n) === String(number) ? { number: n } : { tag: String(number) }), pos });
  };
  // Equations are numbered by the math pass; their labels are on the blocks.
  for (const blocks of bodies) {
    walkBlocks(blocks, (b) => {
      if (isNumbered(b)) add(b.label, b.number, b.id, b.pos);
      // Rows of an align numbered one by one, each with its own label.
      const rows = (b as { rows?: unknown }).rows;
      if (Array.isArray(rows)) for (const r of rows as Partial<Numbered>[]) if (r.label && r.number !== undefined && r.id) add(r.label, r.number, r.id, b.pos);
    });
  }
  // Display formulas written inside a paragraph are inlines with the same fields.
  for (const blocks of bodies) eachInlineList(blocks, (list) => list.forEach((n) => isNumbered(n) && add(n.label, n.number, n.id, n.pos ?? { file: '', line: 1, column: 1 })));
  for (const blocks of bodies) {
    eachInlineList(blocks, (list) => {
      for (let i = 0; i < list.length; i++) {
        const node = list[i];
        if (node.type !== 'crossref') continue;
        const p = state.pendingFor(node);
        if (!p) continue;
        const prev = list[i - 1];
        const sentenceStart = !prev || (prev.type === 'text' && (/[.!?]\s*$/.test(prev.value) || (i === 1 && prev.value.trim() === '')));
        const out = render(p, state, ctx, sentenceStart);
        list.splice(i, 1, ...out);
        i += out.length - 1;
      }
    });
  }
}

function fill(pattern: string, n: string): string {
  return pattern.includes('{n}') ? pattern.replace('{n}', n) : `${pattern} ${n}`;
}

function capitalise(inlines: Inline[]): void {
  for (const n of inlines) {
    if (n.type === 'text' && n.value) {
      n.value = n.value[0].toLocaleUpperCase() + n.value.slice(1);
      return;
    }
    if ('children' in n) return capitalise(n.children);
  }
}

/** "1", "1 and 2", "1, 2 and 4", "1–3" (runs of three or more): numbers and the text between them. */
function numberList(ns: number[], and: string): (number | string)[] {
  const runs: (number | string)[][] = [];
  for (let i = 0; i < ns.length; ) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j] + 1) j++;
    if (j - i >= 2) {
      runs.push([ns[i], '–', ns[j]]);
      i = j + 1;
    } else {
      runs.push([ns[i]]);
      i++;
    }
  }
  const out: (number | string)[] = [];
  runs.forEach((r, i) => {
    if (i > 0) out.push(i === runs.length - 1 ? and : ', ');
    out.push(...r);
  });
  return out;
}

function render(p: Pending, state: CrossrefState, ctx: ResolveContext, sentenceStart: boolean): Inline[] {
  const L = state.labels;
  const targets: Target[] = [];
  for (const { label, pos } of p.labels) {
    const t = state.targets.get(label);
    if (!t) ctx.reporter.error(`Unknown cross-reference label ‘${label}’ (no figure, table, equation or section has it)`, 'crossref-unknown', pos);
    else targets.push(t);
  }
  if (!targets.length) return [{ type: 'text', value: '??', pos: p.pos }];
  const link = (children: Inline[], t: Target): CrossrefInline => ({ type: 'crossref', target: t.id, children, pos: p.pos });
  const out: Inline[] = [];
  if (p.prefix) out.push({ type: 'text', value: `${p.prefix}\u00a0`, pos: p.pos });
  const kind = targets[0].kind;
  const numbered = targets.every((t) => t.kind === kind && t.number !== undefined);
  if (numbered) {
    const ns = targets.map((t) => t.number!);
    const many = targets.length > 1;
    const list = numberList(ns, L.and);
    const pattern =
      p.form === 'eq' || kind === 'equation'
        ? p.form === 'number' ? '{n}' : many ? L.equationsRef : L.equationRef
        : p.form === 'number'
          ? '{n}'
          : kind === 'figure' ? (many ? L.figuresRef : L.figureRef) : kind === 'table' ? (many ? L.tablesRef : L.tableRef) : many ? L.sectionsRef : L.sectionRef;
    // Each number links to its own target; the words around them are text.
    const [before, after] = pattern.includes('{n}') ? pattern.split('{n}') : [`${pattern} `, ''];
    const nb = (t: string) => t.replace(/ /g, '\u00a0');
    if (!many) out.push(link([{ type: 'text', value: nb(before + String(ns[0]) + after), pos: p.pos }], targets[0]));
    else {
      if (before && kind !== 'equation') out.push({ type: 'text', value: nb(before), pos: p.pos });
      // Equations each in their own parentheses: "(1) and (2)", not "(1 and 2)".
      const eachEq = kind === 'equation' && p.form !== 'number';
      for (const piece of list) {
        if (typeof piece === 'number') out.push(link([{ type: 'text', value: eachEq ? fill(L.equationRef, String(piece)) : String(piece), pos: p.pos }], targets[ns.indexOf(piece)]));
        else out.push({ type: 'text', value: piece, pos: p.pos });
      }
      if (after && kind !== 'equation') out.push({ type: 'text', value: nb(after), pos: p.pos });
    }
  } else {
    // Sections by title (the template numbers no headings), or a mixed list: each by itself.
    targets.forEach((t, i) => {
      if (i > 0) out.push({ type: 'text', value: i === targets.length - 1 ? L.and : ', ', pos: p.pos });
      const n = t.number !== undefined ? String(t.number) : t.tag;
      const text = n !== undefined ? (p.form === 'number' && t.kind !== 'equation' ? n : fill(t.kind === 'figure' ? L.figureRef : t.kind === 'table' ? L.tableRef : t.kind === 'equation' ? L.equationRef : L.sectionRef, n)) : inlineText(t.title ?? []);
      out.push(link([{ type: 'text', value: text, pos: p.pos }], t));
    });
  }
  if (p.suffix) out.push({ type: 'text', value: `, ${p.suffix}`, pos: p.pos });
  if (p.capital || (p.form === 'name' && sentenceStart)) capitalise(out);
  return out;
}
