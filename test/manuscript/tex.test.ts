/**
 * Raw TeX pasted into Markdown (issue 13, part 5): every mapped command becomes Markdown's
 * own node, any other is a warning at its file:line:column, and none is left as source.
 */
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parseWithinLimits } from '../../src/manuscript/parse.js';
import { Reporter } from '../../src/messages/diagnostic.js';
import { surname } from '../../src/document/names.js';
import { encodeUri } from '../../src/document/uri.js';
import { isReferencesHeading } from '../../src/document/resolve/references-place.js';
import { fitHead } from '../../src/layout/pages/heads.js';

function parse(text: string): { tree: Root; reporter: Reporter } {
  const reporter = new Reporter();
  const tree = parseWithinLimits(text, (line, column) => ({ file: 'a.md', line, column }), reporter)!;
  return { tree, reporter };
}

/** The tree without positions, for comparing shapes. */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (k !== 'position' && k !== 'data') out[k] = shape(v);
    return out;
  }
  return node;
}

const para = (text: string) => (shape(parse(text).tree.children[0]) as { children: unknown[] }).children;

function hasType(node: unknown, type: string): boolean {
  if (!node || typeof node !== 'object') return false;
  if ((node as { type?: string }).type === type) return true;
  const children = (node as { children?: unknown[] }).children;
  return Array.isArray(children) && children.some((c) => hasType(c, type));
}

describe('raw TeX commands', () => {
  it('\\url is a link whose text is the URL as code, never auto-linked with its brace', () => {
    expect(para('See \\url{https://x.org/a_b}.')).toEqual([
      { type: 'text', value: 'See ' },
      { type: 'link', url: 'https://x.org/a_b', children: [{ type: 'inlineCode', value: 'https://x.org/a_b' }] },
      { type: 'text', value: '.' },
    ]);
  });

  it('\\href takes a URL and Markdown text', () => {
    expect(para('\\href{https://y.org}{the *site*}')).toEqual([
      { type: 'link', url: 'https://y.org', children: [{ type: 'text', value: 'the ' }, { type: 'emphasis', children: [{ type: 'text', value: 'site' }] }] },
    ]);
  });

  it('maps emphasis, bold, italic, typewriter, small caps and underline', () => {
    expect(para('\\emph{a} \\textbf{b} \\textit{c} \\texttt{d_e} \\textsc{f} \\underline{g}')).toEqual([
      { type: 'emphasis', children: [{ type: 'text', value: 'a' }] },
      { type: 'text', value: ' ' },
      { type: 'strong', children: [{ type: 'text', value: 'b' }] },
      { type: 'text', value: ' ' },
      { type: 'emphasis', children: [{ type: 'text', value: 'c' }] },
      { type: 'text', value: ' ' },
      { type: 'inlineCode', value: 'd_e' },
      { type: 'text', value: ' ' },
      { type: 'smallCaps', children: [{ type: 'text', value: 'f' }] },
      { type: 'text', value: ' ' },
      { type: 'emphasis', children: [{ type: 'text', value: 'g' }] },
    ]);
  });

  it('\\footnote is a real footnote: a call where it stands and a definition', () => {
    const { tree } = parse('One\\footnote{First \\emph{note}.} two\\footnote{Second.}');
    const s = shape(tree) as { children: { type: string; identifier?: string; children?: unknown[] }[] };
    const p = s.children[0] as { children: { type: string; identifier?: string }[] };
    const calls = p.children.filter((c) => c.type === 'footnoteReference').map((c) => c.identifier);
    const defs = s.children.filter((c) => c.type === 'footnoteDefinition');
    expect(calls).toHaveLength(2);
    expect(defs.map((d) => d.identifier)).toEqual(calls);
    expect(defs[0].children).toEqual([{ type: 'paragraph', children: [{ type: 'text', value: 'First ' }, { type: 'emphasis', children: [{ type: 'text', value: 'note' }] }, { type: 'text', value: '.' }] }]);
  });

  it('\\cite, \\citep and \\citet make the citation nodes [@a; @b] and @a make', () => {
    const tex = para('\\cite{a, b} \\citep[p.~3]{c} \\citet{d}') as { type: string; mode?: string; items?: { key: string; locator?: string; label?: string }[] }[];
    const md = para('[@a; @b] [@c, p. 3] @d') as typeof tex;
    const cites = (nodes: typeof tex) => nodes.filter((n) => n.type === 'citation').map((n) => ({ mode: n.mode, items: n.items!.map((i) => ({ key: i.key, locator: i.locator, label: i.label })) }));
    expect(cites(tex)).toEqual(cites(md));
    expect(cites(tex)).toHaveLength(3);
  });

  it('citation keys keep their source position', () => {
    const { tree } = parse('x \\cite{alpha,beta}');
    const c = (tree.children[0] as { children: { type: string; items?: { position: { start: { column: number } } }[] }[] }).children.find((n) => n.type === 'citation')!;
    expect(c.items!.map((i) => i.position.start.column)).toEqual([9, 15]);
  });

  it('\\ref, \\autoref, \\eqref, \\cref and \\label are cross-reference and label nodes', () => {
    expect(para('\\ref{a} \\autoref{b} \\eqref{c} \\cref{d} \\Cref{e}\\label{f}')).toEqual([
      { type: 'crossRef', label: 'a', form: 'ref' },
      { type: 'text', value: ' ' },
      { type: 'crossRef', label: 'b', form: 'autoref' },
      { type: 'text', value: ' ' },
      { type: 'crossRef', label: 'c', form: 'eqref' },
      { type: 'text', value: ' ' },
      { type: 'crossRef', label: 'd', form: 'autoref' },
      { type: 'text', value: ' ' },
      { type: 'crossRef', label: 'e', form: 'autoref' },
      { type: 'texLabel', label: 'f' },
    ]);
  });

  it('maps ties, symbols, spaces and breaks', () => {
    expect(para('Fig.~2, ~5 km, 10\\,km \\LaTeX{} and \\TeX\\ \\ldots{} 5\\% \\& \\_ \\# \\$ a\\\\ b\\newline c')).toEqual([
      { type: 'text', value: 'Fig.\u00a02, ~5 km, 10\u00a0km LaTeX and TeX … 5% & _ # $ a' },
      { type: 'break' },
      { type: 'text', value: ' b' },
      { type: 'break' },
      { type: 'text', value: ' c' },
    ]);
  });

  it('old-style switches style the rest of their group', () => {
    expect(para('A {\\bf bold words} and {\\em it}, {\\tt a_b} then \\it the rest')).toEqual([
      { type: 'text', value: 'A ' },
      { type: 'strong', children: [{ type: 'text', value: 'bold words' }] },
      { type: 'text', value: ' and ' },
      { type: 'emphasis', children: [{ type: 'text', value: 'it' }] },
      { type: 'text', value: ', ' },
      { type: 'inlineCode', value: 'a_b' },
      { type: 'text', value: ' then ' },
      { type: 'emphasis', children: [{ type: 'text', value: 'the rest' }] },
    ]);
  });

  it('keeps Pandoc’s sub- and superscripts (read before ties) apart from ties', () => {
    expect(para('H~2~O, 2^10^ and a~b')).toEqual([
      { type: 'text', value: 'H' },
      { type: 'subscript', children: [{ type: 'text', value: '2' }] },
      { type: 'text', value: 'O, 2' },
      { type: 'superscript', children: [{ type: 'text', value: '10' }] },
      { type: 'text', value: ' and a\u00a0b' },
    ]);
    // A home directory in a URL is no tie and no subscript.
    expect(para('https://example.org/~user')).toEqual([{ type: 'link', title: null, url: 'https://example.org/~user', children: [{ type: 'text', value: 'https://example.org/~user' }] }]);
  });

  it('drops \\noindent, \\clearpage and \\newpage without a warning', () => {
    const { tree, reporter } = parse('\\noindent Text.\n\n\\clearpage\n\n\\newpage\n\nMore.');
    expect(reporter.diagnostics).toEqual([]);
    expect(shape(tree.children)).toEqual([{ type: 'paragraph', children: [{ type: 'text', value: 'Text.' }] }, { type: 'paragraph', children: [{ type: 'text', value: 'More.' }] }]);
  });

  it('an unknown command is a warning at its line and column and is dropped, its words kept', () => {
    const { tree, reporter } = parse('Line one.\nSome \\textcolor{red}{red words} and \\vspace{2mm}\\foo here.');
    expect(reporter.warnings.map((w) => [w.rule, w.line, w.column])).toEqual([
      ['tex-unknown-command', 2, 6],
      ['tex-unknown-command', 2, 49],
    ]);
    expect(reporter.warnings[0].message).toContain('\\textcolor');
    expect(para('Some \\textcolor{red}{red words} and \\hspace{2mm}\\input{x.tex} here.')).toEqual([{ type: 'text', value: 'Some red words and  here.' }]);
    expect(hasType(tree, 'texCommand')).toBe(false);
  });

  it('drops an unknown environment’s markers and options, keeping its text, with a warning', () => {
    const { reporter } = parse('\\begin{center}[h]{x}Centred text.\\end{center}');
    expect(reporter.warnings.map((w) => [w.rule, w.column])).toEqual([['tex-unknown-command', 1], ['tex-unknown-command', 34]]);
    expect(para('\\begin{center}[h]{x}Centred text.\\end{center}')).toEqual([{ type: 'text', value: 'Centred text.' }]);
  });

  it('never touches code spans, code blocks or math', () => {
    const { tree, reporter } = parse('`\\emph{x}` and $\\mathrm{d}x \\, y$ and\n\n```\n\\begin{itemize} \\foo\n```\n\n\\begin{equation}\\frac{a}{b}\\end{equation}');
    expect(reporter.diagnostics).toEqual([]);
    const s = shape(tree.children) as { children?: { value?: string }[]; value?: string }[];
    expect(s[0].children![0]).toEqual({ type: 'inlineCode', value: '\\emph{x}' });
    // Math is the math stage's: an inline formula and a display environment, their TeX intact.
    expect(s[0].children!.find((c) => (c as { type?: string }).type === 'inlineMath')?.value).toBe('\\mathrm{d}x \\, y');
    expect(s[1].value).toBe('\\begin{itemize} \\foo');
    expect(JSON.stringify(s[2])).toContain('\\\\frac{a}{b}');
  });

  it('\\section and its kin standing first in a paragraph are headings', () => {
    expect(shape(parse('\\section{Intro \\emph{x}}\\label{sec:a}\n\nText.\n\n\\subsection*{Sub}\nMore text.').tree.children)).toEqual([
      { type: 'heading', depth: 1, children: [{ type: 'text', value: 'Intro ' }, { type: 'emphasis', children: [{ type: 'text', value: 'x' }] }, { type: 'texLabel', label: 'sec:a' }] },
      { type: 'paragraph', children: [{ type: 'text', value: 'Text.' }] },
      { type: 'heading', depth: 2, children: [{ type: 'text', value: 'Sub' }] },
      { type: 'paragraph', children: [{ type: 'text', value: 'More text.' }] },
    ]);
  });

  it('quote and quotation become block quotes', () => {
    expect(shape(parse('\\begin{quote}\nQuoted \\emph{words}.\n\\end{quote}').tree.children)).toEqual([
      { type: 'blockquote', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Quoted ' }, { type: 'emphasis', children: [{ type: 'text', value: 'words' }] }, { type: 'text', value: '.' }] }] },
    ]);
  });

  it('itemize and enumerate become lists', () => {
    const s = shape(parse('\\begin{enumerate}\n\\item One \\emph{a}\n\\item Two\n\\end{enumerate}').tree.children) as unknown[];
    expect(s).toEqual([
      {
        type: 'list', ordered: true, start: 1, spread: false,
        children: [
          { type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'One ' }, { type: 'emphasis', children: [{ type: 'text', value: 'a' }] }] }] },
          { type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Two' }] }] },
        ],
      },
    ]);
  });

  it('description becomes a definition list, its items across paragraphs', () => {
    const s = shape(parse('\\begin{description}\n\\item[Term \\emph{a}] Text one.\n\nMore text.\n\\item[B] Two.\n\\end{description}').tree.children) as unknown[];
    expect(s).toEqual([
      {
        type: 'descriptionList',
        children: [
          { type: 'descriptionItem', children: [{ type: 'descriptionTerm', children: [{ type: 'text', value: 'Term ' }, { type: 'emphasis', children: [{ type: 'text', value: 'a' }] }] }, { type: 'descriptionDetails', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Text one.' }] }, { type: 'paragraph', children: [{ type: 'text', value: 'More text.' }] }] }] },
          { type: 'descriptionItem', children: [{ type: 'descriptionTerm', children: [{ type: 'text', value: 'B' }] }, { type: 'descriptionDetails', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Two.' }] }] }] },
        ],
      },
    ]);
  });

  it('keeps a \\label in an image’s alt text for the caption', () => {
    const img = (parse('![A caption.\\label{fig:a}](a.png)').tree.children[0] as { children: { alt?: string }[] }).children[0];
    expect(img.alt).toBe('A caption.\\label{fig:a}');
  });
});

describe('Pandoc fenced divs', () => {
  it('take the fence lines out, keep what they enclose, and mark ::: {#refs}', () => {
    const { tree } = parse('::: {.note}\nInside *note*.\n:::\n\n# References\n\n::: {#refs}\n:::\n');
    expect(shape(tree.children)).toEqual([
      { type: 'paragraph', children: [{ type: 'text', value: 'Inside ' }, { type: 'emphasis', children: [{ type: 'text', value: 'note' }] }, { type: 'text', value: '.' }] },
      { type: 'heading', depth: 1, children: [{ type: 'text', value: 'References' }] },
      { type: 'referencesPlace' },
    ]);
  });
});

describe('surnames', () => {
  it.each([
    ['Max P. Katz', 'Katz'],
    ['Serikbayeva A.T.', 'Serikbayeva'],
    ['Serikbayeva A. T.', 'Serikbayeva'],
    ['Katz, Max P.', 'Katz'],
    ['G. D. McBain', 'McBain'],
    ['Guido van Rossum', 'van Rossum'],
    ['Asma Najib', 'Najib'],
    ['Al Gore', 'Gore'],
    ['Maria de la Cruz', 'de la Cruz'],
    ['Martin Luther King, Jr.', 'King'],
    ['Садықов Т.С.', 'Садықов'],
    ['Plato', 'Plato'],
  ])('%s → %s', (name, want) => {
    expect(surname(name)).toBe(want);
  });
});

describe('running head text', () => {
  const width = (s: string) => s.length * 5;
  it('cuts the title at a word with an ellipsis to fit', () => {
    const head = fitHead('Katz et al. ', 'A very long title about many things indeed', 150, width);
    expect(width(head)).toBeLessThanOrEqual(150);
    expect(head).toMatch(/^Katz et al\. A very long title…$/);
  });
  it('keeps a head that fits whole', () => {
    expect(fitHead('Katz. ', 'Short', 150, width)).toBe('Katz. Short');
  });
});

describe('link targets', () => {
  it('percent-encodes what a URI may not hold, keeping what it may', () => {
    expect(encodeUri('https://doi.org/10.1002/(SICI)1097-4636(199712)37:4<450::AID-JBM4>3.0.CO;2-O')).toBe('https://doi.org/10.1002/(SICI)1097-4636(199712)37:4%3C450::AID-JBM4%3E3.0.CO;2-O');
    expect(encodeUri('https://x.org/a b{c}|d\\e^`"')).toBe('https://x.org/a%20b%7Bc%7D%7Cd%5Ce%5E%60%22');
    expect(encodeUri('https://x.org/%20ok%zz#a#b')).toBe('https://x.org/%20ok%25zz#a%23b');
    expect(encodeUri('https://kk.wikipedia.org/wiki/Абай')).toBe('https://kk.wikipedia.org/wiki/%D0%90%D0%B1%D0%B0%D0%B9');
  });
});

describe('references headings', () => {
  it.each(['References', '# no', 'REFERENCES', '5. References', 'References {-}', 'References {#refs .unnumbered}', 'Bibliography', 'Әдебиеттер тізімі', 'Список литературы', 'Әдебиеттер'])('%s', (h) => {
    expect(isReferencesHeading(h)).toBe(h !== '# no');
  });
});

const atoms = ['\\emph', '\\footnote', '\\url', '\\href', '{', '}', '[', ']', '\\cite', '{a,b}', '\\begin{itemize}', '\\begin{description}', '\\end{itemize}', '\\end{description}', '\\item', '\\item[x]', ' ', '\n', '\n\n', '*', '_', '`', '$', '~', '^', '\\\\', '\\,', '\\foo', 'word', ':::', '::: {#refs}', '\\section', '{\\bf', '\\label{x}', '\\ref{y}', '> ', '- ', '1. ', '[@k]', '<b>', '\\$', 'H~2~O'];
describe('any mix of TeX and Markdown', () => {
  it('never crashes and leaves no command node in the tree', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let k = 0; k < 1000; k++) {
    let s = '';
    const n = 1 + Math.floor(rnd() * 25);
    for (let i = 0; i < n; i++) s += atoms[Math.floor(rnd() * atoms.length)];
    const tree = parseWithinLimits(s, (line, column) => ({ file: 'a.md', line, column }), new Reporter());
    if (tree && hasType(tree, 'texCommand')) throw new Error(`texCommand left in: ${JSON.stringify(s)}`);
  }
  expect(true).toBe(true);
  });
});
