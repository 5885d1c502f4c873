/**
 * The math engine: TeX to what both renderers need, typeset once by MathJax 3 (TeX input,
 * SVG output without a font cache, the lite DOM adaptor, all synchronous):
 * - the glyph outlines and rules as vector shapes with the box's width, height and depth,
 *   for layout and the PDF painter;
 * - MathML, for the EPUB.
 *
 * MathJax is loaded on the first formula only (require, so it stays synchronous): an issue
 * without math never pays for it. Results are cached by TeX and display style.
 */
import { createRequire } from 'node:module';
import type { MathShape, TypesetMath } from '../document/model.js';

export interface EngineResult extends TypesetMath {
  /** Commands MathJax does not know (set in red by its noundefined package), without the backslash. */
  unknown: string[];
  /** A TeX error MathJax reported (unbalanced braces, misplaced &): the source is then set as text. */
  error?: string;
}

interface LiteNode {
  kind: string;
}
interface Adaptor {
  kind(n: LiteNode): string;
  childNodes(n: LiteNode): LiteNode[];
  getAttribute(n: LiteNode, name: string): string | undefined | null;
  textContent(n: LiteNode): string;
}
interface MmlNodeLike {
  isToken: boolean;
  isKind(kind: string): boolean;
  kind: string;
  childNodes: MmlNodeLike[];
  attributes: { get(name: string): unknown; getExplicit(name: string): unknown };
  getText?(): string;
}
interface MathItemLike {
  root: MmlNodeLike;
  typesetRoot: LiteNode;
  setMetrics(em: number, ex: number, cwidth: number, lwidth: number, scale: number): void;
  convert(doc: unknown): void;
}
interface Engine {
  adaptor: Adaptor;
  typeset(tex: string, display: boolean): MathItemLike;
  serialize(root: MmlNodeLike): string;
  errors: string[];
}

let engine: Engine | null = null;

/** Whether MathJax has been loaded in this process (an issue without math never loads it). */
export function engineLoaded(): boolean {
  return engine !== null;
}

function load(): Engine {
  if (engine) return engine;
  const require = createRequire(import.meta.url);
  const { mathjax } = require('mathjax-full/js/mathjax.js');
  const { TeX } = require('mathjax-full/js/input/tex.js');
  const { SVG } = require('mathjax-full/js/output/svg.js');
  const { liteAdaptor } = require('mathjax-full/js/adaptors/liteAdaptor.js');
  const { RegisterHTMLHandler } = require('mathjax-full/js/handlers/html.js');
  const { AllPackages } = require('mathjax-full/js/input/tex/AllPackages.js');
  const { SerializedMmlVisitor } = require('mathjax-full/js/core/MmlTree/SerializedMmlVisitor.js');
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  const errors: string[] = [];
  // No autoload or require (they load files asynchronously), no noerrors (we want the message).
  const packages = (AllPackages as string[]).filter((p) => p !== 'autoload' && p !== 'require' && p !== 'noerrors');
  const tex = new TeX({
    packages,
    noundefined: { color: UNKNOWN_COLOUR },
    formatError: (jax: { formatError(e: Error): unknown }, err: Error) => {
      errors.push(err.message);
      return jax.formatError(err);
    },
  });
  const svg = new SVG({ fontCache: 'none' });
  const doc = mathjax.document('', { InputJax: tex, OutputJax: svg });
  const visitor = new SerializedMmlVisitor();
  const MathItem = doc.options.MathItem as new (math: string, jax: unknown, display: boolean) => MathItemLike;
  engine = {
    adaptor,
    errors,
    typeset(source: string, display: boolean) {
      const item = new MathItem(source, tex, display);
      // 1 em = 1000 units; the container width only matters for tags, which Baspa sets itself.
      item.setMetrics(16, 8, 1e6, 1e6, 1);
      item.convert(doc);
      return item;
    },
    serialize: (root) => visitor.visitTree(root),
  };
  return engine;
}

const cache = new Map<string, EngineResult>();

/** The longest TeX typeset; a longer one is set as its source, with a warning. */
export const MAX_TEX = 8000;

/** The colour of an unknown command's name: MathJax's red, dark enough for WCAG's 4.5:1 (Ace). */
const UNKNOWN_COLOUR = '#C00000';

/** Typesets `tex` (without its $ delimiters). Never throws: a formula MathJax cannot read is set as its source. */
export function typesetTex(tex: string, display: boolean): EngineResult {
  const key = `${display ? 'D' : 'I'}${tex}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let result: EngineResult;
  try {
    // MathJax's time grows faster than the formula (5,000 terms: 18 s); no real one is this long.
    if (tex.length > MAX_TEX) throw new Error(`the formula is longer than ${MAX_TEX} characters`);
    const e = load();
    e.errors.length = 0;
    const item = e.typeset(tex, display);
    const unknown = unknownCommands(item.root);
    // The EPUB's text holds no TeX command: an unknown one is its name, in dark red.
    let mathml = withAltText(e.serialize(item.root), tex);
    for (const name of unknown) mathml = mathml.split(`<mtext mathcolor="${UNKNOWN_COLOUR}">\\${name}</mtext>`).join(`<mtext mathcolor="${UNKNOWN_COLOUR}">${name}</mtext>`);
    const shapes = svgShapes(e.adaptor, item.typesetRoot);
    result = { ...shapes, mathml, copyText: linearText(item.root), unknown, error: e.errors[0] };
  } catch (err) {
    // MathJax's own bugs: the source as text rather than a crash.
    result = {
      width: tex.length * 0.5, height: 0.7, depth: 0.2,
      shapes: [{ kind: 'text', text: tex, x: 0, y: 0, size: 1, italic: false }],
      mathml: `<math xmlns="http://www.w3.org/1998/Math/MathML" alttext="${escapeAttr(tex)}"${display ? ' display="block"' : ''}><mtext>${escapeText(tex)}</mtext></math>`,
      copyText: tex.replace(/\\/g, ''), unknown: [], error: err instanceof Error ? err.message : String(err),
    };
  }
  cache.set(key, result);
  return result;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/[\n\r\t]/g, ' ');
}
function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** MathML on one line, with the TeX as its alttext (EPUB readers and Ace read it). */
function withAltText(mathml: string, tex: string): string {
  const oneLine = mathml.replace(/>\s*\n\s*</g, '><').trim();
  return oneLine.replace(/^<math\b/, `<math alttext="${escapeAttr(tex)}"`);
}

function unknownCommands(root: MmlNodeLike): string[] {
  const out: string[] = [];
  walkMml(root, (n) => {
    if (n.isKind('mtext') && n.attributes.getExplicit('mathcolor') === UNKNOWN_COLOUR) {
      const t = tokenText(n);
      if (t.startsWith('\\')) out.push(t.slice(1));
    }
  });
  return out;
}

function walkMml(n: MmlNodeLike, f: (n: MmlNodeLike) => void): void {
  f(n);
  for (const c of n.childNodes ?? []) if (c && typeof c === 'object' && 'isKind' in c) walkMml(c, f);
}

function tokenText(n: MmlNodeLike): string {
  if (typeof n.getText === 'function') return n.getText();
  return (n.childNodes ?? []).map((c) => tokenText(c)).join('');
}

/**
 * A plain linear reading of the formula (x^2, a/b, √x, symbols as Unicode), which the PDF
 * carries as its text: copy and search find it, and no TeX command is printed as text.
 */
function linearText(root: MmlNodeLike): string {
  const group = (s: string) => (s.length > 1 ? `(${s})` : s);
  const lin = (n: MmlNodeLike): string => {
    if (n.isToken) return n.isKind('mspace') ? ' ' : tokenText(n);
    const kids = (n.childNodes ?? []).filter(Boolean);
    const k = (i: number) => (kids[i] ? lin(kids[i]) : '');
    switch (n.kind) {
      case 'msup': return `${k(0)}^${group(k(1))}`;
      case 'msub': return `${k(0)}_${group(k(1))}`;
      case 'msubsup': case 'munderover': return `${k(0)}_${group(k(1))}^${group(k(2))}`;
      case 'munder': return `${k(0)}_${group(k(1))}`;
      case 'mover': return `${k(0)}^${group(k(1))}`;
      case 'mfrac': return `${group(k(0))}/${group(k(1))}`;
      case 'msqrt': return `√${group(kids.map(lin).join(''))}`;
      case 'mroot': return `√${group(k(0))}`;
      case 'mtr': case 'mlabeledtr': return kids.map(lin).join(' ') + '; ';
      default: return kids.map(lin).join('');
    }
  };
  // No backslash either: an unknown command is set as its name, not printed as TeX.
  return lin(root).replace(/[\u2061-\u2063\\]/g, '').replace(/\s+/g, ' ').replace(/;\s*$/, '').trim();
}

// ---------------------------------------------------------------------------
// MathJax's SVG to flat shapes, in em, origin at the left end of the baseline, y downwards.

type Matrix = [number, number, number, number, number, number];
const mul = (p: Matrix, q: Matrix): Matrix => [
  p[0] * q[0] + p[2] * q[1], p[1] * q[0] + p[3] * q[1],
  p[0] * q[2] + p[2] * q[3], p[1] * q[2] + p[3] * q[3],
  p[0] * q[4] + p[2] * q[5] + p[4], p[1] * q[4] + p[3] * q[5] + p[5],
];

function parseTransform(t: string | null | undefined): Matrix {
  let m: Matrix = [1, 0, 0, 1, 0, 0];
  if (!t) return m;
  for (const [, op, args] of t.matchAll(/(\w+)\s*\(([^)]*)\)/g)) {
    const v = args.split(/[\s,]+/).filter(Boolean).map(Number);
    let q: Matrix = [1, 0, 0, 1, 0, 0];
    if (op === 'translate') q = [1, 0, 0, 1, v[0] ?? 0, v[1] ?? 0];
    else if (op === 'scale') q = [v[0] ?? 1, 0, 0, v[1] ?? v[0] ?? 1, 0, 0];
    else if (op === 'matrix' && v.length === 6) q = v as Matrix;
    else if (op === 'rotate') {
      const a = ((v[0] ?? 0) * Math.PI) / 180;
      q = [Math.cos(a), Math.sin(a), -Math.sin(a), Math.cos(a), 0, 0];
    }
    m = mul(m, q);
  }
  return m;
}

const round = (v: number) => Math.round(v * 1e5) / 1e5;

function svgShapes(adaptor: Adaptor, container: LiteNode): Pick<TypesetMath, 'width' | 'height' | 'depth' | 'shapes' | 'rows'> {
  const svg = adaptor.childNodes(container).find((n) => adaptor.kind(n) === 'svg') ?? container;
  const vb = (adaptor.getAttribute(svg, 'viewBox') ?? '0 0 0 0').split(/\s+/).map(Number);
  const [minX, minY, w, h] = vb;
  const shapes: MathShape[] = [];
  const rows: number[] = [];
  const root: Matrix = [1 / 1000, 0, 0, 1 / 1000, -minX / 1000, 0];
  const colour = (n: LiteNode, inherited: string | undefined) => {
    const f = adaptor.getAttribute(n, 'fill');
    return f && f !== 'currentColor' && f !== 'none' ? f : inherited;
  };
  const walk = (n: LiteNode, m: Matrix, color: string | undefined, tables = 0) => {
    const kind = adaptor.kind(n);
    if (kind === '#text' || kind === '#comment' || kind === 'title') return;
    const here = mul(m, parseTransform(adaptor.getAttribute(n, 'transform')));
    const node = adaptor.getAttribute(n, 'data-mml-node');
    // The rows of the outermost table: their baselines carry the row numbers.
    if ((node === 'mtr' || node === 'mlabeledtr') && tables === 1) rows.push(round(here[5]));
    const inTables = node === 'mtable' ? tables + 1 : tables;
    const c = colour(n, color);
    const mat = here.map(round) as Matrix;
    switch (kind) {
      case 'path': {
        const d = adaptor.getAttribute(n, 'd');
        if (d) shapes.push({ kind: 'path', d: absolutePath(d), m: mat, ...(c ? { color: c } : {}) });
        return;
      }
      case 'rect': {
        // Backgrounds (merror, \colorbox) would print as black boxes: the colour is CSS's.
        if (adaptor.getAttribute(n, 'data-background')) return;
        const num = (a: string) => Number(adaptor.getAttribute(n, a) ?? 0);
        shapes.push({ kind: 'rect', x: num('x'), y: num('y'), w: num('width'), h: num('height'), m: mat, ...(c ? { color: c } : {}) });
        return;
      }
      case 'line': {
        const num = (a: string) => Number(adaptor.getAttribute(n, a) ?? 0);
        const sw = Number(adaptor.getAttribute(n, 'stroke-width') ?? 50);
        shapes.push({ kind: 'line', x1: num('x1'), y1: num('y1'), x2: num('x2'), y2: num('y2'), width: sw, m: mat, ...(c ? { color: c } : {}) });
        return;
      }
      case 'text': {
        // Characters MathJax's fonts lack (Cyrillic in \text{}): layout sets them in the body face.
        const size = parseFloat(adaptor.getAttribute(n, 'font-size') ?? '1000') / 1000;
        const variant = adaptor.getAttribute(n, 'data-variant') ?? '';
        const scaleY = Math.hypot(here[2], here[3]) * 1000;
        shapes.push({
          kind: 'text', text: adaptor.textContent(n), x: round(here[4]), y: round(here[5]), size: round(size * scaleY),
          italic: /italic/.test(variant), ...(/bold/.test(variant) ? { bold: true } : {}), ...(c ? { color: c } : {}),
        });
        return;
      }
      default:
        for (const child of adaptor.childNodes(n)) walk(child, here, c, inTables);
    }
  };
  for (const child of adaptor.childNodes(svg)) walk(child, root, undefined);
  return { width: round(w / 1000), height: round(-minY / 1000), depth: round((h + minY) / 1000), shapes: mergeText(shapes), ...(rows.length ? { rows } : {}) };
}

/**
 * MathJax places each character its fonts lack on its own, 0.6 em apart (it cannot measure
 * them): the characters of one piece of text are joined again, so the body face sets them
 * with its own widths and kerning; a gap wider than that guess is a space.
 */
function mergeText(shapes: MathShape[]): MathShape[] {
  const out: MathShape[] = [];
  for (const s of shapes) {
    const prev = out[out.length - 1];
    if (s.kind === 'text' && prev?.kind === 'text' && Math.abs(prev.y - s.y) < 1e-3 && prev.size === s.size && prev.italic === s.italic && prev.bold === s.bold && prev.color === s.color && s.x > prev.x) {
      const guess = prev.x + [...prev.text].length * 0.6 * (s.size / 0.884);
      out[out.length - 1] = { ...prev, text: prev.text + (s.x - guess > 0.1 * s.size ? ' ' : '') + s.text };
    } else out.push(s);
  }
  return out;
}

/**
 * An SVG path in absolute M, L, Q, C and Z only. MathJax's glyphs chain smooth quadratics
 * (T), which pdfkit's path parser reflects wrongly after the first; this keeps the painter
 * to the plain commands every PDF path has.
 */
export function absolutePath(d: string): string {
  const tokens = d.match(/[a-zA-Z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) ?? [];
  const out: string[] = [];
  let i = 0;
  let cmd = '';
  let x = 0, y = 0, sx = 0, sy = 0;
  // The last quadratic control point (for T) and cubic second control point (for S).
  let qx: number | null = null, qy: number | null = null, cx2: number | null = null, cy2: number | null = null;
  const num = () => Number(tokens[i++]);
  const f = (v: number) => String(Math.round(v * 1000) / 1000);
  while (i < tokens.length) {
    if (/[a-zA-Z]/.test(tokens[i])) cmd = tokens[i++];
    else if (!cmd) break;
    const rel = cmd === cmd.toLowerCase();
    const ox = rel ? x : 0, oy = rel ? y : 0;
    switch (cmd.toUpperCase()) {
      case 'M': {
        x = ox + num(); y = oy + num(); sx = x; sy = y;
        out.push(`M${f(x)} ${f(y)}`);
        cmd = rel ? 'l' : 'L';
        qx = qy = cx2 = cy2 = null;
        continue;
      }
      case 'L': x = ox + num(); y = oy + num(); out.push(`L${f(x)} ${f(y)}`); qx = qy = cx2 = cy2 = null; break;
      case 'H': x = ox + num(); out.push(`L${f(x)} ${f(y)}`); qx = qy = cx2 = cy2 = null; break;
      case 'V': y = oy + num(); out.push(`L${f(x)} ${f(y)}`); qx = qy = cx2 = cy2 = null; break;
      case 'Q': {
        const x1 = ox + num(), y1 = oy + num();
        x = ox + num(); y = oy + num();
        out.push(`Q${f(x1)} ${f(y1)} ${f(x)} ${f(y)}`);
        qx = x1; qy = y1; cx2 = cy2 = null;
        break;
      }
      case 'T': {
        const x1: number = qx === null ? x : 2 * x - qx, y1: number = qy === null ? y : 2 * y - qy!;
        x = ox + num(); y = oy + num();
        out.push(`Q${f(x1)} ${f(y1)} ${f(x)} ${f(y)}`);
        qx = x1; qy = y1; cx2 = cy2 = null;
        break;
      }
      case 'C': {
        const x1 = ox + num(), y1 = oy + num(), x2 = ox + num(), y2 = oy + num();
        x = ox + num(); y = oy + num();
        out.push(`C${f(x1)} ${f(y1)} ${f(x2)} ${f(y2)} ${f(x)} ${f(y)}`);
        cx2 = x2; cy2 = y2; qx = qy = null;
        break;
      }
      case 'S': {
        const x1 = cx2 === null ? x : 2 * x - cx2, y1 = cy2 === null ? y : 2 * y - cy2!;
        const x2 = ox + num(), y2 = oy + num();
        x = ox + num(); y = oy + num();
        out.push(`C${f(x1)} ${f(y1)} ${f(x2)} ${f(y2)} ${f(x)} ${f(y)}`);
        cx2 = x2; cy2 = y2; qx = qy = null;
        break;
      }
      case 'Z': x = sx; y = sy; out.push('Z'); qx = qy = cx2 = cy2 = null; continue;
      default:
        // Arcs do not occur in MathJax's fonts; skip their numbers rather than misdraw.
        i += 7;
    }
  }
  return out.join('');
}
