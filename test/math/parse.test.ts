/** TeX math in the parse stage: pandoc's dollar rule, display math, pasted environments, labels. */
import type { Root } from 'mdast';
import type { Node, Parent } from 'unist';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/manuscript/parse.js';
import { displayData, mathData } from '../../src/manuscript/math.js';

function all(tree: Root, type: string): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => {
    if (n.type === type) out.push(n);
    for (const c of (n as Parent).children ?? []) walk(c);
  };
  walk(tree);
  return out;
}
const inline = (md: string) => all(parseMarkdown(md), 'inlineMath').map((n) => (n as Node & { value: string }).value);
const display = (md: string) => all(parseMarkdown(md), 'math').map((n) => mathData(n)!);
const text = (md: string) => all(parseMarkdown(md), 'text').map((n) => (n as Node & { value: string }).value).join('');

describe('inline math', () => {
  it('reads $…$ as math', () => {
    expect(inline('The system $Ax=b$ and $H(\\mathrm{div})$-conforming.')).toEqual(['Ax=b', 'H(\\mathrm{div})']);
  });

  it('leaves prices as text, as pandoc does', () => {
    expect(inline('It costs $5 and $10 today.')).toEqual([]);
    expect(text('It costs $5 and $10 today.')).toBe('It costs $5 and $10 today.');
    expect(inline('Between $20 and $30, or $ x$.')).toEqual([]);
    // A closing $ followed by a digit does not close.
    expect(inline('From $x$3 on')).toEqual([]);
  });

  it('keeps an escaped dollar and code as they are', () => {
    expect(inline('A \\$5 note and `$x$` in code.')).toEqual([]);
  });

  it('does not disturb citations beside math', () => {
    const tree = parseMarkdown('As shown $x^2$ [@doe2020, p. 3] and @roe.');
    expect(all(tree, 'citation').length).toBe(2);
    expect(all(tree, 'inlineMath').length).toBe(1);
  });
});

describe('display math', () => {
  it('reads $$…$$ with pandoc-crossref’s label after it, on one line or on its own lines', () => {
    expect(display('$$ E = mc^2 $$ {#eq:energy}')).toMatchObject([{ tex: 'E = mc^2', label: 'eq:energy', numbered: true }]);
    const two = parseMarkdown('$$\na = b\n$$ {#eq:ab}\n\nNext paragraph.');
    expect(all(two, 'math').map((n) => mathData(n))).toMatchObject([{ tex: 'a = b', label: 'eq:ab', numbered: true }]);
    // The label did not swallow the rest of the file.
    expect(all(two, 'paragraph').length).toBe(1);
  });

  it('leaves $$…$$ without a label unnumbered', () => {
    expect(display('$$\nx + y\n$$')).toMatchObject([{ tex: 'x + y', numbered: false }]);
    expect(display('$$\nx + y\n$$')[0].label).toBeUndefined();
  });

  it('splits a paragraph around $$…$$ in its middle', () => {
    const tree = parseMarkdown('We have\n$$ a = b $$\nand so on.');
    expect(tree.children.map((c) => c.type)).toEqual(['paragraph', 'math', 'paragraph']);
  });

  it('makes pasted LaTeX environments display math, with \\label as their label', () => {
    const md = '\\begin{equation}\na_1 = \\frac{b}{c} \\label{eq:a}\n\\end{equation}\n\n\\begin{align*}\na &= b \\\\\nc &= d\n\\end{align*}\n\n\\begin{eqnarray}\nx &=& y\n\\end{eqnarray}';
    const d = display(md);
    expect(d.map((x) => x.numbered)).toEqual([true, false, true]);
    expect(d[0]).toMatchObject({ label: 'eq:a', tex: 'a_1 = \\frac{b}{c}' });
    // The TeX as written, not as Markdown would unescape it (\\ stays \\).
    expect(d[1].tex).toContain('\\\\');
    for (const env of ['gather', 'multline', 'equation*']) expect(display(`\\begin{${env}}\nx\n\\end{${env}}`).length).toBe(1);
  });

  it('reads an environment inside $$ and \\tag', () => {
    expect(display('$$\n\\begin{equation}\nx \\label{eq:in}\n\\end{equation}\n$$')).toMatchObject([{ label: 'eq:in', numbered: true, tex: 'x' }]);
    expect(displayData('\\begin{equation*} x \\tag{A} \\end{equation*}', undefined)).toMatchObject({ numbered: true, tag: 'A' });
    expect(displayData('\\begin{equation} x \\nonumber \\end{equation}', undefined).numbered).toBe(false);
  });

  it('keeps a paragraph that only mentions an environment as text', () => {
    expect(display('Use \\begin{equation} in LaTeX, closed by \\end{equation}.')).toEqual([]);
  });
});

describe('the math engine on hostile TeX', () => {
  it('never throws, and sets what it cannot read as text without TeX commands', async () => {
    const { typesetTex, MAX_TEX } = await import('../../src/math/engine.js');
    const cases = ['{'.repeat(3000) + 'x' + '}'.repeat(3000), 'a + {b', '\\def\\a{\\a\\a}\\a', 'x'.repeat(MAX_TEX + 1), '\\begin{align} a & b'];
    for (const tex of cases) {
      const r = typesetTex(tex, false);
      expect(r.error).toBeTruthy();
      expect(r.shapes.length).toBeGreaterThan(0);
      expect(r.copyText).not.toMatch(/\\[a-z]/);
      expect(r.mathml.slice(0, 200)).toMatch(/^<math\b[^>]*\balttext="/);
    }
  }, 30_000);
});

describe('rows of numbered environments', () => {
  it('reads each row’s label, \\tag and \\nonumber in align, and ignores \\\\ inside braces and inner environments', () => {
    const d = displayData('\\begin{align}\na &= \\frac{1}{2} \\label{eq:a} \\\\\nb &= \\begin{cases} 1 \\\\ 2 \\end{cases} \\nonumber \\\\\nc &= d \\tag{T}\n\\end{align}', undefined);
    expect(d.rows).toEqual([{ label: 'eq:a', numbered: true }, { numbered: false }, { numbered: true, tag: 'T' }]);
    // One row (a trailing \\ makes none): one number, as equation.
    const one = displayData('\\begin{align}\na &= b \\\\\n\\end{align}', undefined);
    expect([one.numbered, one.rows]).toEqual([true, undefined]);
    expect(displayData('\\begin{align*}\na &= b \\\\ c &= d\n\\end{align*}', undefined).rows).toBeUndefined();
  });
});
