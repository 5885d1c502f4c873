/**
 * TeX math in the parse stage, after remark-math has found the `$` spans:
 * - pandoc's rule for `$…$` (tex_math_dollars): the opening `$` has a non-space right after
 *   it, the closing `$` a non-space right before it and no digit after it; anything else
 *   ("$5 and $10") is text again, as the author typed it;
 * - `$$…$$` is display math wherever it stands (a paragraph around it is split, as pandoc
 *   does), with pandoc-crossref's `{#eq:x}` after the closing `$$` as its label;
 * - a paragraph that is a display environment pasted from LaTeX (`\begin{equation}…`) is
 *   display math, `\label{x}` inside it its label.
 * Each display formula leaves here as an mdast `math` node carrying `data.baspaMath`.
 */
import type { Paragraph, Root, RootContent, PhrasingContent, Text } from 'mdast';
import type { Node, Parent } from 'unist';

export interface MathData {
  /** The TeX MathJax sets: delimiters, \label and \tag removed. */
  tex: string;
  /** The TeX as written between the delimiters (alt text, messages). */
  source: string;
  label?: string;
  /** Numbered as LaTeX would: numbered environments, labelled $$, \tag. */
  numbered: boolean;
  /** \tag{…}: the number printed instead of the next one. */
  tag?: string;
  /**
   * Environments LaTeX numbers row by row (align, gather, eqnarray): each row's label,
   * \tag and whether it is numbered (\nonumber, \notag), in order.
   */
  rows?: { label?: string; numbered: boolean; tag?: string }[];
  /** Where `source` starts in the file, for messages about a command inside it. */
  at?: { line: number; column: number };
}

export interface MathProblem {
  message: string;
  rule: string;
  line: number;
  column: number;
}

/** LaTeX's display environments; the starred ones and `$$` are unnumbered. */
const ENVIRONMENTS = ['equation', 'align', 'eqnarray', 'gather', 'multline', 'flalign', 'alignat'];
/** Those LaTeX numbers row by row. */
const ROW_NUMBERED = ['align', 'eqnarray', 'gather', 'flalign', 'alignat'];
const ENV_RE = new RegExp(String.raw`^\\begin\{((?:${ENVIRONMENTS.join('|')})\*?)\}[\s\S]*\\end\{\1\}$`);

/**
 * pandoc-crossref writes `$$ … $$ {#eq:x}`: micromark takes a closing fence followed by
 * anything for content and would run the formula to the end of the file. The attribute is
 * blanked with spaces of the same length (positions stay right) and kept by its line.
 */
export function blankEquationLabels(text: string): { text: string; labels: Map<number, string> } {
  const labels = new Map<number, string>();
  if (!text.includes('$$')) return { text, labels };
  let line = 1;
  let out = '';
  let last = 0;
  const re = /\$\$([ \t]*)(\{#([^\s}]+)[^}\n]*\})[ \t]*$/gm;
  for (const m of text.matchAll(re)) {
    const at = m.index! + 2 + m[1].length;
    for (let i = last; i < at; i++) if (text.charCodeAt(i) === 10) line++;
    out += text.slice(last, at) + ' '.repeat(m[2].length);
    labels.set(line, m[3]);
    last = at + m[2].length;
  }
  return { text: out + text.slice(last), labels };
}

/** Rewrites the tree's math as described above; returns what it could not read. */
export function mathPass(tree: Root, text: string, labels: Map<number, string> = new Map()): MathProblem[] {
  const problems: MathProblem[] = [];
  if (!text.includes('$') && !text.includes('\\begin')) return problems;
  const slice = (n: Node) => (n.position?.start.offset !== undefined && n.position.end.offset !== undefined ? text.slice(n.position.start.offset, n.position.end.offset) : undefined);
  const stack: Parent[] = [tree];
  while (stack.length) {
    const parent = stack.pop()!;
    const kids = parent.children as Node[];
    const out: Node[] = [];
    for (const node of kids) {
      if (node.type === 'inlineMath') {
        const raw = slice(node);
        if (raw !== undefined && !raw.startsWith('$$') && !pandocInline(raw, text, node.position!.end.offset!)) {
          out.push({ type: 'text', value: raw, position: node.position } as Text);
          continue;
        }
      } else if (node.type === 'math') {
        const raw = slice(node) ?? '';
        const trimmed = raw.trimEnd();
        if (!/\$\$$/.test(trimmed) || trimmed.length < 4) {
          problems.push({ message: 'Display math opened with $$ is never closed: the rest of the file is read as TeX', rule: 'math-unclosed', line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 });
        }
        const body = trimmed.replace(/^\$\$/, '').replace(/\$\$$/, '');
        (node.data as Record<string, unknown> | undefined) ??= {};
        const data = displayData(body, labels.get(node.position?.end.line ?? -1));
        data.at = where(text, node, 2 + (body.length - body.trimStart().length));
        (node as Node & { data: Record<string, unknown> }).data.baspaMath = data;
        out.push(node);
        continue;
      } else if (node.type === 'paragraph') {
        const raw = slice(node)?.trim();
        if (raw && raw.startsWith('\\begin{') && ENV_RE.test(raw)) {
          const data = displayData(raw, undefined);
          data.at = where(text, node, (slice(node) ?? '').length - (slice(node) ?? '').trimStart().length);
          out.push({ type: 'math', value: raw, meta: null, position: node.position, data: { baspaMath: data } } as RootContent);
          continue;
        }
        const split = splitDisplay(node as Paragraph, slice, labels, text);
        if (split) {
          for (const piece of split) {
            if (piece.type === 'paragraph') stack.push(piece as Parent);
            out.push(piece);
          }
          continue;
        }
      }
      if ('children' in node && Array.isArray((node as Parent).children)) stack.push(node as Parent);
      out.push(node);
    }
    parent.children = out as Parent['children'];
  }
  return problems;
}

/** pandoc's tex_math_dollars rule for one `$…$` span (`end`: the offset after its closing `$`). */
function pandocInline(raw: string, text: string, end: number): boolean {
  const inner = raw.slice(1, -1);
  if (!inner || /^\s/.test(inner) || /\s$/.test(inner)) return false;
  return !/[0-9]/.test(text[end] ?? '');
}

/** A paragraph holding `$$…$$`: the paragraph's text before and after, and the display formulas between. */
function splitDisplay(p: Paragraph, slice: (n: Node) => string | undefined, labels: Map<number, string>, text: string): RootContent[] | null {
  const isDisplay = (n: PhrasingContent) => n.type === 'inlineMath' && (slice(n) ?? '').startsWith('$$');
  if (!p.children.some(isDisplay)) return null;
  const out: RootContent[] = [];
  let run: PhrasingContent[] = [];
  const flush = () => {
    // Spaces and line breaks left beside a formula are not a paragraph.
    const kept = trimRun(run);
    if (kept.length) {
      const first = kept[0].position!;
      const last = kept[kept.length - 1].position!;
      out.push({ type: 'paragraph', children: kept, position: { start: first.start, end: last.end }, data: out.length ? { continued: true } : undefined } as Paragraph);
    }
    run = [];
  };
  for (const n of p.children) {
    if (isDisplay(n)) {
      flush();
      const raw = slice(n)!;
      const label = labels.get(n.position?.end.line ?? -1);
      const data = displayData(raw.slice(2, -2), label);
      data.at = where(text, n, 2 + (raw.slice(2).length - raw.slice(2).trimStart().length));
      out.push({ type: 'math', value: raw.slice(2, -2), meta: null, position: n.position, data: { baspaMath: data } } as RootContent);
    } else run.push(n);
  }
  flush();
  return out;
}

function trimRun(run: PhrasingContent[]): PhrasingContent[] {
  const blank = (n: PhrasingContent) => (n.type === 'text' && !n.value.trim()) || n.type === 'break';
  let a = 0;
  let b = run.length;
  while (a < b && blank(run[a])) a++;
  while (b > a && blank(run[b - 1])) b--;
  const kept = run.slice(a, b).map((n) => ({ ...n }));
  if (kept[0]?.type === 'text') kept[0] = { ...kept[0], value: kept[0].value.replace(/^\s+/, '') };
  const z = kept.length - 1;
  if (kept[z]?.type === 'text') kept[z] = { ...kept[z], value: (kept[z] as Text).value.replace(/\s+$/, '') } as Text;
  return kept;
}

/** What a display formula's TeX says about its label and number. */
export function displayData(body: string, attrLabel: string | undefined): MathData {
  const source = body.trim();
  let tex = source;
  let label = attrLabel;
  const lab = /\\label\s*\{([^{}]*)\}/.exec(tex);
  if (lab) label ??= lab[1].trim();
  tex = tex.replace(/\\label\s*\{[^{}]*\}/g, '');
  let tag: string | undefined;
  const t = /\\tag\*?\s*\{([^{}]*)\}/.exec(tex);
  if (t) {
    tag = t[1].trim();
    tex = tex.replace(/\\tag\*?\s*\{[^{}]*\}/g, '');
  }
  const env = /^\\begin\{([a-z]+)(\*?)\}/.exec(tex.trim());
  let numbered = !!attrLabel || tag !== undefined;
  if (env && ENVIRONMENTS.includes(env[1]) && !env[2]) {
    // An environment of one row marked \nonumber or \notag is not numbered.
    const oneRow = !/\\\\/.test(tex);
    numbered = tag !== undefined || !(oneRow && /\\(nonumber|notag)\b/.test(tex));
  }
  if (env && ROW_NUMBERED.includes(env[1]) && !env[2]) {
    const rows = topLevelRows(source).map((row) => {
      const l = /\\label\s*\{([^{}]*)\}/.exec(row);
      const g = /\\tag\*?\s*\{([^{}]*)\}/.exec(row);
      return { ...(l ? { label: l[1].trim() } : {}), numbered: !!g || !/\\(nonumber|notag)\b/.test(row), ...(g ? { tag: g[1].trim() } : {}) };
    });
    // A last row left empty by a trailing \\ is no row.
    if (rows.length > 1 && !topLevelRows(source).at(-1)!.replace(/\\(label|tag)\s*\{[^{}]*\}/g, '').trim()) rows.pop();
    numbered = rows.some((r) => r.numbered);
    // Several rows: each has its own number; the block's label is the first row's that has one.
    if (rows.length > 1) return { tex: tex.replace(/\\(nonumber|notag)\b/g, '').trim(), source, ...(label ? { label } : {}), numbered, rows };
  }
  // `equation` is a numbered `$$`: MathJax sets its content as display math.
  const eq = /^\\begin\{equation\*?\}([\s\S]*)\\end\{equation\*?\}$/.exec(tex.trim());
  if (eq) tex = eq[1];
  tex = tex.replace(/\\(nonumber|notag)\b/g, '').trim();
  return { tex, source, ...(label ? { label } : {}), numbered, ...(tag !== undefined ? { tag } : {}) };
}

/** Line and column of the character `skip` characters into `node`. */
function where(text: string, node: Node, skip: number): { line: number; column: number } {
  const start = node.position!.start;
  const from = start.offset ?? 0;
  const part = text.slice(from, from + skip);
  const nl = part.lastIndexOf('\n');
  if (nl < 0) return { line: start.line, column: start.column + skip };
  return { line: start.line + part.split('\n').length - 1, column: skip - nl };
}

/** The rows of an environment's body: split at \\ outside braces and inner environments. */
function topLevelRows(source: string): string[] {
  const m = /^\\begin\{[a-z]+\*?\}(?:\{[^{}]*\})?([\s\S]*)\\end\{[a-z]+\*?\}$/.exec(source.trim());
  const body = m ? m[1] : source;
  const rows: string[] = [];
  let depth = 0;
  let envs = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      if (body[i + 1] === '\\' && depth === 0 && envs === 0) {
        rows.push(body.slice(start, i));
        start = i + 2;
        i++;
        continue;
      }
      if (body.startsWith('begin{', i + 1)) envs++;
      else if (body.startsWith('end{', i + 1)) envs--;
      i++; // an escaped character (\{, \}) is no brace
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') depth--;
  }
  rows.push(body.slice(start));
  return rows;
}

export function mathData(node: Node): MathData | undefined {
  return (node.data as { baspaMath?: MathData } | undefined)?.baspaMath;
}
