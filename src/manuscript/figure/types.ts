/**
 * mdast node types the figure transform (figure/index.ts) makes, and their module
 * augmentation: a `figure` is an image standing as a block, its caption parsed as full
 * Markdown into its children (so citations in it are visited where the figure stands); a
 * `tableCaption` is pandoc's `Table: …` / `: …` paragraph, moved right before its table.
 */
import type { Parent, Position } from 'unist';
import type { PhrasingContent } from 'mdast';

/** Pandoc attributes `{#id .class key=value}`, as written. */
export interface Attributes {
  id?: string;
  classes: string[];
  /** In the order written; a repeated key keeps its last value. */
  keyValues: Record<string, string>;
  position?: Position;
}

export interface Figure extends Parent {
  type: 'figure';
  url: string;
  /** The alternative text as mdast gives it (the caption's plain text). */
  alt: string;
  title?: string | null;
  attributes?: Attributes;
  /** The caption: the image's alt text parsed as Markdown (empty when there is none). */
  children: PhrasingContent[];
}

export interface TableCaption extends Parent {
  type: 'tableCaption';
  attributes?: Attributes;
  children: PhrasingContent[];
}

declare module 'mdast' {
  interface BlockContentMap {
    figure: Figure;
    tableCaption: TableCaption;
  }
  interface RootContentMap {
    figure: Figure;
    tableCaption: TableCaption;
  }
  interface HeadingData {
    /** `# Title {#sec:id .unnumbered}` */
    attributes?: Attributes;
  }
}
