/**
 * Parse: Markdown to mdast with positions on every node (unified + remark), front matter
 * validated against its schema with messages at the YAML's own line and column.
 */
import type { Root, Yaml } from 'mdast';
import type { Node, Parent } from 'unist';
import type { SourcePos } from '../document/model.js';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { frontMatterSchema, normalizeFrontMatter, type FrontMatter } from '../config/front-matter.js';
import { readYaml, type Located } from '../config/yaml.js';
import type { Reporter } from '../messages/diagnostic.js';
import { remarkCitations } from './citation/index.js';
import { remarkPandocSpans } from './pandoc/spans.js';
import { remarkTex } from './tex/index.js';
import { remarkPandocDivs } from './pandoc/divs.js';
import { LIMITS, scanMarkdown } from './limits.js';
import { blankEquationLabels, mathPass } from './math.js';
import type { LoadedArticle } from './load.js';

export interface ParsedArticle {
  loaded: LoadedArticle;
  file: string;
  tree: Root;
  frontMatter: Located<FrontMatter>;
}

// Built once per process: the processor is reusable and freezing it is not free.
// GFM's single-tilde strikethrough is off, as in pandoc: `~2~` is a subscript (H~2~O).
const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm, { singleTilde: false })
  .use(remarkMath)
  .use(remarkCitations)
  .use(remarkPandocSpans)
  // After the spans, so that H~2~O is a subscript before `~` can be a tie.
  .use(remarkTex)
  .use(remarkPandocDivs)
  .freeze();

export function parseMarkdown(source: string): Root {
  const { text, labels } = blankEquationLabels(source);
  const tree = processor.runSync(processor.parse(text), text) as Root;
  mathPass(tree, text, labels);
  return tree;
}

/**
 * Parses text that keeps within the input limits (limits.ts), else reports where it does
 * not and returns null. Markup nested deeper than the limit is refused before remark's
 * transforms, which walk the tree recursively and would overflow the stack.
 */
export function parseWithinLimits(source: string, at: (line: number, column: number) => SourcePos, reporter: Reporter): Root | null {
  const problems = scanMarkdown(source).problems;
  for (const p of problems) reporter.error(p.message, p.rule, at(p.line, p.column));
  if (problems.length) return null;
  const { text, labels } = blankEquationLabels(source);
  const tree = processor.parse(text) as Root;
  const deep = tooDeepInline(tree);
  if (deep) {
    reporter.error(`Emphasis, links or other inline markup nested more than ${LIMITS.inlineNesting} deep`, 'nesting-too-deep', at(deep.line, deep.column));
    return null;
  }
  const done = processor.runSync(tree, text) as Root;
  // The raw-TeX transform cannot reach the reporter; its warnings wait on the tree.
  for (const m of done.data?.texMessages ?? []) reporter.warn(m.message, m.rule, at(m.position?.start.line ?? 1, m.position?.start.column ?? 1));
  if (done.data) delete done.data.texMessages;
  for (const p of mathPass(done, text, labels)) reporter.warn(p.message, p.rule, at(p.line, p.column));
  return done;
}

const INLINE_PARENTS = new Set(['emphasis', 'strong', 'delete', 'link', 'linkReference']);

/** Where inline markup first nests deeper than the limit, walking without recursion. */
function tooDeepInline(tree: Root): { line: number; column: number } | null {
  const stack: [Node, number][] = [[tree, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    const d = INLINE_PARENTS.has(node.type) ? depth + 1 : depth;
    if (d > LIMITS.inlineNesting) return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
    const children = (node as Parent).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], d]);
  }
  return null;
}

/** `defaultLang` is the first language, for manuscripts that name none (pandoc's and JOSS's). */
export function parseArticle(article: LoadedArticle, reporter: Reporter, defaultLang: 'en' | 'kk' | 'ru' = 'en'): ParsedArticle | null {
  const file = article.manuscript.path;
  const text = String(article.manuscript.value);
  if (text.trim() === '') {
    reporter.error('The manuscript is empty', 'manuscript-empty', { file });
    return null;
  }
  const tree = parseWithinLimits(text, (line, column) => ({ file, line, column }), reporter);
  if (!tree) return null;
  const yamlNode = tree.children[0]?.type === 'yaml' ? (tree.children[0] as Yaml) : undefined;
  if (!yamlNode) {
    reporter.error('The manuscript has no YAML front matter (a block between --- lines with at least a title)', 'front-matter-missing', { file });
    return null;
  }
  // The YAML's own positions start one line below the opening ---.
  const start = yamlNode.position?.start.line ?? 1;
  const raw = readYaml({ file, text: yamlNode.value, line: start + 1, column: 1 }, frontMatterSchema, reporter);
  if (!raw) return null;
  const frontMatter = normalizeFrontMatter(raw, defaultLang, reporter);
  // Title, subtitle and abstract are Markdown too (resolve parses them): the same limits.
  const fm = frontMatter.value;
  for (const key of ['title', 'subtitle', 'abstract'] as const) {
    const value = fm[key];
    if (value && !parseWithinLimits(value, () => frontMatter.at([key]), reporter)) return null;
  }
  tree.children.shift();
  // A title and nothing else is odd, not wrong: said, and built.
  if (!tree.children.some((n) => n.type !== 'definition' && n.type !== 'footnoteDefinition')) {
    reporter.warn('The article has no text after its front matter', 'manuscript-no-body', { file, line: yamlNode.position?.end.line ?? 1, column: 1 });
  }
  return { loaded: article, file, tree, frontMatter };
}
