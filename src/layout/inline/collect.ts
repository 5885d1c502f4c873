/**
 * Collect: resolved inlines to flat runs of uniformly styled text, each knowing its face,
 * size, language, link and structure element. Nothing is measured yet.
 */
import type { Inline, Lang, SourcePos, TypesetMath } from '../../document/model.js';
import type { Structure } from '../structure.js';
import type { Face, MonoFace } from '../types.js';

export interface Run {
  text: string;
  face: Face;
  size: number;
  features: string[];
  /** Baseline shift upwards, in points (superscripts). */
  rise: number;
  lang: Lang;
  struct: number;
  link?: { dest?: string; url?: string };
  /** Code and URLs: no hyphenation, break only at safe points. */
  literal?: boolean;
  /** Destination anchored at the start of this run (first citation, note call). */
  anchor?: string;
  /** An inline formula: one box of its own width; `text` is its copy text (prepare fills it). */
  math?: TypesetMath;
  /** The horizontal scale that fits the copy text into the formula's width (prepare). */
  mathCopyScale?: number;
  /** Fill colour of a highlighted code token (#rrggbb). */
  color?: string;
  /** Drawn but not content (a wrapped code line's continuation mark). */
  artifact?: boolean;
  pos?: SourcePos;
}

export interface RunStyle {
  face: Face;
  size: number;
  lang: Lang;
  struct: number;
  features: string[];
  /** Whether the font has real small capitals (else they are faked with scaled capitals). */
  smallCaps: boolean;
  link?: Run['link'];
  rise?: number;
  /** Where each formula gets its own Formula structure element (under `struct`). */
  structure?: Structure;
  /** Inline code's size as a share of the text around it (the template's code size over its body size). */
  codeScale?: number;
}

const ITALIC: Record<Face, Face> = {
  regular: 'italic', italic: 'regular', bold: 'boldItalic', boldItalic: 'bold',
  mono: 'monoItalic', monoItalic: 'mono', monoBold: 'monoBoldItalic', monoBoldItalic: 'monoBold',
};
const BOLD: Record<Face, Face> = {
  regular: 'bold', italic: 'boldItalic', bold: 'bold', boldItalic: 'boldItalic',
  mono: 'monoBold', monoItalic: 'monoBoldItalic', monoBold: 'monoBold', monoBoldItalic: 'monoBoldItalic',
};
/** The monospaced face for code inside text set in `face` (bold code in a heading stays bold). */
export const MONO: Record<Face, MonoFace> = {
  regular: 'mono', italic: 'monoItalic', bold: 'monoBold', boldItalic: 'monoBoldItalic',
  mono: 'mono', monoItalic: 'monoItalic', monoBold: 'monoBold', monoBoldItalic: 'monoBoldItalic',
};
/** Inline code when the style gives no share: a little smaller than the text, as the default template. */
const CODE_SCALE = 0.875;

export function collectRuns(inlines: Inline[], style: RunStyle, out: Run[] = []): Run[] {
  for (const n of inlines) {
    const base = { face: style.face, size: style.size, features: style.features, rise: style.rise ?? 0, lang: style.lang, struct: style.struct, link: style.link, pos: n.pos };
    switch (n.type) {
      case 'text':
        out.push({ ...base, text: n.value });
        break;
      case 'code':
        // Monospaced, a little smaller; spaces inside still break like any space.
        out.push({ ...base, face: MONO[style.face], size: style.size * (style.codeScale ?? CODE_SCALE), text: n.value, literal: true });
        break;
      case 'break':
        out.push({ ...base, text: '\n' });
        break;
      case 'math': {
        const struct = style.structure ? style.structure.add('Formula', style.struct, { alt: n.tex }) : style.struct;
        out.push({ ...base, struct, text: n.typeset.copyText, math: n.typeset });
        break;
      }
      case 'emphasis':
        collectRuns(n.children, { ...style, face: ITALIC[style.face] }, out);
        break;
      case 'strong':
        collectRuns(n.children, { ...style, face: BOLD[style.face] }, out);
        break;
      case 'smallcaps':
        if (style.smallCaps) collectRuns(n.children, { ...style, features: [...style.features, 'smcp'] }, out);
        else collectRuns(upper(n.children), { ...style, size: style.size * 0.8 }, out);
        break;
      case 'superscript':
        collectRuns(n.children, { ...style, size: style.size * 0.65, rise: (style.rise ?? 0) + style.size * 0.35 }, out);
        break;
      case 'subscript':
        collectRuns(n.children, { ...style, size: style.size * 0.65, rise: (style.rise ?? 0) - style.size * 0.12 }, out);
        break;
      case 'link': {
        const start = out.length;
        collectRuns(n.children, { ...style, link: { url: n.url } }, out);
        // A visible URL breaks only at safe points and is never hyphenated.
        for (let i = start; i < out.length; i++) if (/^[a-z]+:\/\//i.test(out[i].text) || out[i].text.includes('/')) out[i].literal = true;
        break;
      }
      case 'citation': {
        const start = out.length;
        collectRuns(n.children, { ...style, link: { dest: n.targets[0] } }, out);
        if (out[start]) out[start].anchor = n.id;
        break;
      }
      case 'noteref':
        out.push({ ...base, text: n.label, size: style.size * 0.65, rise: style.size * 0.35, link: { dest: n.noteId }, anchor: `${n.noteId}-ref` });
        break;
      case 'lang':
        collectRuns(n.children, { ...style, lang: n.lang }, out);
        break;
    }
  }
  return out;
}

function upper(nodes: Inline[]): Inline[] {
  return nodes.map((n) => (n.type === 'text' ? { ...n, value: n.value.toUpperCase() } : 'children' in n ? { ...n, children: upper(n.children) } as Inline : n));
}
