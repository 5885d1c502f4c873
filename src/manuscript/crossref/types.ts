/**
 * mdast nodes for LaTeX cross-references pasted into Markdown: `\ref{x}`, `\autoref{x}`,
 * `\eqref{x}` (and `\cref`, `\Cref`) make a `crossRef`, `\label{x}` a `texLabel`.
 * The parse stage makes them (src/manuscript/tex/); resolve gives them their number.
 */
import type { Node } from 'unist';

/** How the reference is printed: the bare number, the number with its kind ("Figure 2"), or "(3)". */
export type CrossRefForm = 'ref' | 'autoref' | 'eqref';

export interface CrossRef extends Node {
  type: 'crossRef';
  label: string;
  form: CrossRefForm;
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
