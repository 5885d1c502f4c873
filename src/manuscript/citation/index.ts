/**
 * Pandoc citation syntax for remark: `[see @doe99, p. 3; -@roe]`, `@doe99 [ch. 2]`.
 *
 * Built like remark-gfm's parts: a micromark syntax extension (`citationSyntax`), an
 * mdast-util-from-markdown extension (`citationFromMarkdown`), an
 * mdast-util-to-markdown extension (`citationToMarkdown`), and the remark plugin
 * `remarkCitations` that registers all three.
 */
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import type { Options as ToMarkdownExtension } from 'mdast-util-to-markdown';
import type { Extension as MicromarkExtension } from 'micromark-util-types';
import type { Processor } from 'unified';
import { citationFromMarkdown } from './from-markdown.js';
import { citationSyntax } from './syntax.js';
import { citationToMarkdown } from './to-markdown.js';

export { citationFromMarkdown } from './from-markdown.js';
export { citationSyntax } from './syntax.js';
export { citationToMarkdown } from './to-markdown.js';
export { matchLocatorLabel, splitLocator } from './locator.js';
export type { SplitSuffix } from './locator.js';
export type { Citation, CitationItem, LocatorLabel } from './types.js';

/** The processor data fields remark-parse/remark-stringify read extensions from. */
interface RemarkExtensionData {
  micromarkExtensions?: MicromarkExtension[];
  fromMarkdownExtensions?: Array<FromMarkdownExtension | FromMarkdownExtension[]>;
  toMarkdownExtensions?: ToMarkdownExtension[];
}

/**
 * remark plugin: parse Pandoc citations into `citation` nodes (and write them back
 * when remark-stringify is used).
 */
export function remarkCitations(this: Processor): undefined {
  // Cast: `toMarkdownExtensions` is declared by remark-stringify, which we do not import.
  const data = this.data() as RemarkExtensionData;
  (data.micromarkExtensions ??= []).push(citationSyntax());
  (data.fromMarkdownExtensions ??= []).push(citationFromMarkdown());
  (data.toMarkdownExtensions ??= []).push(citationToMarkdown());
}
