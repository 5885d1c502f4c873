/**
 * The raw-TeX transform: every `texCommand` node the syntax extension made becomes
 * Markdown's own nodes (links, emphasis, footnotes, citations, lists) or the nodes LaTeX
 * adds (cross-references, labels, small caps, description lists); none is left in the
 * tree, so a command is never printed as source.
 *
 * A command Baspa does not know is a warning (`tex-unknown-command`) at its position and
 * is dropped. Of its arguments, the text of the last `{…}` group is kept when there are
 * several (`\textcolor{red}{words}`, `\foreignlanguage{russian}{слова}`) or when the one
 * group reads as words; a lone group that is a length or a file name is dropped with the
 * command (`\vspace{2mm}`, `\input{x.tex}`). Pandoc drops the whole command in HTML; Baspa
 * keeps an author's words and says so.
 *
 * Math (`$…$`, `\begin{equation}` …) is left exactly as written for the math stage. Code
 * spans and code blocks never hold `texCommand` nodes (micromark does not look inside).
 */
import type { BlockContent, FootnoteDefinition, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { Point, Position } from 'unist';
import { splitLocator } from '../citation/locator.js';
import type { Citation, CitationItem } from '../citation/types.js';
import type { CrossRefForm } from '../crossref/types.js';
import '../crossref/types.js';
import type { DescriptionItem, DescriptionList, TexCommand, TexMessage } from './types.js';

const NBSP = '\u00a0';
/**
 * TeX's `\,`, a thin space that does not break: a no-break space, since the templates'
 * fonts (Literata, PT Serif) have no U+202F and the layout stretches only U+00A0.
 */
const THIN = NBSP;

/** Commands that print a fixed string; an empty `{}` after them is TeX's spacing device. */
const SYMBOLS: Record<string, string> = {
  LaTeX: 'LaTeX',
  TeX: 'TeX',
  LaTeXe: 'LaTeX2ε',
  BibTeX: 'BibTeX',
  ldots: '…',
  dots: '…',
  textellipsis: '…',
  textbackslash: '\\',
  textendash: '–',
  textemdash: '—',
  textasciitilde: '~',
  textasciicircum: '^',
  textbar: '|',
  textless: '<',
  textgreater: '>',
  textdegree: '°',
  textregistered: '®',
  texttrademark: '™',
  copyright: '©',
  textcopyright: '©',
  S: '§',
  P: '¶',
  ss: 'ß',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  o: 'ø',
  O: 'Ø',
  ',': THIN,
  ' ': ' ',
  $: '$',
  today: '',
};
/** Page layout has no meaning here: dropped without a word (with their `{…}` argument if any). */
const LAYOUT = new Set(['noindent', 'indent', 'clearpage', 'cleardoublepage', 'newpage', 'pagebreak', 'nopagebreak', 'protect', 'relax', 'centering', 'raggedright', 'raggedleft', 'smallskip', 'medskip', 'bigskip', 'vfill', 'hfill', 'null', 'maketitle', 'par']);
const LAYOUT_WITH_ARG = new Set(['vspace', 'hspace', 'vskip', 'hskip']);
/** Type sizes: the template sets sizes, so these carry nothing (dropped without a word). */
const SIZES = new Set(['tiny', 'scriptsize', 'footnotesize', 'small', 'normalsize', 'large', 'Large', 'LARGE', 'huge', 'Huge']);
/** Old-style switches, `{\bf words}`: they style the rest of their group. */
const SWITCHES: Record<string, 'emphasis' | 'strong' | 'smallCaps' | 'inlineCode' | 'plain'> = {
  em: 'emphasis', it: 'emphasis', itshape: 'emphasis', sl: 'emphasis', slshape: 'emphasis',
  bf: 'strong', bfseries: 'strong',
  sc: 'smallCaps', scshape: 'smallCaps',
  tt: 'inlineCode', ttfamily: 'inlineCode',
  rm: 'plain', rmfamily: 'plain', sf: 'plain', sffamily: 'plain', upshape: 'plain', normalfont: 'plain', mdseries: 'plain',
};
const BREAKS = new Set(['\\', 'newline', 'linebreak']);
const EMPHASIS = new Set(['emph', 'textit', 'textsl', 'underline', 'uline']);
const PLAIN = new Set(['textrm', 'textnormal', 'textup', 'textsf', 'textmd', 'mbox', 'text', 'hbox']);
const CITES_NARRATIVE = new Set(['citet', 'textcite', 'citealt', 'citeauthor']);
const CITES = new Set(['cite', 'citep', 'citealp', 'parencite', 'autocite', 'citeyear', ...CITES_NARRATIVE]);
const REFS: Record<string, CrossRefForm> = { ref: 'ref', autoref: 'autoref', cref: 'autoref', Cref: 'autoref', eqref: 'eqref' };
/** Environments that make blocks: lists, and quotations (a block quote). */
const LIST_ENVIRONMENTS = new Set(['itemize', 'enumerate', 'description', 'quote', 'quotation']);
const QUOTES = new Set(['quote', 'quotation']);

const PHRASING_PARENTS = new Set(['paragraph', 'heading', 'tableCell', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'smallCaps', 'descriptionTerm', 'subscript', 'superscript']);
const BLOCK_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition', 'descriptionDetails']);

interface State {
  messages: TexMessage[];
  footnotes: FootnoteDefinition[];
  noteIds: Set<string>;
  noteCount: number;
}

type AnyParent = { type: string; children: RootContent[] };

export function transformTex(tree: Root): TexMessage[] {
  const state: State = { messages: [], footnotes: [], noteIds: new Set(), noteCount: 0 };
  // Ties need a walk even without a command.
  if (!hasCommand(tree) && !hasText(tree, /~/)) return state.messages;
  collectNoteIds(tree, state.noteIds);
  walk(tree as AnyParent, state);
  tree.children.push(...state.footnotes);
  (tree.data ??= {}).texMessages = [...(tree.data.texMessages ?? []), ...state.messages];
  return state.messages;
}

function hasCommand(node: { type: string; children?: unknown[] }): boolean {
  if (node.type === 'texCommand') return true;
  return Array.isArray(node.children) && node.children.some((c) => hasCommand(c as { type: string; children?: unknown[] }));
}

function hasText(node: { type: string; value?: unknown; children?: unknown[] }, re: RegExp): boolean {
  if (node.type === 'text' && typeof node.value === 'string') return re.test(node.value);
  return Array.isArray(node.children) && node.children.some((c) => hasText(c as typeof node, re));
}

function collectNoteIds(node: { type: string; children?: unknown[]; identifier?: string }, ids: Set<string>): void {
  if (node.type === 'footnoteDefinition' && node.identifier) ids.add(node.identifier);
  if (Array.isArray(node.children)) for (const c of node.children) collectNoteIds(c as typeof node, ids);
}

function walk(node: AnyParent, state: State): void {
  if (BLOCK_PARENTS.has(node.type)) node.children = sections(transformBlocks(node.children, state));
  if (PHRASING_PARENTS.has(node.type)) {
    const out = transformPhrasing(node.children as PhrasingContent[], state);
    // `\noindent Text` leaves a space where the command was; a paragraph starts at its text.
    node.children = (node.type === 'paragraph' ? trimPhrasing(out) : out) as RootContent[];
    return;
  }
  for (const child of node.children) if ('children' in child && Array.isArray(child.children)) walk(child as AnyParent, state);
  // A paragraph that held only `\clearpage` is no paragraph.
  if (BLOCK_PARENTS.has(node.type)) node.children = node.children.filter((c) => c.type !== 'paragraph' || c.children.length > 0);
}

const SECTIONS: Record<string, 1 | 2 | 3> = { section: 1, subsection: 2, subsubsection: 3 };

/** `\section{Title}` standing first in a paragraph is a heading; text after it, a paragraph. */
function sections(children: RootContent[]): RootContent[] {
  if (!children.some((c) => c.type === 'paragraph' && c.children[0]?.type === 'texCommand' && c.children[0].name in SECTIONS)) return children;
  return children.flatMap((c): RootContent[] => {
    const cmd = c.type === 'paragraph' ? c.children[0] : undefined;
    if (c.type !== 'paragraph' || cmd?.type !== 'texCommand' || !(cmd.name in SECTIONS)) return [c];
    const queue = new Siblings(c.children.slice(1));
    const title = queue.group('{', '}');
    if (title === null) return [c];
    const after = trimPhrasing(queue.nodes);
    // `\section{Title}\label{sec:x}`: the label names the heading.
    const labels = after[0]?.type === 'texCommand' && after[0].name === 'label' ? after.splice(0, 1) : [];
    const heading: RootContent = { type: 'heading', depth: SECTIONS[cmd.name], children: [...trimPhrasing(title), ...labels], position: span([cmd, ...title]) ?? cmd.position };
    const rest = paragraphOf(after);
    return rest ? [heading, rest] : [heading];
  });
}

// ---------------------------------------------------------------------------
// Positions of pieces cut from a text node

function advance(start: Point, value: string, k: number): Point {
  const before = value.slice(0, k);
  const nl = before.lastIndexOf('\n');
  if (nl < 0) return { line: start.line, column: start.column + k, offset: start.offset === undefined ? undefined : start.offset + k };
  return { line: start.line + before.split('\n').length - 1, column: k - nl, offset: start.offset === undefined ? undefined : start.offset + k };
}

function sliceText(node: Text, from: number, to = node.value.length): Text {
  const out: Text = { type: 'text', value: node.value.slice(from, to) };
  if (node.position) out.position = { start: advance(node.position.start, node.value, from), end: advance(node.position.start, node.value, to) };
  return out;
}

function span(nodes: { position?: Position }[]): Position | undefined {
  const first = nodes.find((n) => n.position)?.position;
  const last = [...nodes].reverse().find((n) => n.position)?.position;
  return first && last ? { start: first.start, end: last.end } : undefined;
}

function warn(state: State, message: string, rule: string, position: Position | undefined): void {
  state.messages.push({ message, rule, position });
}

// ---------------------------------------------------------------------------
// Groups: `{…}` and `[…]` written as Markdown after a command, taken from the siblings

/** A queue of sibling nodes from which a text node's head can be cut. */
class Siblings {
  constructor(public nodes: PhrasingContent[], public i = 0) {}
  get done(): boolean {
    return this.i >= this.nodes.length;
  }
  next(): PhrasingContent {
    return this.nodes[this.i++];
  }
  /**
   * Takes a group opened by `open` at the very start of what follows (after spaces when
   * `skipSpace`), up to its balanced `close`, and returns what lies inside, or null
   * (nothing taken) when there is none or it does not close among these siblings.
   */
  group(open: string, close: string, skipSpace = false): PhrasingContent[] | null {
    const first = this.nodes[this.i];
    if (!first || first.type !== 'text') return null;
    let start = 0;
    if (skipSpace) while (start < first.value.length && /[ \t\n]/.test(first.value[start])) start++;
    if (first.value[start] !== open) return null;
    let depth = 0;
    for (let j = this.i; j < this.nodes.length; j++) {
      const node = this.nodes[j];
      if (node.type !== 'text') continue;
      for (let k = j === this.i ? start : 0; k < node.value.length; k++) {
        const c = node.value[k];
        if (c === open && (open === '{' || depth === 0)) depth++;
        else if (c === close && --depth === 0) {
          const inside: PhrasingContent[] = [];
          if (j === this.i) {
            const t = sliceText(first, start + 1, k);
            if (t.value) inside.push(t);
          } else {
            const head = sliceText(first, start + 1);
            if (head.value) inside.push(head);
            inside.push(...this.nodes.slice(this.i + 1, j));
            const tail = sliceText(node, 0, k);
            if (tail.value) inside.push(tail);
          }
          const rest = sliceText(node, k + 1);
          this.nodes.splice(this.i, j - this.i + 1, ...(rest.value ? [rest] : []));
          return inside;
        }
      }
    }
    return null;
  }
}

function plainText(nodes: PhrasingContent[]): string {
  return nodes.map((n) => ('value' in n && typeof n.value === 'string' ? n.value : 'children' in n ? plainText(n.children as PhrasingContent[]) : '')).join('');
}

// ---------------------------------------------------------------------------
// Phrasing

/** `$…$` and `\begin{equation}…\end{equation}` as they stand in text before the math stage. */
function markMath(nodes: PhrasingContent[]): PhrasingContent[] {
  let inDollar: '' | '$' | '$$' = '';
  let env = '';
  let changed = false;
  const out: PhrasingContent[] = [];
  const firstChar = (n: PhrasingContent | undefined): string => (!n ? '' : n.type === 'text' ? n.value[0] ?? '' : n.type === 'texCommand' ? '\\' : 'x');
  for (const [index, node] of nodes.entries()) {
    if (node.type === 'texCommand' && (inDollar || env)) {
      out.push({ type: 'text', value: node.raw, position: node.position });
      changed = true;
      continue;
    }
    out.push(node);
    if (node.type !== 'text') continue;
    const v = node.value;
    for (let k = 0; k < v.length; k++) {
      if (env) {
        if (v.startsWith(`\\end{${env}}`, k)) {
          k += env.length + 5;
          env = '';
        }
        continue;
      }
      const begin = /^\\begin\{([a-z]+\*?)\}/.exec(v.slice(k, k + 40));
      if (begin && !inDollar) {
        env = begin[1];
        k += begin[0].length - 1;
        continue;
      }
      if (v[k] !== '$') continue;
      const dbl = v[k + 1] === '$';
      if (inDollar === '') {
        const next = v[k + (dbl ? 2 : 1)] ?? firstChar(nodes[index + 1]);
        if (dbl || (next !== '' && !/\s/.test(next))) inDollar = dbl ? '$$' : '$';
      } else if (inDollar === '$$' && dbl) inDollar = '';
      else if (inDollar === '$' && !/\s/.test(v[k - 1] ?? 'x') && !/\d/.test(v[k + 1] ?? '')) inDollar = '';
      if (dbl) k++;
    }
  }
  return changed ? mergeTexts(out) : out;
}

function mergeTexts(nodes: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const n of nodes) {
    const last = out[out.length - 1];
    if (n.type === 'text' && last?.type === 'text') {
      out[out.length - 1] = { type: 'text', value: last.value + n.value, position: last.position && n.position ? { start: last.position.start, end: n.position.end } : last.position };
    } else out.push(n);
  }
  return out;
}

/**
 * TeX's tie: `Fig.~\ref{x}`, `et~al.`; a `~` with a space on either side stays a tilde
 * (`~5 km`). `before` and `after` are the characters the neighbouring nodes bring.
 */
function ties(node: Text, before: string, after: string): Text {
  if (!node.value.includes('~')) return node;
  // Not after a slash: `https://example.org/~user` is a path.
  const v = `${before}${node.value}${after}`.replace(/(?<=[^\s/])~(?=\S)/g, NBSP);
  return { ...node, value: v.slice(before.length, v.length - after.length) };
}

function edgeChar(n: PhrasingContent | undefined, end: boolean): string {
  if (!n) return '';
  if (n.type === 'text') return (end ? n.value[n.value.length - 1] : n.value[0]) ?? '';
  return n.type === 'break' ? '\n' : 'x';
}

export function transformPhrasing(input: PhrasingContent[], state: State): PhrasingContent[] {
  const nodes = markMath(input);
  for (const n of nodes) if ('children' in n && Array.isArray(n.children) && PHRASING_PARENTS.has(n.type) && !bareUrl(n)) walk(n as unknown as AnyParent, state);
  const queue = new Siblings([...nodes]);
  const out: PhrasingContent[] = [];
  while (!queue.done) {
    const node = queue.next();
    // Pandoc's H~2~O is a subscript by now (src/manuscript/pandoc/spans.ts runs first).
    if (node.type === 'text') out.push(ties(node, edgeChar(out[out.length - 1], true), edgeChar(queue.nodes[queue.i], false)));
    else if (node.type === 'texCommand' && node.name in SWITCHES) out.push(...switched(node, out, queue, state));
    else if (node.type === 'texCommand') out.push(...command(node, queue, state));
    else out.push(node);
  }
  return mergeTexts(out);
}

/**
 * `{\bf words}`: the `{` before the switch opens the group it styles; a switch with no
 * brace before it styles the rest of its paragraph (its group in TeX).
 */
function switched(cmd: TexCommand, out: PhrasingContent[], queue: Siblings, state: State): PhrasingContent[] {
  const last = out[out.length - 1];
  let inside: PhrasingContent[];
  if (last?.type === 'text' && /\{\s*$/.test(last.value)) {
    const kept = last.value.replace(/\{\s*$/, '');
    if (kept) out[out.length - 1] = { ...last, value: kept };
    else out.pop();
    queue.nodes.splice(queue.i, 0, { type: 'text', value: '{', position: cmd.position });
    const g = queue.group('{', '}');
    if (g === null) {
      queue.nodes.splice(queue.i, 1);
      inside = queue.nodes.splice(queue.i);
    } else inside = g;
  } else inside = queue.nodes.splice(queue.i);
  const children = transformPhrasing(trimPhrasing(inside), state);
  const kind = SWITCHES[cmd.name];
  const position = cmd.position;
  if (kind === 'plain') return children;
  if (kind === 'inlineCode') return [{ type: 'inlineCode', value: plainText(children), position }];
  if (kind === 'smallCaps') return [{ type: 'smallCaps', children, position }];
  return [{ type: kind, children, position }];
}

/** An auto-linked URL: its text is the URL, where `~` is a path and no tie. */
function bareUrl(n: PhrasingContent): boolean {
  return n.type === 'link' && n.children.length === 1 && n.children[0].type === 'text' && n.children[0].value === n.url.replace(/^mailto:/, '');
}

/** The group that follows, transformed, or null. */
function argument(queue: Siblings, state: State): PhrasingContent[] | null {
  const g = queue.group('{', '}');
  return g === null ? null : transformPhrasing(g, state);
}

function command(cmd: TexCommand, queue: Siblings, state: State): PhrasingContent[] {
  const { name } = cmd;
  const position = cmd.position;
  const text = (value: string): Text => ({ type: 'text', value, position });

  if (name in SYMBOLS) {
    // `\LaTeX{}`: the empty group only keeps TeX from eating the space after it.
    if (/^[A-Za-z]/.test(name)) queue.group('{', '}');
    const value = SYMBOLS[name];
    return value ? [text(value)] : [];
  }
  if (BREAKS.has(name)) return [{ type: 'break', position }];
  if (LAYOUT.has(name) || SIZES.has(name)) return [];
  if (LAYOUT_WITH_ARG.has(name)) {
    queue.group('{', '}');
    return [];
  }
  if (EMPHASIS.has(name) || name === 'textbf' || name === 'textsc' || name === 'texttt' || name === 'textsuperscript' || name === 'textsubscript' || PLAIN.has(name)) {
    const arg = argument(queue, state);
    if (arg === null) return missing(cmd, state);
    if (name === 'textsuperscript') return [{ type: 'superscript', children: arg, position }];
    if (name === 'textsubscript') return [{ type: 'subscript', children: arg, position }];
    if (name === 'textbf') return [{ type: 'strong', children: arg, position }];
    if (name === 'textsc') return [{ type: 'smallCaps', children: arg, position }];
    if (name === 'texttt') return [{ type: 'inlineCode', value: plainText(arg), position }];
    if (PLAIN.has(name)) return arg;
    return [{ type: 'emphasis', children: arg, position }];
  }
  if (name === 'url' || name === 'nolinkurl') {
    const url = cmd.args[0]?.trim();
    if (url === undefined) return missing(cmd, state);
    const code: PhrasingContent = { type: 'inlineCode', value: url, position };
    return name === 'url' ? [{ type: 'link', url, children: [code], position }] : [code];
  }
  if (name === 'href') {
    const url = cmd.args[0]?.trim();
    if (url === undefined) return missing(cmd, state);
    const label = argument(queue, state);
    return [{ type: 'link', url, children: label && label.length ? label : [{ type: 'inlineCode', value: url, position }], position }];
  }
  if (name === 'footnote') {
    const arg = argument(queue, state);
    if (arg === null) return missing(cmd, state);
    let id = '';
    do id = `tex-footnote-${++state.noteCount}`;
    while (state.noteIds.has(id));
    state.noteIds.add(id);
    const paragraph: Paragraph = { type: 'paragraph', children: trimPhrasing(arg), position: span(arg) ?? position };
    state.footnotes.push({ type: 'footnoteDefinition', identifier: id, label: id, children: [paragraph], position });
    return [{ type: 'footnoteReference', identifier: id, label: id, position }];
  }
  if (CITES.has(name)) return [cite(cmd, state)];
  if (name === 'nocite') {
    warn(state, '\\nocite is not supported: cite the work in the text; dropped', 'tex-unknown-command', position);
    return [];
  }
  if (name in REFS) {
    const labels = (cmd.args[0] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (!labels.length) return missing(cmd, state);
    const out: PhrasingContent[] = [];
    labels.forEach((label, i) => {
      if (i) out.push(text(', '));
      out.push({ type: 'crossRef', label, form: REFS[name], position });
    });
    return out;
  }
  if (name === 'label') {
    const label = cmd.args[0]?.trim();
    return label ? [{ type: 'texLabel', label, position }] : missing(cmd, state);
  }
  if (name === 'begin' || name === 'end') {
    const env = cmd.args[0]?.trim() ?? '';
    // `\begin{figure}[h]`, `\begin{tabular}{lcr}`: the environment's own options, not text.
    if (name === 'begin') while (queue.group('[', ']') ?? queue.group('{', '}'));
    warn(state, LIST_ENVIRONMENTS.has(env) ? `\\${name}{${env}} cannot stand inside a heading, a table cell or emphasis; dropped` : `TeX environment ‘${env}’ is not supported; \\${name}{${env}} was dropped (its text is kept)`, 'tex-unknown-command', position);
    return [];
  }
  if (name === 'item') {
    warn(state, '\\item outside an itemize, enumerate or description environment; dropped', 'tex-unknown-command', position);
    return [];
  }
  return unknown(cmd, queue, state);
}

function missing(cmd: TexCommand, state: State): PhrasingContent[] {
  warn(state, `\\${cmd.name} without its {…} argument; dropped`, 'tex-unknown-command', cmd.position);
  return [];
}

/** A length (`2mm`, `-1.5em`) or a file name (`x.tex`): an argument that is not words. */
const NOT_WORDS = /^\s*(-?[\d.]+\s*(pt|mm|cm|in|em|ex|bp|pc|sp|\\\w+)|[\w./-]+\.[a-z]{2,4}|[\w-]+)\s*$/i;

function unknown(cmd: TexCommand, queue: Siblings, state: State): PhrasingContent[] {
  queue.group('[', ']');
  const groups: PhrasingContent[][] = [];
  for (let g = queue.group('{', '}'); g !== null; g = queue.group('{', '}')) groups.push(g);
  const last = groups[groups.length - 1];
  const keep = last && (groups.length > 1 || !NOT_WORDS.test(plainText(last))) ? transformPhrasing(last, state) : [];
  warn(state, `Unknown TeX command \\${cmd.name} was dropped${keep.length ? ' (the text of its last argument is kept)' : ''}`, 'tex-unknown-command', cmd.position);
  return keep;
}

/** `\citep[see][p. 3]{a,b}` as the citation node Pandoc's `[see @a; @b, p. 3]` makes. */
function cite(cmd: TexCommand, state: State): PhrasingContent {
  const narrative = CITES_NARRATIVE.has(cmd.name);
  const raw = cmd.raw;
  const keysAt = raw.lastIndexOf('{') + 1;
  const keys = (cmd.args[cmd.args.length - 1] ?? '').split(',');
  // natbib: one option is the note after; two are the note before and after.
  const options = cmd.options.map((o) => o.replace(/~/g, ' '));
  const [pre, post] = options.length >= 2 ? [options[0], options[1]] : ['', options[0] ?? ''];
  const start = cmd.position?.start;
  const items: CitationItem[] = [];
  let offset = keysAt;
  keys.forEach((part, i) => {
    const key = part.trim();
    const at = offset + part.indexOf(key);
    offset += part.length + 1;
    if (!key) return;
    const point = (k: number): Point => (start ? { line: start.line, column: start.column + k, offset: start.offset === undefined ? undefined : start.offset + k } : { line: 1, column: 1 });
    const item: CitationItem = { key, prefix: i === 0 ? pre.trim() : '', suffix: '', suppressAuthor: cmd.name === 'citeyear', position: { start: point(at), end: point(at + key.length) } };
    if (i === keys.length - 1 && post.trim()) {
      const split = splitLocator(/^\s*[\d]/.test(post) ? `p. ${post}` : post);
      item.suffix = split.suffix;
      if (split.locator !== undefined && split.label !== undefined) {
        item.locator = split.locator;
        item.label = split.label;
      }
    }
    items.push(item);
  });
  if (!items.length) warn(state, `\\${cmd.name} without citation keys; dropped`, 'tex-unknown-command', cmd.position);
  const node: Citation = { type: 'citation', mode: narrative ? 'narrative' : 'parenthetical', items, position: cmd.position };
  return node;
}

function trimPhrasing(nodes: PhrasingContent[]): PhrasingContent[] {
  const out = [...nodes];
  const first = out[0];
  if (first?.type === 'text') {
    const v = first.value.replace(/^\s+/, '');
    if (v) out[0] = sliceText(first, first.value.length - v.length);
    else out.shift();
  }
  const last = out[out.length - 1];
  if (last?.type === 'text') {
    const v = last.value.replace(/\s+$/, '');
    if (v) out[out.length - 1] = sliceText(last, 0, v.length);
    else out.pop();
  }
  return out;
}

// ---------------------------------------------------------------------------
// Blocks: itemize, enumerate and description environments

type Entry =
  | { kind: 'block'; node: RootContent }
  | { kind: 'begin'; env: string; cmd: TexCommand }
  | { kind: 'end'; env: string; cmd: TexCommand }
  | { kind: 'item'; cmd: TexCommand };

function isListMarker(n: PhrasingContent, depth: number): boolean {
  if (n.type !== 'texCommand') return false;
  if (n.name === 'begin' || n.name === 'end') return LIST_ENVIRONMENTS.has(n.args[0]?.trim() ?? '');
  return n.name === 'item' && depth > 0;
}

function paragraphOf(children: PhrasingContent[]): Paragraph | null {
  const trimmed = trimPhrasing(children);
  if (!trimmed.length) return null;
  return { type: 'paragraph', children: trimmed, position: span(trimmed) };
}

export function transformBlocks(children: RootContent[], state: State): RootContent[] {
  if (!children.some((c) => c.type === 'paragraph' && c.children.some((n) => isListMarker(n, 0)))) return children;
  // Paragraphs cut at every \begin, \end and \item of a list, each marker an entry.
  const entries: Entry[] = [];
  let depth = 0;
  for (const node of children) {
    if (node.type !== 'paragraph') {
      entries.push({ kind: 'block', node });
      continue;
    }
    let run: PhrasingContent[] = [];
    const flush = () => {
      const p = paragraphOf(run);
      if (p) entries.push({ kind: 'block', node: p });
      run = [];
    };
    for (const n of node.children) {
      if (n.type === 'texCommand' && isListMarker(n, depth)) {
        flush();
        if (n.name === 'item') entries.push({ kind: 'item', cmd: n });
        else {
          entries.push({ kind: n.name === 'begin' ? 'begin' : 'end', env: n.args[0].trim(), cmd: n });
          depth = Math.max(0, depth + (n.name === 'begin' ? 1 : -1));
        }
      } else run.push(n);
    }
    flush();
  }
  const out: RootContent[] = [];
  let i = 0;
  while (i < entries.length) {
    const e = entries[i];
    if (e.kind === 'block') {
      out.push(e.node);
      i++;
    } else if (e.kind === 'begin') {
      const built = buildEnvironment(entries, i + 1, e, state);
      out.push(...built.nodes);
      i = built.next;
    } else {
      warn(state, e.kind === 'item' ? '\\item outside an itemize, enumerate or description environment; dropped' : `\\end{${e.env}} without its \\begin; dropped`, 'tex-unknown-command', e.cmd.position);
      i++;
    }
  }
  return out;
}

function buildEnvironment(entries: Entry[], from: number, begin: { env: string; cmd: TexCommand }, state: State): { nodes: RootContent[]; next: number } {
  const before: RootContent[] = [];
  const items: { cmd: TexCommand; blocks: RootContent[] }[] = [];
  let i = from;
  let closed = false;
  while (i < entries.length) {
    const e = entries[i];
    if (e.kind === 'end' && e.env === begin.env) {
      i++;
      closed = true;
      break;
    }
    const into = items.length ? items[items.length - 1].blocks : before;
    if (e.kind === 'item') {
      items.push({ cmd: e.cmd, blocks: [] });
      i++;
    } else if (e.kind === 'begin') {
      const inner = buildEnvironment(entries, i + 1, e, state);
      into.push(...inner.nodes);
      i = inner.next;
    } else if (e.kind === 'end') {
      warn(state, `\\end{${e.env}} does not close \\begin{${begin.env}}; dropped`, 'tex-unknown-command', e.cmd.position);
      i++;
    } else {
      into.push(e.node);
      i++;
    }
  }
  if (!closed) warn(state, `\\begin{${begin.env}} is never closed with \\end{${begin.env}}`, 'tex-environment-unclosed', begin.cmd.position);
  const position = { start: begin.cmd.position?.start ?? { line: 1, column: 1 }, end: (entries[i - 1] && entries[i - 1].kind !== 'block' ? (entries[i - 1] as { cmd: TexCommand }).cmd.position?.end : undefined) ?? begin.cmd.position?.end ?? { line: 1, column: 1 } };
  if (QUOTES.has(begin.env)) {
    const inside = [...before, ...items.flatMap((it) => it.blocks)];
    return { nodes: [{ type: 'blockquote', children: inside as BlockContent[], position }], next: i };
  }
  if (begin.env === 'description') {
    const list: DescriptionList = {
      type: 'descriptionList',
      position,
      children: items.map((it): DescriptionItem => {
        const blocks = [...it.blocks];
        let term: PhrasingContent[] = [];
        const first = blocks[0];
        if (first?.type === 'paragraph') {
          const queue = new Siblings([...first.children]);
          const g = queue.group('[', ']', true);
          if (g) {
            term = trimPhrasing(g);
            const rest = paragraphOf(queue.nodes);
            if (rest) blocks[0] = rest;
            else blocks.shift();
          }
        }
        return {
          type: 'descriptionItem',
          position: it.cmd.position,
          children: [
            { type: 'descriptionTerm', children: term, position: it.cmd.position },
            { type: 'descriptionDetails', children: blocks as BlockContent[], position: span(blocks) ?? it.cmd.position },
          ],
        };
      }),
    };
    return { nodes: [...before, list], next: i };
  }
  const list: List = {
    type: 'list',
    ordered: begin.env === 'enumerate',
    start: begin.env === 'enumerate' ? 1 : null,
    spread: false,
    position,
    children: items.map((it): ListItem => {
      const blocks = [...it.blocks];
      // `\item[label]` sets the item's own marker, which a Markdown list has not: the label is dropped.
      const first = blocks[0];
      if (first?.type === 'paragraph') {
        const queue = new Siblings([...first.children]);
        if (queue.group('[', ']', true)) {
          const rest = paragraphOf(queue.nodes);
          if (rest) blocks[0] = rest;
          else blocks.shift();
        }
      }
      return { type: 'listItem', spread: false, children: blocks as BlockContent[], position: it.cmd.position };
    }),
  };
  return { nodes: [...before, list], next: i };
}
