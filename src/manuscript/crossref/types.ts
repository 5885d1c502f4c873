/**
 * mdast node types for cross-references written the LaTeX way, and their module
 * augmentation. The raw-TeX transform makes them from `\ref{x}`, `\autoref{x}`,
 * `\eqref{x}` (crossRef) and `\label{x}` (texLabel); resolve (document/resolve/crossrefs.ts)
 * gives them their meaning: a label names the figure, table or heading it sits in, and a
 * reference prints that thing's number in the article's language.
 */
import type { Node } from 'unist';

export interface CrossRef extends Node {
  type: 'crossRef';
  /** The label as written, without prefix rules: `fig:a`, `generation`. */
  label: string;
  /** `\ref` prints the number, `\autoref` the name and the number, `\eqref` "(n)". */
  form: 'ref' | 'autoref' | 'eqref';
}

export interface TexLabel extends Node {
  type: 'texLabel';
  label: string;
}

declare module 'mdast' {
  interface PhrasingContentMap {
    crossRef: CrossRef;
    texLabel: TexLabel;
  }
  interface RootContentMap {
    crossRef: CrossRef;
    texLabel: TexLabel;
  }
}
