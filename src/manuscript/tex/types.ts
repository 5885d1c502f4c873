/**
 * mdast nodes of the raw-TeX stage (src/manuscript/tex/): the `texCommand` the micromark
 * extension makes for every `\command` (transform.ts turns each into Markdown's own nodes
 * and none is left in the tree), and the nodes LaTeX has and mdast lacks: small caps and
 * `description` lists.
 */
import type { BlockContent, PhrasingContent } from 'mdast';
import type { Node, Parent, Position } from 'unist';

/** One `\command` as written: `\href{u}` has name `href` and verbatim args `['u']`. */
export interface TexCommand extends Node {
  type: 'texCommand';
  /** Letters (`emph`) or the one symbol of a control symbol (`,`, ` `, `\`). */
  name: string;
  star: boolean;
  /** `[…]` and `{…}` groups read verbatim (URLs, keys, labels, environment names). */
  options: string[];
  args: string[];
  /** The source text, for math, where the command is left as it was. */
  raw: string;
  /** The same as `raw`, so that mdast-util-to-string (an image's alt text) keeps the command. */
  value: string;
}

export interface SmallCaps extends Parent {
  type: 'smallCaps';
  children: PhrasingContent[];
}

/** `\begin{description} \item[term] text … \end{description}`. */
export interface DescriptionList extends Parent {
  type: 'descriptionList';
  children: DescriptionItem[];
}
export interface DescriptionItem extends Parent {
  type: 'descriptionItem';
  /** The term first, then the details. */
  children: [DescriptionTerm, DescriptionDetails];
}
export interface DescriptionTerm extends Parent {
  type: 'descriptionTerm';
  children: PhrasingContent[];
}
export interface DescriptionDetails extends Parent {
  type: 'descriptionDetails';
  children: BlockContent[];
}

/** A warning found while parsing, reported by parse.ts with the file's name. */
export interface TexMessage {
  message: string;
  rule: string;
  position?: Position;
}

declare module 'mdast' {
  interface PhrasingContentMap {
    texCommand: TexCommand;
    smallCaps: SmallCaps;
  }
  interface BlockContentMap {
    descriptionList: DescriptionList;
  }
  interface RootContentMap {
    texCommand: TexCommand;
    smallCaps: SmallCaps;
    descriptionList: DescriptionList;
    descriptionItem: DescriptionItem;
    descriptionTerm: DescriptionTerm;
    descriptionDetails: DescriptionDetails;
  }
  interface RootData {
    /** Warnings of the raw-TeX transform, reported by parse.ts. */
    texMessages?: TexMessage[];
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    texCommand: 'texCommand';
  }
}
