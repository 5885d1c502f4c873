/**
 * Code blocks tokenized once, here in resolve: lowlight (highlight.js grammars) turns a
 * fenced block with a language into classed tokens, and the block is split into its source
 * lines with tabs expanded, so both renderers only look classes up in the template's
 * palette. Blank lines and every space are kept.
 *
 * lowlight is loaded only for an issue that has a fence with a language: its one entry
 * point loads every grammar (about 0.2 s), which an issue without code should not pay.
 */
import type { Element, Root, RootContent } from 'hast';
import type { CodeToken } from '../model.js';

/** What resolve needs of lowlight. */
export interface Highlighter {
  /** The tree for `code` in `lang`, or null when no grammar of that name is registered. */
  highlight(lang: string, code: string): Root | null;
}

/** The grammars registered: a common set for scientific papers, plus their highlight.js aliases. */
const GRAMMARS = [
  'python', 'javascript', 'typescript', 'bash', 'c', 'cpp', 'r', 'julia', 'json', 'yaml',
  'xml', 'latex', 'sql', 'rust', 'go', 'java', 'fortran', 'matlab', 'markdown', 'plaintext',
] as const;
/** Names authors write that the grammars' own aliases miss. */
const ALIASES: Record<string, string[]> = {
  bash: ['shell-script'],
  plaintext: ['text', 'txt', 'none'],
  latex: ['bibtex'],
  javascript: ['node'],
  fortran: ['f77'],
};

let loading: Promise<Highlighter> | undefined;

/** C0 and C1 controls but tab and newline, and DEL. */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function loadHighlighter(): Promise<Highlighter> {
  loading ??= import('lowlight').then(({ createLowlight, all }) => {
    const grammars = Object.fromEntries(GRAMMARS.map((name) => [name, all[name]]));
    const lowlight = createLowlight(grammars);
    lowlight.registerAlias(ALIASES);
    // highlight.js's `shell` is a console session (prompts first); papers mostly mean commands.
    lowlight.registerAlias({ bash: ['shell', 'sh', 'console'] });
    return {
      highlight: (lang, code) => (lowlight.registered(lang) ? lowlight.highlight(lang, code) : null),
    };
  });
  return loading;
}

/** Does this manuscript have a fence that names a language (so the highlighter is needed)? */
export function wantsHighlighter(markdown: string): boolean {
  // Any indentation and quote marks: a fence may sit in a nested list or a quote (a false
  // positive only costs the loading).
  return /^[ \t>]*(`{3,}|~{3,})[ \t]*[{.]*[A-Za-z]/m.test(markdown);
}

/**
 * The language a fence's info string names: ```python, ```Python, ``` {.python .numberLines}
 * (pandoc's attribute form) all give "python".
 */
export function fenceLanguage(lang: string | null | undefined, meta?: string | null): string | undefined {
  const info = `${lang ?? ''} ${meta ?? ''}`.trim();
  if (!info) return undefined;
  const braced = /^\{([^}]*)\}?/.exec(info);
  const name = braced ? /(?:^|\s)\.([\w+#-]+)/.exec(braced[1])?.[1] : /^[\w+#.-]+/.exec(info)?.[0];
  return name ? name.replace(/^\./, '').toLowerCase() : undefined;
}

/** Tabs to spaces at stops every `tab` columns (counted in characters from the line's start). */
export function expandTabs(line: string, tab: number): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(tab - ([...out].length % tab)) : ch;
  return out;
}

/**
 * The block's lines of tokens. `lang` unknown to the highlighter (or no highlighter) gives
 * plain lines: highlighting is a help to the reader, not something to refuse a paper for.
 */
export function codeLines(value: string, lang: string | undefined, tab: number, highlighter: Highlighter | undefined): CodeToken[][] {
  const tree = lang && highlighter ? highlighter.highlight(lang, value) : null;
  const flat: CodeToken[] = [];
  if (tree) walk(tree.children, undefined, flat);
  else flat.push({ text: value });
  // Split at newlines; a line's tokens are merged where they share a class. Control
  // characters other than tabs have no glyph and no meaning on a page: they are dropped.
  const lines: CodeToken[][] = [[]];
  for (const t of flat) {
    const parts = t.text.replace(CONTROLS, '').split('\n');
    parts.forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part) push(lines[lines.length - 1], { text: part, ...(t.token ? { token: t.token } : {}) });
    });
  }
  // Tabs expand per line, after tokens are known: a tab's width depends on the column it is in.
  return lines.map((line) => {
    if (!line.some((t) => t.text.includes('\t'))) return line;
    let col = 0;
    return line.map((t) => {
      const text = expandTabs(' '.repeat(col) + t.text, tab).slice(col);
      col += [...text].length;
      return { ...t, text };
    });
  });
}

function push(line: CodeToken[], t: CodeToken): void {
  const last = line[line.length - 1];
  if (last && last.token === t.token) last.text += t.text;
  else line.push(t);
}

function walk(nodes: readonly RootContent[], token: string | undefined, out: CodeToken[]): void {
  for (const n of nodes) {
    if (n.type === 'text') out.push({ text: n.value, ...(token ? { token } : {}) });
    else if (n.type === 'element') walk(n.children, scopeOf(n) ?? token, out);
  }
}

/** highlight.js's classes as a scope: ["hljs-title", "function_"] → "title.function". */
function scopeOf(el: Element): string | undefined {
  const classes: unknown = el.properties?.className;
  const list: string[] = Array.isArray(classes) ? classes.map(String) : typeof classes === 'string' ? classes.split(/\s+/) : [];
  const head = list.find((c) => c.startsWith('hljs-'));
  if (!head) return undefined;
  const rest = list.filter((c) => c !== head && c.endsWith('_')).map((c) => c.replace(/_+$/, ''));
  return [head.slice(5), ...rest].join('.');
}

/** The palette entry for a scope: its own, else its head's ("title.function" → "title"). */
export function paletteEntry<T>(palette: Readonly<Record<string, T>>, token: string | undefined): T | undefined {
  if (!token) return undefined;
  if (Object.hasOwn(palette, token)) return palette[token];
  const head = token.split('.')[0];
  return Object.hasOwn(palette, head) ? palette[head] : undefined;
}
