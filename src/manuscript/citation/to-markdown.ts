/**
 * mdast-util-to-markdown extension: serializes `citation` nodes back to Pandoc syntax,
 * and escapes `@` in text where it would otherwise start a citation.
 */
import type { Options as ToMarkdownExtension, Handle } from 'mdast-util-to-markdown';
import { splitLocator } from './locator.js';
import type { Citation, CitationItem } from './types.js';

/** English term written for each label; each one parses back to the same label. */
const TERM: Readonly<Record<string, string>> = {
  act: 'act',
  algorithm: 'alg.',
  appendix: 'app.',
  book: 'bk.',
  canon: 'canon',
  chapter: 'chap.',
  column: 'col.',
  equation: 'eq.',
  figure: 'fig.',
  folio: 'fol.',
  issue: 'no.',
  line: 'l.',
  note: 'n.',
  opus: 'op.',
  page: 'p.',
  paragraph: 'para.',
  part: 'pt.',
  rule: 'rule',
  scene: 'sc.',
  section: 'sec.',
  'sub verbo': 's.v.',
  supplement: 'supp.',
  table: 'tbl.',
  verse: 'v.',
  version: 'version',
  volume: 'vol.',
};

const SIMPLE_KEY = /^[\p{L}\p{N}\p{M}_](?:[\p{L}\p{N}\p{M}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}\p{M}_])|[:/](?=\/))*$/u;

function serializeKey(key: string): string {
  return SIMPLE_KEY.test(key) ? key : `{${key}}`;
}

/** `, p. 3, suffix`: the text after a key, using `{...}` when the plain form would not parse back. */
function serializeTail(item: CitationItem): string {
  let tail = '';
  if (item.locator !== undefined) {
    const term = item.label !== undefined ? TERM[item.label] : undefined;
    const plain = `${term ?? ''} ${item.locator}`.trim();
    const parsed = splitLocator(`, ${plain}`);
    const label = item.label ?? 'page';
    tail = parsed.locator === item.locator && parsed.label === label && parsed.suffix === '' ? `, ${plain}` : `, {${plain}}`;
  }
  if (item.suffix !== '') tail += `, ${item.suffix}`;
  return tail;
}

function serializeItem(item: CitationItem): string {
  const prefix = item.prefix === '' ? '' : `${item.prefix} `;
  return `${prefix}${item.suppressAuthor ? '-' : ''}@${serializeKey(item.key)}${serializeTail(item)}`;
}

const handleCitation: Handle = function (node: Citation): string {
  const [first, ...rest] = node.items;
  if (!first) return '';
  // Narrative `-@key` is not parsed (see syntax.ts), so such an item is written in brackets.
  if (node.mode === 'parenthetical' || first.suppressAuthor) return `[${node.items.map(serializeItem).join('; ')}]`;
  // Narrative: `@key`, then the first item's locator/suffix and any further items in brackets.
  const inBracket = [serializeTail(first).replace(/^, /, ''), ...rest.map(serializeItem)];
  const bracket = inBracket.some((part) => part !== '') ? ` [${inBracket.join('; ')}]` : '';
  return `@${serializeKey(first.key)}${bracket}`;
};

const KEY_START = '[\\p{L}\\p{N}\\p{M}_{]';

/** mdast-util-to-markdown extension for `citation` nodes. */
export function citationToMarkdown(): ToMarkdownExtension {
  return {
    handlers: { citation: handleCitation },
    unsafe: [
      // Text `@key` would come back as a citation; `name@example.com` is fine.
      { character: '@', atBreak: true, after: KEY_START, unicode: true },
      { character: '@', before: `[^\\p{L}\\p{N}\\p{M}_]`, after: KEY_START, inConstruct: 'phrasing', unicode: true },
    ],
  };
}

