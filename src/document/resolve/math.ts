/**
 * Math in resolve: each formula is typeset once here by the math engine (src/math/), and
 * display formulas get their anchor id and, when numbered, their number in the article.
 * A command the engine does not know, or a TeX error, is a warning at its place; the
 * formula is still set.
 */
import type { Node } from 'unist';
import type { MathBlock, MathInline, SourcePos } from '../model.js';
import { mathData } from '../../manuscript/math.js';
import { typesetTex } from '../../math/engine.js';
import type { ResolveContext } from './context.js';

export function resolveInlineMath(node: Node & { value: string }, pos: SourcePos, ctx: ResolveContext): MathInline {
  const tex = node.value;
  const set = typesetTex(tex, false);
  report(set, tex, { line: pos.line, column: pos.column + 1 }, pos, ctx);
  return { type: 'math', tex, typeset: strip(set), pos };
}

export function resolveDisplayMath(node: Node & { value: string }, pos: SourcePos, ctx: ResolveContext): MathBlock {
  const data = mathData(node) ?? { tex: node.value, source: node.value, numbered: false };
  const eq = (ctx.equations ??= { count: 0, number: 0, labels: new Set() });
  eq.count++;
  const set = typesetTex(data.tex, true);
  report(set, data.source, data.at ?? pos, pos, ctx);
  const block: MathBlock = { type: 'math', display: true, tex: data.source, id: `${ctx.slug}-eq-${eq.count}`, typeset: strip(set), pos };
  if (data.label) {
    if (eq.labels.has(data.label)) ctx.reporter.warn(`Equation label ‘${data.label}’ is used twice in the article`, 'math-label-duplicate', pos);
    eq.labels.add(data.label);
    block.label = data.label;
  }
  if (data.rows && set.rows && set.rows.length === data.rows.length) {
    // Row by row, as LaTeX numbers align: every numbered row its number and anchor.
    const rows: NonNullable<MathBlock['rows']> = [];
    data.rows.forEach((r, i) => {
      if (!r.numbered) return;
      const number = r.tag ?? String(++eq.number);
      rows.push({ row: i, number, ...(r.label ? { label: r.label } : {}), id: '' });
    });
    const main = rows.find((r) => r.label) ?? rows[0];
    // The block's anchor is its main row's; the other rows get their own.
    rows.forEach((r, k) => (r.id = r === main ? block.id : `${block.id}-${k + 1}`));
    for (const r of rows) {
      if (!r.label || r.label === data.label) continue;
      if (eq.labels.has(r.label)) ctx.reporter.warn(`Equation label ‘${r.label}’ is used twice in the article`, 'math-label-duplicate', pos);
      eq.labels.add(r.label);
    }
    if (main) {
      block.number = main.number;
      if (main.label) block.label = main.label;
      else delete block.label;
      block.rows = rows;
    }
    return block;
  }
  if (data.numbered) block.number = data.tag ?? String(++eq.number);
  return block;
}

/** The model keeps what renderers read; the engine's diagnostics stay here. */
function strip(r: ReturnType<typeof typesetTex>): MathInline['typeset'] {
  return { width: r.width, height: r.height, depth: r.depth, shapes: r.shapes, mathml: r.mathml, copyText: r.copyText, ...(r.rows ? { rows: r.rows } : {}) };
}

function report(r: ReturnType<typeof typesetTex>, source: string, at: { line: number; column: number }, pos: SourcePos, ctx: ResolveContext): void {
  for (const name of r.unknown) {
    const i = source.indexOf(`\\${name}`);
    ctx.reporter.warn(`Unknown TeX command \\${name} in a formula: set as its name, in red`, 'math-unknown-command', i < 0 ? pos : { file: pos.file, ...offsetIn(source, i, at) });
  }
  if (r.error && !r.unknown.length) ctx.reporter.warn(`TeX error in a formula: ${r.error}; the formula is set as its source`, 'math-error', { file: pos.file, line: at.line, column: at.column });
}

function offsetIn(source: string, i: number, at: { line: number; column: number }): { line: number; column: number } {
  const before = source.slice(0, i);
  const nl = before.lastIndexOf('\n');
  return nl < 0 ? { line: at.line, column: at.column + i } : { line: at.line + before.split('\n').length - 1, column: i - nl };
}
