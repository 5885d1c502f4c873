/**
 * mdast-util-from-markdown extension: turns the citation tokens of `citationSyntax()`
 * into `citation` nodes.
 *
 * Items are assembled from a flat token stream (prefix, `-`, `@`, key, suffix, `;`)
 * rather than from per-item wrapper tokens, because in `@a [p. 3; @b]` the first item's
 * suffix sits inside a bracket the key is not in, so no single token could wrap it.
 */
import type { CompileContext, Extension, Token } from 'mdast-util-from-markdown';
import type { Point } from 'unist';
import { splitLocator } from './locator.js';
import type { Citation, CitationItem, PendingCitationItem } from './types.js';

/** Source text of prefixes/suffixes with line endings and runs of spaces collapsed. */
function collapse(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function point(token: Token, which: 'start' | 'end'): Point {
  const { line, column, offset } = token[which];
  return { line, column, offset };
}

function freshPending(): PendingCitationItem {
  return { prefix: '', suppressAuthor: false };
}

function currentCitation(context: CompileContext): Citation {
  const node = context.stack[context.stack.length - 1];
  if (!node || node.type !== 'citation') {
    throw new Error('citation token outside of a citation node');
  }
  return node;
}

function pending(context: CompileContext): PendingCitationItem {
  return (context.data.citationPending ??= freshPending());
}

function enterCitation(mode: Citation['mode']) {
  return function (this: CompileContext, token: Token): undefined {
    const node: Citation = { type: 'citation', mode, items: [] };
    this.enter(node, token);
    this.data.citationPending = freshPending();
  };
}

function exitCitation(this: CompileContext, token: Token): undefined {
  this.exit(token);
  this.data.citationPending = undefined;
}

function exitPrefix(this: CompileContext, token: Token): undefined {
  pending(this).prefix = collapse(this.sliceSerialize(token));
}

function exitSuppressMarker(this: CompileContext): undefined {
  pending(this).suppressAuthor = true;
}

function enterKeyMarker(this: CompileContext, token: Token): undefined {
  pending(this).start = point(token, 'start');
}

function exitKey(this: CompileContext, token: Token): undefined {
  const raw = this.sliceSerialize(token);
  const item = pending(this);
  const citationItem: CitationItem = {
    key: raw.startsWith('{') ? raw.slice(1, -1) : raw,
    prefix: item.prefix,
    suffix: '',
    suppressAuthor: item.suppressAuthor,
    position: { start: item.start ?? point(token, 'start'), end: point(token, 'end') },
  };
  currentCitation(this).items.push(citationItem);
  this.data.citationPending = freshPending();
}

function exitSuffix(this: CompileContext, token: Token): undefined {
  const items = currentCitation(this).items;
  const item = items[items.length - 1];
  if (!item) return;
  const { locator, label, suffix } = splitLocator(this.sliceSerialize(token));
  item.suffix = suffix;
  if (locator !== undefined && label !== undefined) {
    item.locator = locator;
    item.label = label;
  }
}

/** mdast-util-from-markdown extension that builds `citation` nodes. */
export function citationFromMarkdown(): Extension {
  return {
    enter: {
      citationParenthetical: enterCitation('parenthetical'),
      citationNarrative: enterCitation('narrative'),
      citationKeyMarker: enterKeyMarker,
    },
    exit: {
      citationParenthetical: exitCitation,
      citationNarrative: exitCitation,
      citationPrefix: exitPrefix,
      citationSuppressMarker: exitSuppressMarker,
      citationKey: exitKey,
      citationSuffix: exitSuffix,
    },
  };
}
