/** What the resolve passes of one article share: its language, its ids, its messages. */
import type { Position } from 'unist';
import type { Inline, Lang, Note, SourcePos } from '../model.js';
import type { Reporter } from '../../messages/diagnostic.js';
import type { QuoteMarks } from '../../typography/quotes.js';
import type { Highlighter } from './highlight.js';

export interface ResolveContext {
  file: string;
  /** The article folder: images must lie inside it. */
  dir: string;
  slug: string;
  lang: Lang;
  quotes: QuoteMarks;
  /** The template's quotation marks for another language (spans in another language). */
  quotesFor?: (lang: Lang) => QuoteMarks | undefined;
  reporter: Reporter;
  /** Formatted citation clusters by the mdast node they came from. */
  citations: Map<object, { id: string; targets: string[]; children: Inline[] }>;
  /** Footnote definitions by identifier, and their numbers in order of first call. */
  noteDefinitions: Map<string, { node: object; pos: SourcePos }>;
  noteNumbers: Map<string, string>;
  notes: Note[];
  /** How deep in notes called from notes the resolver is, and note bodies left for later (notes.ts). */
  noteDepth?: number;
  deferredNotes?: (() => void)[];
  headingIds: Set<string>;
  /** Display formulas so far, the last equation number given, the labels seen (math.ts). */
  equations?: { count: number; number: number; labels: Set<string> };
  /** Code: the highlighter (loaded only when some fence names a language) and the tab stops. */
  highlighter?: Highlighter;
  tab?: number;
}

export function toPos(ctx: { file: string }, position: Position | undefined): SourcePos {
  return { file: ctx.file, line: position?.start.line ?? 1, column: position?.start.column ?? 1 };
}
