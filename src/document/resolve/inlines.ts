/**
 * mdast phrasing content to our rich-text inlines, with the language's typography applied
 * once here (quotes, dashes, no-break spaces) so both renderers print the same characters.
 */
import type { PhrasingContent } from 'mdast';
import { LANGS, type Inline, type Lang } from '../model.js';
import { QuoteState, smartDashes } from '../../typography/quotes.js';
import { insertNoBreakSpaces } from '../../typography/spaces.js';
import { type ResolveContext, toPos } from './context.js';
import { resolveNoteCall } from './notes.js';
import { sanitizeInlineHtml, checkUrl, type Wrapper } from './safety.js';
import { mergeText, inlineText } from '../inlines.js';
import { encodeUri } from '../uri.js';
import '../../manuscript/tex/types.js';
import '../../manuscript/crossref/types.js';
import { resolveInlineMath } from './math.js';

export { inlineText };

interface InlineState {
  quotes: QuoteState;
  last: string;
  /** Open inline HTML wrappers (<sup>, <sub>, <span lang>) waiting for their close tag. */
  stack: Wrapper[];
}

export function resolveInlines(nodes: PhrasingContent[], ctx: ResolveContext): Inline[] {
  const state: InlineState = { quotes: new QuoteState(ctx.quotes), last: '', stack: [] };
  const out: Inline[] = [];
  convertInto(nodes, ctx, state, out);
  // An unclosed <sup> keeps its content rather than losing words.
  while (state.stack.length) {
    const open = state.stack.pop()!;
    (state.stack.length ? state.stack[state.stack.length - 1].children : out).push(open);
  }
  return mergeText(out);
}

function typeset(value: string, state: InlineState): string {
  const text = insertNoBreakSpaces(state.quotes.convert(smartDashes(value.normalize('NFC')), state.last));
  if (text.length) state.last = text[text.length - 1];
  return text;
}

/**
 * Children of emphasis, links and spans, with wrappers of their own but the paragraph's
 * quote context: the character before a quote mark after `*…*` is the emphasis's last.
 */
function nested(nodes: PhrasingContent[], ctx: ResolveContext, state: InlineState, out: Inline[], quotes?: QuoteState): void {
  const inner: InlineState = { quotes: quotes ?? state.quotes, last: state.last, stack: [] };
  convertInto(nodes, ctx, inner, out);
  state.last = inner.last;
}

function convertInto(nodes: PhrasingContent[], ctx: ResolveContext, state: InlineState, out: Inline[]): void {
  const target = () => (state.stack.length ? state.stack[state.stack.length - 1].children : out);
  for (const node of nodes) {
    const pos = toPos(ctx, node.position);
    switch (node.type) {
      case 'text': {
        // GFM leaves a call to an undefined note as text; the author meant a note.
        const call = /\[\^([^\]\s]+)\]/.exec(node.value);
        if (call) {
          const before = node.value.slice(0, call.index);
          const nl = before.lastIndexOf('\n');
          const at = nl < 0 ? { ...pos, column: pos.column + call.index } : { ...pos, line: pos.line + before.split('\n').length - 1, column: call.index - nl };
          ctx.reporter.warn(`Footnote [^${call[1]}] has no definition; printed as text`, 'footnote-undefined', at);
        }
        target().push({ type: 'text', value: typeset(node.value.replace(/[ \t]*\n[ \t]*/g, ' '), state), pos });
        break;
      }
      case 'emphasis':
      case 'strong': {
        const children: Inline[] = [];
        nested(node.children, ctx, state, children);
        target().push({ type: node.type, children: mergeText(children), pos });
        break;
      }
      case 'delete': {
        // Struck text has no print meaning in an article; keep the words, say so.
        ctx.reporter.warn('Strikethrough is printed as plain text', 'markdown-strikethrough', pos);
        convertInto(node.children, ctx, state, target());
        break;
      }
      case 'superscript':
      case 'subscript': {
        const children: Inline[] = [];
        nested(node.children, ctx, state, children);
        target().push({ type: node.type, children: mergeText(children), pos });
        break;
      }
      case 'span': {
        // Pandoc's bracketed spans: small caps and language are kept; other classes
        // (underline, highlight) have no print form here, so their words stand plain.
        const children: Inline[] = [];
        const { classes, values } = node.attributes;
        const lang = values.lang?.toLowerCase().split(/[-_]/)[0];
        const sub = lang && (LANGS as readonly string[]).includes(lang) ? { ...ctx, lang: lang as Lang, quotes: ctx.quotesFor?.(lang as Lang) ?? ctx.quotes } : ctx;
        // Quotes inside take the span's language: „…“ in a Russian phrase of a Kazakh article.
        nested(node.children, sub, state, children, sub === ctx ? undefined : new QuoteState(sub.quotes));
        let result: Inline[] = mergeText(children);
        if (classes.includes('sc') || classes.includes('smallcaps') || values.style?.includes('small-caps')) result = [{ type: 'smallcaps', children: result, pos }];
        if (lang && sub !== ctx) result = [{ type: 'lang', lang: lang as Lang, children: result, pos }];
        else if (lang) ctx.reporter.warn(`Language ‘${values.lang}’ is not one Baspa typesets (en, kk, ru); the span is set in the article's language`, 'span-language', pos);
        target().push(...result);
        break;
      }
      case 'inlineCode':
        target().push({ type: 'code', value: node.value, pos });
        state.last = node.value.slice(-1);
        break;
      case 'break':
        target().push({ type: 'break', pos });
        break;
      case 'inlineMath':
        target().push(resolveInlineMath(node, pos, ctx));
        state.last = 'x';
        break;
      case 'link': {
        const children: Inline[] = [];
        nested(node.children, ctx, state, children);
        if (checkUrl(node.url, ctx, pos)) target().push({ type: 'link', url: encodeUri(node.url), children: mergeText(children), pos });
        else target().push(...children);
        break;
      }
      case 'linkReference':
      case 'imageReference':
        // An undefined reference is just bracketed text for the reader.
        target().push({ type: 'text', value: typeset(`[${'children' in node ? plain(node.children) : node.alt ?? ''}]`, state), pos });
        break;
      case 'image':
        ctx.reporter.error('Images must stand alone in their own paragraph', 'image-inline', pos);
        break;
      case 'footnoteReference': {
        const ref = resolveNoteCall(node.identifier, pos, ctx);
        if (ref) target().push(ref);
        break;
      }
      case 'html':
        sanitizeInlineHtml(node.value, pos, ctx, state.stack, target);
        break;
      case 'smallCaps': {
        const children: Inline[] = [];
        nested(node.children, ctx, state, children);
        target().push({ type: 'smallcaps', children: mergeText(children), pos });
        break;
      }
      case 'crossRef':
        // Until cross-references are resolved (labels of figures, tables, equations, sections),
        // the reader sees a marked gap and the author a warning, never the TeX.
        ctx.reporter.warn(`Cross-reference ‘${node.label}’ cannot be resolved yet; printed as ‘?’`, 'crossref-unresolved', pos);
        target().push({ type: 'text', value: '?', pos });
        state.last = '?';
        break;
      case 'texLabel':
        break;
      case 'citation': {
        const formatted = ctx.citations.get(node);
        if (formatted) {
          // Tied to the word before it, as LaTeX's ~\cite: "[8]." never stands alone on a line.
          const before = target()[target().length - 1];
          if (before?.type === 'text' && / $/.test(before.value)) before.value = `${before.value.slice(0, -1)}\u00a0`;
          target().push({ type: 'citation', id: formatted.id, targets: formatted.targets, children: formatted.children, pos });
          state.last = ']';
        }
        break;
      }
      default:
        break;
    }
  }
}

function plain(nodes: PhrasingContent[]): string {
  return nodes.map((n) => ('value' in n ? n.value : 'children' in n ? plain(n.children as PhrasingContent[]) : '')).join('');
}
