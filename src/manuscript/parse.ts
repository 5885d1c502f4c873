/**
 * Parse: Markdown to mdast with positions on every node (unified + remark), front matter
 * validated against its schema with messages at the YAML's own line and column.
 */
import type { Root, Yaml } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { frontMatterSchema, type FrontMatter } from '../config/front-matter.js';
import { readYaml, type Located } from '../config/yaml.js';
import type { Reporter } from '../messages/diagnostic.js';
import { remarkCitations } from './citation/index.js';
import type { LoadedArticle } from './load.js';

export interface ParsedArticle {
  loaded: LoadedArticle;
  file: string;
  tree: Root;
  frontMatter: Located<FrontMatter>;
}

// Built once per process: the processor is reusable and freezing it is not free.
const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkCitations).freeze();

export function parseMarkdown(text: string): Root {
  return processor.runSync(processor.parse(text)) as Root;
}

export function parseArticle(article: LoadedArticle, reporter: Reporter): ParsedArticle | null {
  const file = article.manuscript.path;
  const text = String(article.manuscript.value);
  if (text.trim() === '') {
    reporter.error('The manuscript is empty', 'manuscript-empty', { file });
    return null;
  }
  const tree = parseMarkdown(text);
  const yamlNode = tree.children[0]?.type === 'yaml' ? (tree.children[0] as Yaml) : undefined;
  if (!yamlNode) {
    reporter.error('The manuscript has no YAML front matter (a block between --- lines with at least title and lang)', 'front-matter-missing', { file });
    return null;
  }
  // The YAML's own positions start one line below the opening ---.
  const start = yamlNode.position?.start.line ?? 1;
  const frontMatter = readYaml({ file, text: yamlNode.value, line: start + 1, column: 1 }, frontMatterSchema, reporter);
  if (!frontMatter) return null;
  tree.children.shift();
  return { loaded: article, file, tree, frontMatter };
}
