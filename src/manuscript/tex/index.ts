/**
 * Raw TeX in Markdown (the commands authors paste from LaTeX): a micromark extension for
 * `\command` (syntax.ts), its mdast nodes (from-markdown.ts) and the transform that turns
 * them into Markdown's own nodes or warns (transform.ts).
 */
import type { Root } from 'mdast';
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import type { Extension as MicromarkExtension } from 'micromark-util-types';
import type { Processor } from 'unified';
import { texFromMarkdown } from './from-markdown.js';
import { texSyntax } from './syntax.js';
import { transformTex } from './transform.js';

export type { TexMessage, TexCommand, SmallCaps, DescriptionList, DescriptionItem } from './types.js';
export { transformTex } from './transform.js';

interface RemarkExtensionData {
  micromarkExtensions?: MicromarkExtension[];
  fromMarkdownExtensions?: Array<FromMarkdownExtension | FromMarkdownExtension[]>;
}

/** remark plugin: parse `\command`s and turn them into mdast; warnings in `tree.data.texMessages`. */
export function remarkTex(this: Processor): (tree: Root) => undefined {
  const data = this.data() as RemarkExtensionData;
  (data.micromarkExtensions ??= []).push(texSyntax());
  (data.fromMarkdownExtensions ??= []).push(texFromMarkdown());
  return (tree) => {
    transformTex(tree);
  };
}
